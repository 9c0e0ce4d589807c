# plots/du2019_scaling.gp: how far GD moves, against width: the largest distance from
# init (left axis) and the fraction of patterns ever flipped (right axis), every
# replicate, each with a 1/√m reference through its mean at the smallest m (log-log).
file = results.'/widths.csv'
set logscale x
# base 2: the data span less than a decade, so powers of 10 would give one tic
set logscale y 2
set logscale y2 2
set format y '%.2g'
set format y2 '%.2g'
set y2tics
set ytics nomirror
set autoscale y2fix
set xlabel L('width $m$', 'width m')
set ylabel L('$\max_r \|w_r-w_r(0)\|$', 'max_r ‖w_r − w_r(0)‖') tc rgb '#3b528b'
set y2label L('fraction ever flipped', 'fraction ever flipped') tc rgb '#21918c'
set title ttl('P3.C4.1, P3.L4.1: both vs $m^{-1/2}$', 'P3.C4.1, P3.L4.1: both vs m^{−1/2}')
stats file using (log(column('m'))):(log(column('max_dist_from_init'))) nooutput
a_dist = STATS_slope
m0 = STATS_min_x
stats file using (log(column('m')) == m0 ? column('max_dist_from_init') : NaN) nooutput
d0 = STATS_mean
stats file using (log(column('m'))):(log(column('ever_flipped_fraction'))) nooutput
a_flip = STATS_slope
stats file using (log(column('m')) == m0 ? column('ever_flipped_fraction') : NaN) nooutput
f0 = STATS_mean
set key bottom left
set offsets graph 0.04, graph 0.04, graph 0.04, graph 0.04
plot file using 'm':'max_dist_from_init' with points pt 7 lc rgb '#3b528b' \
        title sprintf(L('distance (fitted slope $%.2f$)', 'distance (fitted slope %.2f)'), a_dist), \
     file using 'm':'ever_flipped_fraction' axes x1y2 with points pt 5 lc rgb '#21918c' \
        title sprintf(L('flipped (fitted slope $%.2f$)', 'flipped (fitted slope %.2f)'), a_flip), \
     d0 * exp(-0.5 * (log(x) - m0)) with lines dt 2 lc rgb '#3b528b' title L('$m^{-1/2}$ (dashed)', 'm^{−1/2} (dashed)'), \
     f0 * exp(-0.5 * (log(x) - m0)) axes x1y2 with lines dt 2 lc rgb '#21918c' notitle
