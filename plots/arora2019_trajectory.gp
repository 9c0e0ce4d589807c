# plots/arora2019_trajectory.gp: P5.T4.1. ‖y − u(k)‖ for true and random labels at the
# largest width, against Theorem 4.1's eigen-projection prediction
# sqrt(Σ_i (1 − ηλ_i)^{2k} (v_iᵀ(y − u(0)))²), and the net linearised at W(0), whose kernel
# is H(0) (dotted): GD's gap to the dotted line is what activation patterns that flip add.
file = results.'/trace.csv'
eval distinct('widths', "results.'/runs.csv'", 1)
eval distinct('reps', "results.'/runs.csv'", 2)
R = words(reps)
M = word(widths, words(widths)) + 0
colour(lab) = lab == 0 ? '#21918c' : '#c8b41a'
set logscale y
set format y logfmt
set xlabel L('iteration $k$', 'iteration k')
set ylabel L('$\|y-u(k)\|$', '‖y − u(k)‖')
set title ttl('P5.T4.1: GD vs $H^\infty$ eigen-projections', 'P5.T4.1: GD vs H^∞ eigen-projections')
set key bottom left
plot for [lab=0:1] for [j=1:R] file using 'iter':(column('m') == M && column('replicate') == word(reps, j) + 0 && column('random_labels') == lab ? \
        column('residual') : NaN) with lines lw 1.5 lc rgb colour(lab) \
        title rep_title(j, lab == 0 ? sprintf(L('true labels, $m=%.0f$', 'true labels, m = %.0f'), M) : L('random labels', 'random labels')), \
     for [lab=0:1] for [j=1:R] file using 'iter':(column('m') == M && column('replicate') == word(reps, j) + 0 && column('random_labels') == lab ? \
        column('predicted') : NaN) with lines dt 2 lw 1.5 lc 'black' title rep_title(j, lab == 0 ? L('Theorem 4.1 (dashed)', 'Theorem 4.1 (dashed)') : ''), \
     for [lab=0:1] for [j=1:R] file using 'iter':(column('m') == M && column('replicate') == word(reps, j) + 0 && column('random_labels') == lab ? \
        column('linearised') : NaN) with lines dt 3 lw 1.5 lc rgb colour(lab) \
        title rep_title(j, lab == 0 ? L('linearised at $W(0)$ (dotted)', 'linearised at W(0) (dotted)') : '')
