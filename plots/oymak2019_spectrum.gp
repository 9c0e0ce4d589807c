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
set format y logfmt
set xlabel sprintf(L('index $i$, stretched to $n=%s$ ($i \cdot %s/n$)', 'index i, stretched to n = %s (i · %s/n)'), nmax, nmax)
set ylabel L('$\sigma_i(\Phi)$', 'σ_i(Φ)')
set title ttl(sprintf('P2.F1: spectrum of $\Phi=\mathrm{relu}(WX^\top)$, $k=%s$', k), sprintf('P2.F1: spectrum of Φ = relu(WX^T), k = %s', k))
set key top right
plot for [i=1:N] file using 'stretched_index':(column('n') == word(ns, i) + 0 ? column('sigma') : NaN) \
        with lines lw 1.8 lc palette frac sweep(i, N) title sprintf(L('$n=%s$', 'n = %s'), word(ns, i))
