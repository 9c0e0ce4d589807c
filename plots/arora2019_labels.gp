# plots/arora2019_labels.gp: the paper's central experiment in shape. yᵀ(H∞)⁻¹y on the
# first n samples for true and random labels (left axis), and Theorem 5.1's bound
# sqrt(2yᵀ(H∞)⁻¹y/n) + sqrt(log(n/(λ₀δ))/n) for each (right axis).
file = results.'/labels.csv'
set logscale x
# base 2: the data span about a decade
set logscale y 2
set logscale y2 2
set format y '%g'
set format y2 '%.2g'
set xtics ()
eval distinct('ns', 'file', 1)
do for [w in ns] { set xtics add (w w + 0) }
set xlabel L('samples $n$', 'samples n')
set ylabel L('$y^\top (H^\infty)^{-1} y$', 'y^T (H^∞)^{-1} y')
set y2label L('bound of Theorem 5.1 (dashed)', 'bound of Theorem 5.1 (dashed)')
set ytics nomirror
set autoscale y2fix
set offsets graph 0.03, graph 0.03, graph 0.04, graph 0.04
set y2tics
set title ttl('P5.T5.1: true vs random labels', 'P5.T5.1: true vs random labels')
set key below maxrows 1
plot file using 'n':'yhy_true' with linespoints pt 7 lw 1.5 lc rgb '#21918c' title 'true labels', \
     file using 'n':'yhy_random' with linespoints pt 5 lw 1.5 lc rgb '#c8b41a' title 'random labels', \
     file using 'n':'bound_true' axes x1y2 with lines dt 2 lw 1.2 lc rgb '#21918c' notitle, \
     file using 'n':'bound_random' axes x1y2 with lines dt 2 lw 1.2 lc rgb '#c8b41a' notitle
