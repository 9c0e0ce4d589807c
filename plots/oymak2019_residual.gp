# plots/oymak2019_residual.gp: P2.T1a. ‖r_τ‖/‖r₀‖ vs iteration τ for each width k
# (solid) against Theorem 1's rate (1 − ηα²/4)^τ (dashed, same colour), one panel
# per model: softplus, quadratic, ReLU nets and linear least squares.
file = results.'/gd_trace.csv'
gd = results.'/gd.csv'
models = 'softplus quadratic relu linear'
names = tex ? "'softplus $\\phi$' 'quadratic $\\phi=z^2$' 'ReLU $\\phi$' 'linear $f=X\\theta$'" : "'softplus φ' 'quadratic φ = z^2' 'ReLU φ' 'linear f = Xθ'"
eval term_scaled(2, 2)
set multiplot layout 2, 2 title ttl('P2.T1a: $\|r_\tau\|/\|r_0\|$ vs $(1-\eta\alpha^2/4)^\tau$', 'P2.T1a: ‖r_τ‖/‖r_0‖ vs (1 − ηα^2/4)^τ')
set logscale y
set format y logfmt
set xlabel L('iteration $\tau$', 'iteration τ')
set ylabel L('$\|r_\tau\|/\|r_0\|$', '‖r_τ‖ / ‖r_0‖')
set key bottom left
do for [p = 1:words(models)] {
    m = word(models, p)
    eval distinct_if('K', 'gd', 2, "strcol('model') eq m")
    N = words(K)
    var = m eq 'linear' ? 'p' : 'k'
    set title word(names, p)
    plot for [i=1:N] file using 'iter':(strcol('model') eq m && column('k') == word(K, i) + 0 ? column('residual_ratio') : NaN) \
            with lines lw 1.5 lc palette frac sweep(i, N) title sprintf(L('$%s=%s$', '%s = %s'), var, word(K, i)), \
         for [i=1:N] file using 'iter':(strcol('model') eq m && column('k') == word(K, i) + 0 ? column('rate_bound') : NaN) \
            with lines dt 2 lw 1.2 lc palette frac sweep(i, N) notitle, \
         NaN with lines dt 2 lw 1.2 lc palette frac 0 title L('bound (dashed, each colour)', 'bound (dashed, each colour)')
}
unset multiplot
