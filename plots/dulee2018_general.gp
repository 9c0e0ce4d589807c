# plots/dulee2018_general.gp: generalisation gap L_te − L_tr of weight-decayed networks
# (logistic loss, k = d, Gaussian inputs) against n: every training set (points), the mean
# over them (line), and the √(d/n) rate of Theorem 4.4 anchored at the first mean (log-log).
file = results.'/general.csv'
# the mean gap and rate of each n, summed per n in one stats pass, into a datablock
eval distinct('ns', 'file', 1)
N = words(ns)
array gsum[N]
array rsum[N]
array cnt[N]
do for [i=1:N] { gsum[i] = 0; rsum[i] = 0; cnt[i] = 0 }
stats file using (i = position(ns, column('n')), gsum[i] = gsum[i] + column('gap'), rsum[i] = rsum[i] + column('rate'), cnt[i] = cnt[i] + 1, 0) nooutput
set print $means
print 'n,gap,rate'
do for [i=1:N] { print sprintf('%s,%.17g,%.17g', word(ns, i), gsum[i] / cnt[i], rsum[i] / cnt[i]) }
set print
means = '$means'
stats means using (log($1)):(log($2 > 0 ? $2 : NaN)) nooutput
slope = STATS_slope
stats means using 1:2 nooutput
n0 = STATS_min_x
stats means using ($1 == n0 ? $2 : NaN) nooutput
g0 = STATS_max
d = NaN
stats file using (d == d ? d : (d = column('d')), 0) nooutput
set logscale xy
set format y logfmt
set xlabel L('training samples $n$', 'training samples n')
set ylabel L('$L_{\mathrm{te}} - L_{\mathrm{tr}}$ (logistic)', 'L_{te} − L_{tr} (logistic)')
set title ttl(sprintf('Thm 4.4: gap vs $\sqrt{d/n}$, $d=k=%.0f$', d), sprintf('Thm 4.4: gap vs √(d/n), d = k = %.0f', d))
set key bottom left
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
plot file using 'n':(column('gap') > 0 ? column('gap') : NaN) with points pt 6 ps 0.7 lc rgb '#9fb7d9' title L('one training set', 'one training set'), \
     means using 1:($2 > 0 ? $2 : NaN) with linespoints pt 7 lw 2 lc rgb '#1f5fa8' title sprintf(L('mean (fitted slope $%.2f$)', 'mean (fitted slope %.2f)'), slope), \
     g0 * sqrt(n0 / x) with lines dt 2 lw 1.5 lc 'black' title L('$\sqrt{d/n}$ rate (slope $-1/2$)', '√(d/n) rate (slope −1/2)')
