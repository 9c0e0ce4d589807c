# plots/arora2019_trajectory.gp: P5.T4.1. ‖y − u(k)‖ for true and random labels at the
# largest width, against Theorem 4.1's eigen-projection prediction
# sqrt(Σ_i (1 − ηλ_i)^{2k} (v_iᵀ(y − u(0)))²), and the net linearised at W(0), whose kernel
# is H(0) (dotted): GD's gap to the dotted line is what activation patterns that flip add.
file = results.'/trace.csv'
eval distinct('widths', "results.'/runs.csv'", 1)
M = word(widths, words(widths)) + 0
colour(lab) = lab == 0 ? '#21918c' : '#c8b41a'
set logscale y
set format y '10^{%T}'
set xlabel 'iteration k'
set ylabel '‖y − u(k)‖'
set title sprintf('GD follows H_∞ eigen-projections (Arora et al. 2019), m = %.0f', M)
set key bottom left
plot for [lab=0:1] file using 'iter':(column('m') == M && column('replicate') == 0 && column('random_labels') == lab ? \
        column('residual') : NaN) with lines lw 1.5 lc rgb colour(lab) \
        title (lab == 0 ? 'true labels, GD' : 'random labels, GD'), \
     for [lab=0:1] file using 'iter':(column('m') == M && column('replicate') == 0 && column('random_labels') == lab ? \
        column('predicted') : NaN) with lines dt 2 lw 1.5 lc 'black' title (lab == 0 ? 'prediction (Theorem 4.1)' : ''), \
     for [lab=0:1] file using 'iter':(column('m') == M && column('replicate') == 0 && column('random_labels') == lab ? \
        column('linearised') : NaN) with lines dt 3 lw 1.5 lc rgb colour(lab) \
        title (lab == 0 ? 'linearised at W(0), H(0)' : '')
