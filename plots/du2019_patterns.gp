# plots/du2019_patterns.gp: P3.L4.1. Fraction of activation patterns 1{w_r(k)ᵀx_i ≥ 0}
# that differ from their initial value, vs iteration, for each width m (every replicate).
file = results.'/trace.csv'
eval distinct('widths', "results.'/widths.csv'", 1)
eval distinct('reps', "results.'/widths.csv'", 2)
N = words(widths)
R = words(reps)
# base 2: the data span about a decade
set logscale y 2
set format y '%.2g'
set xlabel L('iteration $k$', 'iteration k')
set ylabel L('fraction of patterns changed', 'fraction of patterns changed')
set title ttl('P3.L4.1: activation patterns that changed', 'P3.L4.1: activation patterns that changed')
set key bottom right
plot for [i=1:N] for [j=1:R] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == word(reps, j) + 0 && column('pattern_flip_fraction') > 0 ? column('pattern_flip_fraction') : NaN) \
        with lines lw 1.5 lc palette frac sweep(i, N) title rep_title(j, sprintf(L('$m=%s$', 'm = %s'), word(widths, i)))
