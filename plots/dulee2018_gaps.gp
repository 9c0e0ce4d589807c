# plots/dulee2018_gaps.gp: histogram of the final objective gap L(W) − f* (nonconvex SOSP
# minus the certified lower bound f*_lo = f(M) − gap_bound(M) of the convex optimum) per
# regime, both losses pooled. The global SOSPs sit at 1e-12..1e-8, the size of that
# certificate; gaps at or below 1e-16 are put in the first bin.
file = results.'/sosp.csv'
floor_gap = 1e-16
w = 0.5
bin(x) = w * floor(x / w) + w / 2
lg(g) = log10(g > floor_gap ? g : floor_gap)
names = tex ? "'$k \\ge d$ (Thm 3.1)' '$k(k+1)/2>n$, $k<d$, with $C$ (Thm 3.2)' '$k(k+1)/2>n$, $k<d$, $C=0$' 'below both thresholds'" \
             : "'k ≥ d (Thm 3.1)' 'k(k+1)/2 > n, k < d, with C (Thm 3.2)' 'k(k+1)/2 > n, k < d, C = 0' 'below both thresholds'"
groups = '1 2 4 3'
colours = "'#1f5fa8' '#21918c' '#8fbf6a' '#d1495b'"
do for [i = 1:4] {
    stats file using (column('outcome') == 0 && column('group') == word(groups, i) + 0 ? 1 : NaN) nooutput
    eval sprintf('count%d = STATS_records', i)
}
set xlabel L('$\log_{10}(L(W)-f^*_{\mathrm{lo}})$ ($\le -16$: zero to rounding)', 'log_{10}(L(W) − f^*_{lo}) (≤ −16: zero to rounding)')
set ylabel L('fraction of SOSPs', 'fraction of SOSPs')
set title ttl('Thms 3.1, 3.2: SOSP objective gaps', 'Thms 3.1, 3.2: SOSP objective gaps')
set xrange [-16.5:0.5]
set xtics 2
set yrange [0:*]
eval term_scaled(1, 1.3)
set key below maxcols 1
set offsets 0, 0, graph 0.05, 0
set boxwidth w absolute
set style fill transparent solid 0.3 border
plot for [i = 1:4] file using (column('outcome') == 0 && column('group') == word(groups, i) + 0 ? bin(lg(column('gap'))) : NaN):(1.0 / value(sprintf('count%d', i))) \
        smooth frequency with boxes lc rgb word(colours, i) title sprintf('%s (%d)', word(names, i), value(sprintf('count%d', i)))
