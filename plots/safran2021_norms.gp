# plots/safran2021_norms.gp: P4.d's norm condition Σ_i‖w_i‖ ≤ k, as a histogram of
# Σ_i‖w_i‖ − k over the runs that ended at a spurious minimum, by student size.
# The dashed line is the condition's boundary 0.
file = results.'/runs.csv'
stats file using (column('class') == 1 ? column('sum_norms_minus_k') : NaN) nooutput
lo = STATS_min < 0 ? STATS_min : 0
hi = STATS_max > 0 ? STATS_max : 0
binw = (hi - lo) / 40.0
bin(x) = binw * floor(x / binw) + binw / 2
set xrange [lo - 2 * binw : hi + 2 * binw]
set xlabel 'Σ_i ‖w_i‖ − k at the spurious minimum'
set ylabel 'runs'
set title 'The norm condition of the split construction: Σ_i‖w_i‖ ≤ k'
set style fill solid 0.6 noborder
set boxwidth binw * 0.9
set key top left
set arrow from 0, graph 0 to 0, graph 1 nohead dt 2 lc 'black'
extra(j) = j == 0 ? 'k = n' : sprintf('k = n + %d', j)
plot for [j=0:2] file using (column('class') == 1 && column('k') - column('n') == j ? bin(column('sum_norms_minus_k')) : NaN):(1) \
        smooth frequency with boxes lc palette frac j / 2.0 title extra(j)
