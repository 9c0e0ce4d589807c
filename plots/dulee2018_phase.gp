# plots/dulee2018_phase.gp: the phase diagram. For each (n, k) at fixed d, the fraction of
# runs of the unperturbed L ending at an SOSP the certificate reports as non-global (left)
# and at a provably spurious local minimum, worse than another initialisation (right; with
# R initialisations at most (R − 1)/R of them can be), for
# the squared (top) and logistic (bottom) losses. Curves: k = d (Theorem 3.1) and
# k(k+1)/2 = n (Theorem 3.2). Cells are aggregated over seeds and initialisations by
# one stats pass into arrays, written out as the datablock $cells.
eval term_scaled(2, 2)
file = results.'/sosp.csv'
eval distinct('ns', 'file', 2)
N = words(ns)
nv(i) = word(ns, i) + 0
lo(n) = sum [i=1:N] (nv(i) == n ? (i > 1 ? (nv(i-1) + n) / 2.0 : n - (nv(2) - n) / 2.0) : 0)
hi(n) = sum [i=1:N] (nv(i) == n ? (i < N ? (nv(i+1) + n) / 2.0 : n + (n - nv(N-1)) / 2.0) : 0)
# d: the first "d": value in summary.json, read as key:value lines
d = NaN
set datafile separator ':'
stats results.'/summary.json' using (d == d || strcol(1) ne 'd' ? 0 : (d = column(2)), 0) nooutput
set datafile separator ','
stats file using 'k' nooutput
kmax = STATS_max
# each (loss, n, k) cell of the unperturbed runs with outcome 0: the count and the mean
# nonglobal and spurious flags (losses 0 and 1, the two plotted)
eval distinct('ks', 'file', 3)
K = words(ks)
cell(loss, i, j) = 1 + loss + 2 * ((i - 1) + N * (j - 1))
array cc[2 * N * K]
array cg[2 * N * K]
array cs[2 * N * K]
do for [q=1:2 * N * K] { cc[q] = 0; cg[q] = 0; cs[q] = 0 }
stats file using (column('perturbed') == 0 && column('outcome') == 0 && (column('loss') == 0 || column('loss') == 1) ? \
        (q = cell(column('loss'), position(ns, column('n')), position(ks, column('k'))), \
         cc[q] = cc[q] + 1, cg[q] = cg[q] + column('nonglobal'), cs[q] = cs[q] + column('spurious')) : 0, 0) nooutput
set print $cells
print 'loss,n,k,count,nonglobal,spurious'
do for [loss=0:1] { do for [i=1:N] { do for [j=1:K] {
    q = cell(loss, i, j)
    if (cc[q] > 0) { print sprintf('%d,%s,%s,%d,%.17g,%.17g', loss, word(ns, i), word(ks, j), cc[q], cg[q] / cc[q], cs[q] / cc[q]) }
} } }
set print
cells = '$cells'
threshold(n) = (-1 + sqrt(1 + 8 * n)) / 2
set palette defined (0 '#ffffff', 0.15 '#fde0c5', 0.4 '#f59e72', 0.7 '#d1495b', 1 '#5c1a33')
set cbrange [0:1]
set xrange [lo(nv(1)):hi(nv(N))]
set yrange [0.5:kmax + 0.5]
set xlabel L('samples $n$', 'samples n')
set ylabel L('hidden units $k$', 'hidden units k')
set border 15
set tics front
set ytics 1 nomirror
if (kmax > 12) { set ytics 2 }
unset grid
set key top left opaque box samplen 2
set multiplot layout 2, 2 title ttl(sprintf('Thms 3.1, 3.2: non-global and spurious SOSPs by $(n, k)$, $d=%.0f$', d), sprintf('Thms 3.1, 3.2: non-global and spurious SOSPs by (n, k), d = %.0f', d))
do for [loss = 0:1] {
    lname = loss == 0 ? 'squared loss' : 'logistic loss'
    do for [col = 5:6] {
        set title sprintf('%s: %s', lname, col == 5 ? 'not global (certificate)' : 'spurious (worse than another init)')
        set colorbox
        set cblabel L('fraction of SOSPs', 'fraction of SOSPs')
        plot cells using 2:($1 == loss ? $3 : NaN):(lo($2)):(hi($2)):($3 - 0.5):($3 + 0.5):col \
                with boxxyerror fs solid 1.0 noborder lc palette notitle, \
             d with lines lw 2 dt 1 lc 'black' title L('$k=d$ (Thm 3.1)', 'k = d (Thm 3.1)'), \
             threshold(x) with lines lw 2 dt 2 lc rgb '#1f5fa8' title L('$k(k+1)/2=n$ (Thm 3.2)', 'k(k+1)/2 = n (Thm 3.2)')
    }
}
unset multiplot
