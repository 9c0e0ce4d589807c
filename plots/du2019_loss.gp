# plots/du2019_loss.gp: P3.T4.1. Training loss vs iteration for each width m,
# against Theorem 4.1's rate (1 − ηλ₀/2)^k.
file = results.'/trace.csv'
eval distinct('widths', "results.'/widths.csv'", 1)
N = words(widths)
set logscale y
set format y '10^{%T}'
set xlabel 'iteration k'
set ylabel '‖u(k) − y‖² / ‖u(0) − y‖²'
set title 'GD on a two-layer ReLU net: loss decays linearly (Du et al. 2019)'
set key bottom left
plot for [i=1:N] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == 0 ? column('residual_sq_ratio') : NaN) \
        with lines lw 1.5 lc palette frac sweep(i, N) title sprintf('m = %s', word(widths, i)), \
     file using 'iter':(column('m') == word(widths, 1) + 0 && column('replicate') == 0 ? column('rate_bound') : NaN) \
        with lines dt 2 lw 1.5 lc 'black' title 'bound (1 − ηλ_0/2)^k'
