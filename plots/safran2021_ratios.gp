# plots/safran2021_ratios.gp: P4.b. The PL ratio ‖∇F‖²/(F − F*) and the one-point ratio
# ⟨∇F, W − P(W)⟩/‖W − P(W)‖² along W* + εD: bounded away from 0 at k = n (solid), tending
# to 0 at k = n+1 along the split neuron turning apart (dashed). F − F* by quadrature.
file = results.'/local.csv'
eval distinct('ns', 'file', 1)
N = words(ns)
set logscale xy
set format x logfmt
set format y logfmt
set xlabel L('distance $\varepsilon$ from the global minimum', 'distance ε from the global minimum')
set ylabel L('ratio', 'ratio')
set title ttl('P4.b: PL and one-point ratios vs floors', 'P4.b: PL and one-point ratios vs floors')
# nine legend entries: a taller canvas, the legend in two columns below
eval term_scaled(1, 1.5)
set key below horizontal maxcols 2 width -5
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
kn(c) = column('k') == column('n') ? c : NaN
plot for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') ? column('eps') : NaN):'pl_ratio' \
        with linespoints pt 7 ps 0.6 lw 1.5 lc palette frac sweep(i, N) title sprintf(L('PL, $k=n=%s$', 'PL, k = n = %s'), word(ns, i)), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') ? column('eps') : NaN):'one_point_ratio' \
        with linespoints pt 6 ps 0.6 lw 1.5 lc palette frac sweep(i, N) title sprintf(L('one-point, $k=n=%s$', 'one-point, k = n = %s'), word(ns, i)), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') + 1 && column('base') == 1 ? column('eps') : NaN):'pl_ratio' \
        with linespoints pt 5 ps 0.6 lw 1.5 dt 2 lc palette frac sweep(i, N) title sprintf(L('PL, $k=%d$', 'PL, k = %d'), word(ns, i) + 1), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') + 1 && column('base') == 1 ? column('eps') : NaN):'one_point_ratio' \
        with linespoints pt 4 ps 0.6 lw 1.5 dt 2 lc palette frac sweep(i, N) title sprintf(L('one-point, $k=%d$', 'one-point, k = %d'), word(ns, i) + 1), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') ? column('eps') : NaN):'lambda_ref' \
        with lines dt 3 lw 1 lc palette frac sweep(i, N) title (i == 1 ? L('floors $\lambda$, $\lambda/2$ (dotted)', 'floors λ, λ/2 (dotted)') : ''), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') ? column('eps') : NaN):(column('lambda_ref') / 2) \
        with lines dt 3 lw 1 lc palette frac sweep(i, N) notitle
