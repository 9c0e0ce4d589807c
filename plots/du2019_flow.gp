# plots/du2019_flow.gp: P3.T3.1 and Lemma 3.3. The gradient flow's loss
# ‖u(t) − y‖²/‖u(0) − y‖² (integrated event by event, Filippov sliding) for each flow
# width, against Theorem 3.1's exp(−λ₀t); the right axis counts the entries sliding
# on a pattern boundary. A run with --flow-widths 0 writes the table's header only.
file = results.'/flow.csv'
stats file using 1 nooutput
rows = exists('STATS_records') ? STATS_records : 0
set xlabel 'time t (GD iteration k at t = kη)'
set title 'Gradient flow on a two-layer ReLU net vs Theorem 3.1 (Du et al. 2019)'
if (rows == 0) {
    set label 1 'no flow in this run (--flow-widths 0)' at graph 0.5, 0.5 center
    set xrange [0:1]
    set yrange [0:1]
    plot NaN notitle
} else {
    eval distinct('widths', 'file', 1)
    N = words(widths)
    set logscale y
    set format y '10^{%T}'
    set ylabel '‖u(t) − y‖² / ‖u(0) − y‖²'
    set y2label 'entries sliding (z_{ir} = 0)'
    set y2tics
    set key bottom left
    plot for [i=1:N] file using 't':(column('m') == word(widths, i) + 0 && column('replicate') == 0 ? column('residual_sq_ratio') : NaN) \
            with linespoints pt 7 ps 0.4 lw 1.5 lc palette frac sweep(i, N) title sprintf('flow, m = %s', word(widths, i)), \
         file using 't':(column('m') == word(widths, 1) + 0 && column('replicate') == 0 ? column('rate_bound') : NaN) \
            with lines dt 2 lw 1.5 lc 'black' title 'bound exp(−λ_0 t)', \
         for [i=1:N] file using 't':(column('m') == word(widths, i) + 0 && column('replicate') == 0 ? column('sliding') : NaN) axes x1y2 \
            with steps dt 3 lw 1 lc palette frac sweep(i, N) title sprintf('sliding, m = %s', word(widths, i))
}
