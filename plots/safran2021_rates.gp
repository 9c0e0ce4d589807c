# plots/safran2021_rates.gp: the spurious-minima table of Safran & Shamir (2018) as a
# plot: fraction of GD runs ending at a certified spurious minimum against the teacher
# size n, for students k = n, n+1, n+2, with 95% Wilson intervals.
file = results.'/cells.csv'
set xlabel L('teacher neurons $n$ ($V=I_n$, $d=n$)', 'teacher neurons n (V = I_n, d = n)')
set ylabel L('runs at a spurious minimum', 'runs at a spurious minimum')
set title ttl('Spurious minima of GD at $k=n$, $n+1$, $n+2$', 'Spurious minima of GD at k = n, n + 1, n + 2')
set yrange [0:*]
set offsets 0.3, 0.3, graph 0.05, 0
set format y '%.2f'
set xtics 1
set mxtics 1
set key top left
extra(j) = j == 0 ? L('$k=n$', 'k = n') : sprintf(L('$k=n+%d$', 'k = n + %d'), j)
plot for [j=0:2] file using (column('k') - column('n') == j ? column('n') + 0.08 * (j - 1) : NaN):'rate':'rate_lo':'rate_hi' \
        with yerrorlines pt 7 ps 0.8 lw 1.5 lc palette frac j / 2.0 title extra(j)
