# plots/safran2021_ratios.gp: P4.b. The PL ratio ‖∇F‖²/(F − F*) and the one-point ratio
# ⟨∇F, W − P(W)⟩/‖W − P(W)‖² along W* + εD: bounded away from 0 at k = n (solid), tending
# to 0 at k = n+1 along the split neuron turning apart (dashed). F − F* by quadrature.
file = results.'/local.csv'
eval distinct('ns', 'file', 1)
N = words(ns)
set logscale xy
set format x '10^{%T}'
set format y '10^{%T}'
set xlabel 'distance ε from the global minimum'
set ylabel 'ratio'
set title 'PL and one-point convexity hold at k = n, fail at k = n + 1'
set key bottom right
plot for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') ? column('eps') : NaN):'pl_ratio' \
        with linespoints pt 7 ps 0.6 lw 1.5 lc palette frac sweep(i, N) title sprintf('PL, k = n = %s', word(ns, i)), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') ? column('eps') : NaN):'one_point_ratio' \
        with linespoints pt 6 ps 0.6 lw 1.5 lc palette frac sweep(i, N) title sprintf('one-point, k = n = %s', word(ns, i)), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') + 1 && column('base') == 1 ? column('eps') : NaN):'pl_ratio' \
        with linespoints pt 5 ps 0.6 lw 1.5 dt 2 lc palette frac sweep(i, N) title sprintf('PL, k = n + 1 = %d', word(ns, i) + 1), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') + 1 && column('base') == 1 ? column('eps') : NaN):'one_point_ratio' \
        with linespoints pt 4 ps 0.6 lw 1.5 dt 2 lc palette frac sweep(i, N) title sprintf('one-point, k = n + 1 = %d', word(ns, i) + 1)
