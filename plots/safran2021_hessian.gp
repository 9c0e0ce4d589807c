# plots/safran2021_hessian.gp: P4.a/P4.b. The smallest Hessian eigenvalue found within
# distance eps of a global minimum: positive and constant at k = n, negative at every
# eps at k = n+1 (plotted as −λ_min), for the split-neuron and zero-neuron minima.
file = results.'/local.csv'
eval distinct('ns', 'file', 1)
N = words(ns)
set logscale x
set format x logfmt
set xlabel L('distance $\varepsilon$ from the global minimum', 'distance ε from the global minimum')
set ylabel L('$\lambda_{\min}(\nabla^2 F)$', 'λ_{min}(∇^2F)')
set title ttl('P4.a, P4.b: sign of $\lambda_{\min}(\nabla^2 F)$ near $W^*$', 'P4.a, P4.b: sign of λ_{min}(∇^2F) near W^*')
eval term_scaled(1, 1.3)
set key below horizontal maxcols 2 width -5
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
plot for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') ? column('eps') : NaN):'hess_min' \
        with linespoints pt 7 ps 0.6 lw 1.5 lc palette frac sweep(i, N) title sprintf(L('$k=n=%s$', 'k = n = %s'), word(ns, i)), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') + 1 && column('base') == 1 ? column('eps') : NaN):'hess_min' \
        with linespoints pt 5 ps 0.6 lw 1.5 dt 2 lc palette frac sweep(i, N) title sprintf(L('$k=%d$, split neuron', 'k = %d, split neuron'), word(ns, i) + 1), \
     for [i=1:N] file using (column('n') == word(ns, i) + 0 && column('k') == column('n') + 1 && column('base') == 2 ? column('eps') : NaN):'hess_min' \
        with linespoints pt 9 ps 0.7 lw 1.5 dt 3 lc palette frac sweep(i, N) title sprintf(L('$k=%d$, zero neuron', 'k = %d, zero neuron'), word(ns, i) + 1), \
     0 with lines lw 1 lc 'black' notitle
