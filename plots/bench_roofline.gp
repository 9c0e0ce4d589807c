# plots/bench_roofline.gp: achieved GFLOP/s of every kernel as a share of the
# dgemm roofline measured in the same run (the figure that travels between
# machines). Horizontal bars, in the order ovp bench ran them.
file = results.'/latest.csv'
eval term_scaled(2.2, 2.4)
stats file using 0 nooutput
N = STATS_records
stats file using (stringcolumn('kernel') eq 'roofline.dgemm' ? column('gflops') : NaN) nooutput
roof = STATS_max
set title ttl(sprintf('Kernels against dgemm (%.0f GFLOP/s here)', roof), \
              sprintf('Kernels against dgemm (%.0f GFLOP/s here)', roof))
# TeX names: every '_' escaped (cairolatex typesets the tic labels).
tex_name(s) = strstrt(s, '_') ? s[1:strstrt(s, '_') - 1] . '\_' . tex_name(s[strstrt(s, '_') + 1:]) : s
set style fill solid 0.85 border rgb '#202020'
set xrange [0:*]
set xtics 25 format L('%.0f\%%', '%.0f%%')
set xlabel L('share of the dgemm roofline', 'share of the dgemm roofline')
set yrange [-N:1]
set ytics scale 0 font key_font noenhanced
set grid xtics noytics
set arrow from 80, graph 0 to 80, graph 1 nohead dt 2 lc rgb '#c8b41a'
set label L('80\%', '80%') at 80, graph 1.01 center font ',8' textcolor rgb '#a08a10'
unset key
plot file using (50 * column('roofline_ratio')):(-$0):(50 * column('roofline_ratio')):(0.38):ytic(L(tex_name(stringcolumn('name')), stringcolumn('name'))) \
        with boxxyerror lc rgb '#3b528b'
