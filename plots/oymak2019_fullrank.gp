# plots/oymak2019_fullrank.gp: P2.T2 and P2.T2.rank against k/n. Top: the mean
# over seeds of σ_min(Φ)/√k divided by α/2 (Theorem 2 holds above 1). Bottom: the
# fraction of seeds with Φ of full rank (dashed) and with σ_min/√k ≥ α/2 (solid).
file = results.'/sweep.csv'
eval distinct('ns', 'file', 1)
N = words(ns)
eval term_scaled(1.0, 1.8)
set multiplot layout 2, 1 title ttl('P2.T2: $\sigma_{\min}(\Phi)/\sqrt{k} \ge \alpha/2$ vs $k/n$', 'P2.T2: σ_{min}(Φ)/√k ≥ α/2 vs k/n')
set xlabel L('$k/n$', 'k / n')
set key bottom right
set logscale y
set format y logfmt
set ylabel L('$\sigma_{\min}(\Phi)/\sqrt{k}\,/\,(\alpha/2)$', 'σ_{min}(Φ)/√k ÷ (α/2)')
set title L('mean over seeds', 'mean over seeds')
plot for [i=1:N] file using 'k_over_n':(column('n') == word(ns, i) + 0 && column('k_over_n') >= 1 ? column('sigma_min_sqrtk') / column('half_alpha') : NaN) \
        smooth unique with linespoints pt 7 ps 0.5 lw 1.5 lc palette frac sweep(i, N) title sprintf(L('$n=%s$', 'n = %s'), word(ns, i)), \
     1 with lines dt 2 lc 'black' title L('$\alpha/2$', 'α/2')
unset logscale y
set format y '%g'
set yrange [-0.05:1.05]
set ylabel L('fraction of seeds', 'fraction of seeds')
set title L('full rank (dashed), $\sigma_{\min}/\sqrt{k} \ge \alpha/2$ (solid)', 'full rank (dashed), σ_{min}/√k ≥ α/2 (solid)')
plot for [i=1:N] file using 'k_over_n':(column('n') == word(ns, i) + 0 ? column('holds') : NaN) \
        smooth unique with lines lw 1.5 lc palette frac sweep(i, N) title sprintf(L('$n=%s$', 'n = %s'), word(ns, i)), \
     for [i=1:N] file using 'k_over_n':(column('n') == word(ns, i) + 0 ? column('full_rank') : NaN) \
        smooth unique with lines dt 2 lw 1.5 lc palette frac sweep(i, N) notitle
unset multiplot
