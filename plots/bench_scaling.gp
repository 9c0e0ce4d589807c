# plots/bench_scaling.gp: time against size for the scaling series, log-log,
# with the fitted slope next to the exponent the flop count predicts:
# sample-space GD step 2n²m (m fixed: 2), H∞ + λ₀ (4/3)n³ (3); the legend below. A run that
# --filter left without a series (or with one point) draws what it has.
file = results.'/latest.csv'
set logscale xy
set format y logfmt
set xlabel 'n'
set xtics (250, 500, 1000, 2000, 4000)
set offsets graph 0.03, graph 0.03, 0, 0
set ylabel L('median time per call (s)', 'median time per call (s)')
set key below left Left reverse
set title ttl('Scaling of the heavy kernels', 'Scaling of the heavy kernels')
series(s) = stringcolumn('series') eq s
# Points of each series, then a slope only where there are two or more.
stats file using (series('gd_step_sample') ? 1 : 0) nooutput
n_gd = STATS_sum
stats file using (series('hinf_lambda0') ? 1 : 0) nooutput
n_h = STATS_sum
slope_gd = NaN; slope_h = NaN
if (n_gd >= 2) {
    stats file using (series('gd_step_sample') ? log(column('size')) : NaN):(log(column('median_s'))) nooutput
    slope_gd = STATS_slope
}
if (n_h >= 2) {
    stats file using (series('hinf_lambda0') ? log(column('size')) : NaN):(log(column('median_s'))) nooutput
    slope_h = STATS_slope
}
slope_text(s, k) = k >= 2 ? sprintf('slope %.2f', s) : sprintf('%d point%s, no slope', k, k == 1 ? '' : 's')
t_gd = L('GD step: ', 'GD step: ') . slope_text(slope_gd, n_gd) . ', flop count 2'
t_h = L('$H^\infty + \lambda_0$: ', 'H^∞ + λ_0: ') . slope_text(slope_h, n_h) . ', flop count 3'
if (n_gd + n_h == 0) {
    # Nothing to scale: an empty frame that says so, rather than a gnuplot error.
    unset logscale
    set xrange [0:1]; set yrange [0:1]
    unset xtics; unset ytics
    set label 1 L('no scaling series in this run (--filter?)', 'no scaling series in this run (--filter?)') at 0.5, 0.5 center
    plot NaN notitle
} else {
    # A single point: no fixed autoscale (a zero range), a decade around it.
    if (n_gd < 2 && n_h < 2) { set autoscale; set offsets graph 0.5, graph 0.5, graph 0.5, graph 0.5 }
    plot file using (series('gd_step_sample') ? column('size') : NaN):'median_s' with linespoints pt 7 lc rgb '#3b528b' \
            title (n_gd > 0 ? t_gd : ''), \
         file using (series('hinf_lambda0') ? column('size') : NaN):'median_s' with linespoints pt 5 lc rgb '#21918c' \
            title (n_h > 0 ? t_h : '')
}
