# plots/oymak2019_fullrank.gp: P2.T2 and P2.T2.rank against k/n. Top: the mean
# over seeds of σ_min(Φ)/√k divided by α/2 (Theorem 2 holds above 1). Bottom: the
# fraction of seeds with Φ of full rank (dashed) and with σ_min/√k ≥ α/2 (solid).
file = results.'/sweep.csv'
eval distinct('ns', 'file', 1)
N = words(ns)
eval term_scaled(1.0, 1.5)
set multiplot layout 2, 1 title 'Theorem 2: Φ = relu(WX^T) has full rank from k = n; σ_{min}/√k ≥ α/2 needs a few times more'
set xlabel 'k / n'
set key bottom right
set logscale y
set format y '10^{%T}'
set ylabel 'σ_{min}(Φ)/√k ÷ (α/2)'
set yrange [1e-3:3]
set title 'the bound, mean over seeds'
plot for [i=1:N] file using 'k_over_n':(column('n') == word(ns, i) + 0 && column('k_over_n') >= 1 ? column('sigma_min_sqrtk') / column('half_alpha') : NaN) \
        smooth unique with linespoints pt 7 ps 0.5 lw 1.5 lc palette frac sweep(i, N) title sprintf('n = %s', word(ns, i)), \
     1 with lines dt 2 lc 'black' title 'α/2'
unset logscale y
set format y '%g'
set yrange [-0.05:1.05]
set ylabel 'fraction of seeds'
set title 'full rank (dashed) and σ_{min}/√k ≥ α/2 (solid)'
plot for [i=1:N] file using 'k_over_n':(column('n') == word(ns, i) + 0 ? column('holds') : NaN) \
        smooth unique with lines lw 1.5 lc palette frac sweep(i, N) title sprintf('n = %s', word(ns, i)), \
     for [i=1:N] file using 'k_over_n':(column('n') == word(ns, i) + 0 ? column('full_rank') : NaN) \
        smooth unique with lines dt 2 lw 1.5 lc palette frac sweep(i, N) notitle
unset multiplot
