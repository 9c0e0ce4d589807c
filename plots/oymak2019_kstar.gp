# plots/oymak2019_kstar.gp: P2.T2.k. k*, the smallest width from which
# σ_min(Φ)/√k ≥ α/2 held for every seed, against n (log-log); grey dots are each
# seed's own k*. References scaled to k* at the smallest n: n, n log n, and
# Theorem 2's n log(n) log(k)/α².
file = results.'/kstar.csv'
# per n: k* of every seed, the largest seed's k* (NaN if a seed has none; n left out if
# no seed has one) and α, in one stats pass into arrays, written out as the datablock $table
eval distinct('nlist', 'file', 1)
N = words(nlist)
array kmax[N]
array bad[N]
array alpha[N]
do for [i=1:N] { kmax[i] = NaN; bad[i] = 0; alpha[i] = '' }
stats file using (i = position(nlist, column('n')), \
        strcol('kstar') eq 'NaN' ? bad[i] = 1 : (kmax[i] == kmax[i] && kmax[i] >= column('kstar') ? 0 : kmax[i] = column('kstar')), \
        alpha[i] = strcol('alpha'), 0) nooutput
set print $table
print 'n,kstar,alpha'
do for [i=1:N] { if (kmax[i] == kmax[i]) { print sprintf('%s,%s,%s', word(nlist, i), bad[i] ? 'NaN' : sprintf('%.17g', kmax[i]), alpha[i]) } }
set print
table = '$table'
stats table using 'n' nooutput
n0 = STATS_min
n1 = STATS_max
stats table using (column('n') == n0 ? column('kstar') : NaN) nooutput
k0 = STATS_min
stats table using (column('n') == n0 ? column('alpha') : NaN) nooutput
a0 = STATS_min
ref_n(n) = k0 * n / n0
ref_nlogn(n) = k0 * n * log(n) / (n0 * log(n0))
thm(n, k, a) = n * log(n) * log(k) / a**2
set logscale xy
set xlabel L('samples $n$', 'samples n')
set ylabel L('width $k$', 'width k')
set format y '%g'
set title ttl('P2.T2.k: $k^*$ vs $n\log(n)\log(k)/\alpha^2$', 'P2.T2.k: k* vs n log(n) log(k)/α^2')
set key top left
set xrange [n0 / 1.3:n1 * 1.3]
set offsets 0, 0, graph 0.05, graph 0.05
set xtics ()
do for [w in nlist] { set xtics add (w w + 0) }
plot file using 'n':'kstar' with points pt 7 ps 0.4 lc 'gray60' title L('$k^*$ of each seed', 'k* of each seed'), \
     table using 'n':'kstar' with linespoints pt 7 ps 1.2 lw 2 lc rgb '#3b528b' title L('$k^*$ (every seed)', 'k* (every seed)'), \
     table using 'n':(ref_n(column('n'))) with lines dt 2 lw 1.2 lc 'black' title L('$n$ (scaled)', 'n (scaled)'), \
     table using 'n':(ref_nlogn(column('n'))) with lines dt 4 lw 1.2 lc rgb '#21918c' title L('$n\log n$ (scaled)', 'n log n (scaled)'), \
     table using 'n':(k0 * thm(column('n'), column('kstar'), column('alpha')) / thm(n0, k0, a0)) \
        with lines dt 3 lw 1.5 lc rgb '#c8b41a' title L('$n\log(n)\log(k)/\alpha^2$ (scaled)', 'n log(n) log(k)/α^2 (scaled)')
