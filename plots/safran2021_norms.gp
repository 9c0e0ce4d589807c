# plots/safran2021_norms.gp: P4.d's norm condition Σ_i‖w_i‖ ≤ k, as a histogram of
# Σ_i‖w_i‖ − k over the runs that ended at a spurious minimum of k = n (the minima
# P4.d splits). The dashed line is the condition's boundary 0.
file = results.'/runs.csv'
spur(c) = column('class') == 1 && column('k') == column('n') ? c : NaN
stats file using (spur(column('sum_norms_minus_k'))) nooutput
lo = STATS_min < 0 ? STATS_min : 0
hi = STATS_max > 0 ? STATS_max : 0
binw = (hi - lo) / 50.0
bin(x) = binw * floor(x / binw) + binw / 2
set xrange [lo - 2 * binw : hi + 2 * binw]
set xlabel L('$\sum_i \|w_i\| - k$ at the spurious minimum ($k=n$)', 'Σ_i ‖w_i‖ − k at the spurious minimum (k = n)')
set ylabel L('runs', 'runs')
nruns = STATS_records
set title ttl(sprintf('P4.d: $\sum_i \|w_i\| \le k$ at spurious minima (%d runs)', nruns), sprintf('P4.d: Σ_i‖w_i‖ ≤ k at spurious minima (%d runs)', nruns))
set style fill solid 0.6 noborder
set boxwidth binw * 0.9
set key at graph 0.92, graph 0.98 right top
set xtics rotate by 30 right
set arrow from 0, graph 0 to 0, graph 1 nohead dt 2 lc 'black'
plot file using (bin(spur(column('sum_norms_minus_k')))):(1) smooth frequency with boxes lc palette frac 0 \
        title L('spurious minima, $k=n$', 'spurious minima, k = n'), \
     NaN with lines dt 2 lc 'black' title L('$\sum_i\|w_i\|=k$', 'Σ_i‖w_i‖ = k')
