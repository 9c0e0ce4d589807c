# plots/du2019_distance.gp: P3.C4.1. max_r ‖w_r(k) − w_r(0)‖ vs iteration for each
# width m (solid), and Corollary 4.1's radius R' for the same m (dashed).
file = results.'/trace.csv'
eval distinct('widths', "results.'/widths.csv'", 1)
N = words(widths)
set logscale y
set format y '10^{%T}'
set xlabel 'iteration k'
set ylabel 'max_r ‖w_r(k) − w_r(0)‖'
set title "Neurons stay near their initialisation (dashed: R' = 4√n‖y − u(0)‖ / (√m λ_0))"
set key at graph 1, graph 0.62 right
plot for [i=1:N] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == 0 && column('iter') > 0 ? column('max_dist_from_init') : NaN) \
        with lines lw 1.5 lc palette frac sweep(i, N) title sprintf('m = %s', word(widths, i)), \
     for [i=1:N] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == 0 ? column('radius_Rprime') : NaN) \
        with lines dt 2 lw 1 lc palette frac sweep(i, N) notitle
