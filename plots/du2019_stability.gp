# plots/du2019_stability.gp: P3.L3.1 and P3.L3.2. λ_min(H(k))/λ₀ vs iteration for each
# width m, against Lemma 3.1's 3/4 (at k = 0) and Lemma 3.2's 1/2 (every k).
file = results.'/trace.csv'
eval distinct('widths', "results.'/widths.csv'", 1)
N = words(widths)
set xlabel 'iteration k'
set ylabel 'λ_{min}(H(k)) / λ_0'
set title 'The Gram matrix H(k) stays well conditioned'
set yrange [0:*]
set key bottom right
plot for [i=1:N] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == 0 ? column('hk_lambda_min_over_lambda0') : NaN) \
        with linespoints pt 7 ps 0.25 lw 1.5 lc palette frac sweep(i, N) title sprintf('m = %s', word(widths, i)), \
     0.75 with lines dt 3 lc 'gray40' title 'Lemma 3.1: 3/4 at k = 0', \
     0.5 with lines dt 2 lc 'black' title 'Lemma 3.2: 1/2'
