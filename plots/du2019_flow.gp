# plots/du2019_flow.gp: P3.T3.1 and Lemma 3.3. The gradient flow's loss
# ‖u(t) − y‖²/‖u(0) − y‖² (integrated event by event, Filippov sliding) for each flow
# width (every replicate), against Theorem 3.1's exp(−λ₀t); the right axis counts the
# entries sliding on a pattern boundary. A run with --flow-widths 0 writes the header only.
file = results.'/flow.csv'
stats file using 1 nooutput
rows = exists('STATS_records') ? STATS_records : 0
set xlabel L('time $t$ (GD iteration $k$ at $t=k\eta$)', 'time t (GD iteration k at t = kη)')
set title ttl('P3.T3.1: $\|u(t)-y\|^2 \le e^{-\lambda_0 t}\|u(0)-y\|^2$', 'P3.T3.1: ‖u(t) − y‖² ≤ e^{−λ_0 t} ‖u(0) − y‖²')
if (rows == 0) {
    set label 1 L('no flow in this run (\texttt{--flow-widths 0})', 'no flow in this run (--flow-widths 0)') at graph 0.5, 0.5 center
    set xrange [0:1]
    set yrange [0:1]
    plot NaN notitle
} else {
    eval distinct('widths', 'file', 1)
    eval distinct('reps', 'file', 2)
    N = words(widths)
    R = words(reps)
    set logscale y
    set format y logfmt
    set ylabel L('$\|u(t)-y\|^2/\|u(0)-y\|^2$', '‖u(t) − y‖² / ‖u(0) − y‖²')
    set y2label L('entries sliding ($z_{ir}=0$)', 'entries sliding (z_{ir} = 0)')
    set y2tics
    set ytics nomirror
    set autoscale y2fix
    set key below maxrows 2
    plot for [i=1:N] for [j=1:R] file using 't':(column('m') == word(widths, i) + 0 && column('replicate') == word(reps, j) + 0 ? column('residual_sq_ratio') : NaN) \
            with linespoints pt 7 ps 0.3 lw 1.5 lc palette frac sweep(i, N) title rep_title(j, sprintf(L('flow, $m=%s$', 'flow, m = %s'), word(widths, i))), \
         for [j=1:R] file using 't':(column('m') == word(widths, 1) + 0 && column('replicate') == word(reps, j) + 0 ? column('rate_bound') : NaN) \
            with lines dt 2 lw 1.5 lc 'black' title rep_title(j, L('bound $e^{-\lambda_0 t}$', 'bound e^{−λ_0 t}')), \
         for [i=1:N] for [j=1:R] file using 't':(column('m') == word(widths, i) + 0 && column('replicate') == word(reps, j) + 0 ? column('sliding') : NaN) axes x1y2 \
            with steps dt 3 lw 1 lc palette frac sweep(i, N) title rep_title(j, sprintf(L('sliding, $m=%s$ (right)', 'sliding, m = %s (right)'), word(widths, i)))
}
