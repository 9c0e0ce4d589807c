# plots/safran2021_hessian.gp: P4.a/P4.b. The smallest Hessian eigenvalue found within
# distance eps of a global minimum: positive and constant at k = n, negative at every
# eps at k = n+1 (plotted as −λ_min), for the split-neuron and zero-neuron minima.
file = results.'/local.csv'
eval distinct('ns', 'file', 1)
N = words(ns)
set logscale xy
set format x '10^{%T}'
set format y '10^{%T}'
set xlabel 'distance ε from the global minimum'
set ylabel '|λ_{min}(∇^2F)|'
set title 'Strongly convex at k = n, not even locally convex at k = n + 1'

set yrange [*:2]
set key bottom right
plot for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') ? column('eps') : NaN):'hess_min' \
        with linespoints pt 7 ps 0.6 lw 1.5 lc palette frac sweep(i, N) title sprintf('k = n = %s: λ_{min} > 0', word(ns, i)), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') + 1 && column('base') == 1 ? column('eps') : NaN):(-column('hess_min')) \
        with linespoints pt 5 ps 0.6 lw 1.5 dt 2 lc palette frac sweep(i, N) title sprintf('k = n + 1 = %d, split neuron: −λ_{min}', word(ns, i) + 1), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') + 1 && column('base') == 2 ? column('eps') : NaN):(-column('hess_min')) \
        with linespoints pt 9 ps 0.7 lw 1.5 dt 3 lc palette frac sweep(i, N) title sprintf('k = n + 1 = %d, zero neuron: −λ_{min}', word(ns, i) + 1)
