# plots/du2019_patterns.gp: P3.L4.1. Fraction of activation patterns 1{w_r(k)ᵀx_i ≥ 0}
# that differ from their initial value, vs iteration, for each width m.
file = results.'/trace.csv'
eval distinct('widths', "results.'/widths.csv'", 1)
N = words(widths)
set logscale y
set format y '10^{%T}'
set xlabel 'iteration k'
set ylabel 'fraction of patterns changed'
set title 'Activation patterns barely change, less so as m grows'
set key bottom right
plot for [i=1:N] file using 'iter':(column('m') == word(widths, i) + 0 && column('replicate') == 0 && column('pattern_flip_fraction') > 0 ? column('pattern_flip_fraction') : NaN) \
        with lines lw 1.5 lc palette frac sweep(i, N) title sprintf('m = %s', word(widths, i))
