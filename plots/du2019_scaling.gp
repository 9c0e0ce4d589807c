# plots/du2019_scaling.gp: how far GD moves, against width: the largest distance from
# init and the fraction of patterns ever flipped, with a 1/√m reference (log-log).
file = results.'/widths.csv'
set logscale xy
set format y '10^{%T}'
set xlabel 'width m'
set ylabel 'after all iterations'
set title 'Both shrink like 1/√m'
stats file using (log(column('m'))):(log(column('max_dist_from_init'))) nooutput
a_dist = STATS_slope; b_dist = STATS_intercept
stats file using (log(column('m'))):(log(column('ever_flipped_fraction'))) nooutput
a_flip = STATS_slope; b_flip = STATS_intercept
m0 = STATS_min_x
ref(m) = exp(b_dist + a_dist * m0) * exp(-0.5 * (log(m) - m0))
set key top right
plot file using 'm':'max_dist_from_init' with linespoints pt 7 lc rgb '#3b528b' \
        title sprintf('max_r ‖w_r − w_r(0)‖ (slope %.2f)', a_dist), \
     file using 'm':'ever_flipped_fraction' with linespoints pt 5 lc rgb '#21918c' \
        title sprintf('fraction of patterns ever flipped (slope %.2f)', a_flip), \
     ref(x) with lines dt 2 lc 'black' title 'm^{−1/2}'
