# plots/du2019_stability.gp: P3.L3.1 and P3.L3.2. λ_min(H(k))/λ₀ vs iteration for each
# width m (every replicate), against Lemma 3.1's 3/4 (at k = 0) and Lemma 3.2's 1/2 (every k).
file = results.'/trace.csv'
eval distinct('widths', "results.'/widths.csv'", 1)
eval distinct('reps', "results.'/widths.csv'", 2)
N = words(widths)
R = words(reps)
set xlabel L('iteration $k$', 'iteration k')
set ylabel L('$\lambda_{\min}(H(k))/\lambda_0$', 'λ_{min}(H(k)) / λ_0')
set title ttl('P3.L3.1, P3.L3.2: $\lambda_{\min}(H(k)) \ge \lambda_0/2$', 'P3.L3.1, P3.L3.2: λ_{min}(H(k)) ≥ λ_0/2')
set yrange [0.4:1.05]
eval term_scaled(1, 1.2)
set key below horizontal maxcols 2 width -4
plot for [i=1:N] for [j=1:R] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == word(reps, j) + 0 ? column('hk_lambda_min_over_lambda0') : NaN) \
        with lines lw 1.5 lc palette frac sweep(i, N) title rep_title(j, sprintf(L('$m=%s$', 'm = %s'), word(widths, i))), \
     0.75 with lines dt 3 lc 'gray40' title L('Lemma 3.1: $3/4$ at $k=0$', 'Lemma 3.1: 3/4 at k = 0'), \
     0.5 with lines dt 2 lc 'black' title L('Lemma 3.2: $1/2$', 'Lemma 3.2: 1/2')
