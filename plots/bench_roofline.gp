# plots/bench_roofline.gp: achieved GFLOP/s of every kernel as a fraction of the
# dgemm roofline measured in the same run (the figure that travels between machines).
file = results.'/latest.csv'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.8
set yrange [0:*]
set ytics format '%.0f%%'
set ylabel 'share of the dgemm roofline'
set xtics rotate by 50 right font ',7' nomirror noenhanced
set grid ytics
unset key
stats file using 'gflops' nooutput
set title sprintf('Kernels against dgemm (%.0f GFLOP/s on this machine)', STATS_max)
set bmargin 12
plot file using (100 * column('roofline_ratio')):xtic(stringcolumn('name')) lc rgb '#3b528b'
