# plots/du2019_loss.gp: P3.T4.1. Training loss vs iteration for each width m (every
# replicate), against Theorem 4.1's rate (1 − ηλ₀/2)^k.
file = results.'/trace.csv'
eval distinct('widths', "results.'/widths.csv'", 1)
eval distinct('reps', "results.'/widths.csv'", 2)
N = words(widths)
R = words(reps)
set logscale y
set format y logfmt
set xlabel L('iteration $k$', 'iteration k')
set ylabel L('$\|y-u(k)\|^2/\|y-u(0)\|^2$', '‖y − u(k)‖² / ‖y − u(0)‖²')
set title ttl('P3.T4.1: $\|y-u(k)\|^2$ vs $(1-\eta\lambda_0/2)^k$', 'P3.T4.1: ‖y − u(k)‖² vs (1 − ηλ_0/2)^k')
set key bottom left
plot for [i=1:N] for [j=1:R] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == word(reps, j) + 0 ? column('residual_sq_ratio') : NaN) \
        with lines lw 1.5 lc palette frac sweep(i, N) title rep_title(j, sprintf(L('$m=%s$', 'm = %s'), word(widths, i))), \
     for [j=1:R] file using 'iter':(column('m') == word(widths, 1) + 0 && column('replicate') == word(reps, j) + 0 ? column('rate_bound') : NaN) \
        with lines dt 2 lw 1.5 lc 'black' title rep_title(j, L('bound $(1-\eta\lambda_0/2)^k$', 'bound (1 − ηλ_0/2)^k'))
