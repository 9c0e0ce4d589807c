# plots/bench_scaling.gp: time against size for the scaling series, log-log,
# with the fitted slope next to the exponent the flop count predicts:
# sample-space GD step 2n²m (m fixed: 2), H∞ + λ₀ (4/3)n³ (3).
file = results.'/latest.csv'
set logscale xy
set format y '10^{%T}'
set xlabel 'n'
set ylabel 'median time per call (s)'
set key top left
set title 'Scaling of the heavy kernels'
series(s) = stringcolumn('series') eq s
stats file using (series('gd_step_sample') ? log(column('size')) : NaN):(log(column('median_s'))) nooutput
slope_gd = STATS_slope
stats file using (series('hinf_lambda0') ? log(column('size')) : NaN):(log(column('median_s'))) nooutput
slope_h = STATS_slope
plot file using (series('gd_step_sample') ? column('size') : NaN):'median_s' with linespoints pt 7 lc rgb '#3b528b' \
        title sprintf('ReLU GD step, sample space: slope %.2f (flops: 2)', slope_gd), \
     file using (series('hinf_lambda0') ? column('size') : NaN):'median_s' with linespoints pt 5 lc rgb '#21918c' \
        title sprintf('H_∞ + λ_0: slope %.2f (flops: 3)', slope_h)
