# plots/oymak2019_spectrum.gp: P2.F1, the paper's Fig. 1. Singular values of
# Φ = relu(WXᵀ) for k = 1600, d = 20 and each n, W iid N(0, 1), X iid N(0, 1/d);
# smaller n are stretched to the largest n's index axis, as in the paper.
file = results.'/spectrum.csv'
eval distinct('ns', 'file', 1)
N = words(ns)
nmax = word(ns, N)
k = ''
stats file using (k eq '' ? k = strcol(2) : k, 0) nooutput
set logscale y
set format y '10^{%T}'
set xlabel sprintf('singular value index i, stretched to n = %s (i · %s/n)', nmax, nmax)
set ylabel 'σ_i(Φ)'
set title sprintf('Fig. 1: the spectrum of Φ = relu(WX^T), k = %s: bimodal, σ_{min} bounded away from 0', k)
set xrange [0:nmax + 0]
set key top right
plot for [i=1:N] file using 'stretched_index':(column('n') == word(ns, i) + 0 ? column('sigma') : NaN) \
        with lines lw 1.8 lc palette frac sweep(i, N) title sprintf('n = %s', word(ns, i))
