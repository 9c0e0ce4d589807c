# plots/du2019_distance.gp: P3.C4.1. max_r ‖w_r(k) − w_r(0)‖ vs iteration for each
# width m (solid, every replicate), and Corollary 4.1's radius R' for the same m (dashed).
file = results.'/trace.csv'
eval distinct('widths', "results.'/widths.csv'", 1)
eval distinct('reps', "results.'/widths.csv'", 2)
N = words(widths)
R = words(reps)
set logscale y
set format y logfmt
set xlabel L('iteration $k$', 'iteration k')
set ylabel L('$\max_r \|w_r(k)-w_r(0)\|$', 'max_r ‖w_r(k) − w_r(0)‖')
set title ttl("P3.C4.1: $\\max_r \\|w_r(k)-w_r(0)\\| \\le R'$", "P3.C4.1: max_r ‖w_r(k) − w_r(0)‖ ≤ R'")
set key at graph 1, graph 0.71 right top maxrows 3
plot for [i=1:N] for [j=1:R] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == word(reps, j) + 0 && column('iter') > 0 ? column('max_dist_from_init') : NaN) \
        with lines lw 1.5 lc palette frac sweep(i, N) title rep_title(j, sprintf(L('$m=%s$', 'm = %s'), word(widths, i))), \
     for [i=1:N] for [j=1:R] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == word(reps, j) + 0 ? column('radius_Rprime') : NaN) \
        with lines dt 2 lw 1 lc palette frac sweep(i, N) notitle, \
     NaN with lines dt 2 lw 1 lc 'black' title L("$R'$ (dashed)", "R' (dashed)")
