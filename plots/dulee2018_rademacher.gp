# plots/dulee2018_rademacher.gp: the empirical Rademacher complexity R_S(Σ(M)) against n
# (Monte Carlo over σ, 95% intervals), for Gaussian rows and rows on a sphere, with
# Theorem 5.2's bound √(2M⁴ s log d)/n, Theorem 4.2's √(2b⁴M⁴ log d/n) (sphere) and the
# √(M⁴d/n) rate of Corollary 4.1 (log-log).
file = results.'/rademacher.csv'
set logscale xy
set format y logfmt
set xlabel L('samples $n$', 'samples n')
set ylabel L('$R_S(\Sigma(M))$, $M=1$', 'R_S(Σ(M)), M = 1')
set title ttl('Thms 4.2, 5.2: $R_S$ of $\|W\|_F \le M$ vs bounds', 'Thms 4.2, 5.2: R_S of ‖W‖_F ≤ M vs bounds')
eval term_scaled(1, 1.4)
set key below maxcols 1
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
set style line 1 lc rgb '#1f5fa8' pt 7 ps 0.8 lw 1.5
set style line 2 lc rgb '#d1495b' pt 5 ps 0.8 lw 1.5
plot file using (column('model') == 0 ? column('n') : NaN):'R_mean':'R_half_width' with yerrorlines ls 1 title L('$R_S$, Gaussian rows $N(0,I_d)$', 'R_S, Gaussian rows N(0, I_d)'), \
     file using (column('model') == 0 ? column('n') : NaN):'bound_t52' with lines ls 1 dt 2 title L('  Thm 5.2: $\sqrt{2M^4 s\log d}/n$', '  Thm 5.2: √(2M^4 s log d)/n'), \
     file using (column('model') == 0 ? column('n') : NaN):'rate_c41' with lines ls 1 dt 3 title L('  Cor 4.1 rate $\sqrt{M^4 d/n}$ ($C=1$)', '  Cor 4.1 rate √(M^4 d/n) (C = 1)'), \
     file using (column('model') != 0 ? column('n') : NaN):'R_mean':'R_half_width' with yerrorlines ls 2 title L('$R_S$, rows on the sphere $\|x\|=b$', 'R_S, rows on the sphere ‖x‖ = b'), \
     file using (column('model') != 0 ? column('n') : NaN):'bound_t52' with lines ls 2 dt 2 title L('  Thm 5.2', '  Thm 5.2'), \
     file using (column('model') != 0 ? column('n') : NaN):'bound_t42' with lines ls 2 dt 4 title L('  Thm 4.2: $\sqrt{2b^4M^4\log d/n}$', '  Thm 4.2: √(2b^4M^4 log d/n)')
