# plots/safran2021_rates.gp: the spurious-minima table of Safran & Shamir (2018) as a
# plot: fraction of GD runs ending at a certified spurious minimum against the teacher
# size n, for students k = n, n+1, n+2, with 95% Wilson intervals.
file = results.'/cells.csv'
set xlabel 'teacher neurons n  (V = I_n, d = n)'
set ylabel 'runs ending at a spurious minimum'
set title 'Spurious minima are common at k = n, and rarer with one or two extra neurons'
set yrange [0:1]
set format y '%.0f%%'
set ytics ('0%%' 0, '20%%' 0.2, '40%%' 0.4, '60%%' 0.6, '80%%' 0.8, '100%%' 1)
set xtics 1
set mxtics 1
set offsets 0.3, 0.3, 0, 0
set key top left
extra(j) = j == 0 ? 'k = n' : sprintf('k = n + %d', j)
plot for [j=0:2] file using (column('k') - column('n') == j ? column('n') + 0.08 * (j - 1) : NaN):'rate':'rate_lo':'rate_hi' \
        with yerrorlines pt 7 ps 0.8 lw 1.5 lc palette frac j / 2.0 title extra(j)
