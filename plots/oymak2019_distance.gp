# plots/oymak2019_distance.gp: P2.T1b/P2.T1c. ‖θ_τ − θ₀‖ vs iteration for each width k
# (solid), between Theorem 1's radius R = 5‖r₀‖/α (dashed) and the distance
# ‖r₀‖/β within which no solution lies (dotted); the dash-dotted grey line is the
# minimum-norm solution of the linearised problem, ‖J₀⁺r₀‖.
file = results.'/gd_trace.csv'
gd = results.'/gd.csv'
models = 'softplus quadratic relu linear'
names = tex ? "'softplus $\\phi$' 'quadratic $\\phi=z^2$' 'ReLU $\\phi$' 'linear $f=X\\theta$'" : "'softplus φ' 'quadratic φ = z^2' 'ReLU φ' 'linear f = Xθ'"
eval term_scaled(2, 2)
set multiplot layout 2, 2 title ttl('P2.T1b, P2.T1c: $\|r_0\|/\beta \le \|\theta_\tau-\theta_0\| \le R = 5\|r_0\|/\alpha$', 'P2.T1b, P2.T1c: ‖r_0‖/β ≤ ‖θ_τ − θ_0‖ ≤ R = 5‖r_0‖/α')
set logscale y
set format y logfmt
set xlabel L('iteration $\tau$', 'iteration τ')
set ylabel L('$\|\theta_\tau-\theta_0\|$', '‖θ_τ − θ_0‖')
set key at graph 0.98, graph 0.9 right top spacing 0.9
do for [p = 1:words(models)] {
    m = word(models, p)
    eval distinct_if('K', 'gd', 2, "strcol('model') eq m")
    pv = NaN
    stats [*:*][*:*] gd using (pv == pv || strcol('model') ne m ? 0 : (pv = column('dist_pinv')), 1) nooutput
    N = words(K)
    var = m eq 'linear' ? 'p' : 'k'
    set title word(names, p)
    plot for [i=1:N] file using 'iter':(strcol('model') eq m && column('k') == word(K, i) + 0 && column('iter') > 0 ? column('dist') : NaN) \
            with lines lw 1.5 lc palette frac sweep(i, N) title sprintf(L('$%s=%s$', '%s = %s'), var, word(K, i)), \
         for [i=1:N] file using 'iter':(strcol('model') eq m && column('k') == word(K, i) + 0 ? column('R') : NaN) \
            with lines dt 2 lw 1.2 lc palette frac sweep(i, N) notitle, \
         for [i=1:N] file using 'iter':(strcol('model') eq m && column('k') == word(K, i) + 0 ? column('dist_lower') : NaN) \
            with lines dt 3 lw 1.5 lc palette frac sweep(i, N) notitle, \
         pv with lines dt 4 lw 1 lc 'gray50' title L('$\|J_0^+ r_0\|$', '‖J_0^+ r_0‖'), \
         NaN with lines dt 2 lw 1.2 lc palette frac 0 title L('$R$ (dashed, each colour)', 'R (dashed, each colour)'), \
         NaN with lines dt 3 lw 1.5 lc palette frac 0 title L('$\|r_0\|/\beta$ (dotted)', '‖r_0‖/β (dotted)')
}
unset multiplot
