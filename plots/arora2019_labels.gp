# plots/arora2019_labels.gp: the paper's central experiment in shape. yᵀ(H∞)⁻¹y on the
# first n samples for true and random labels (left axis), and Theorem 5.1's bound
# sqrt(2yᵀ(H∞)⁻¹y/n) + sqrt(log(n/(λ₀δ))/n) for each (right axis).
file = results.'/labels.csv'
set logscale xy
set xlabel 'n (samples)'
set ylabel 'y^T (H_∞)^{-1} y'
set y2label 'generalisation bound (Theorem 5.1)'
set y2tics
set logscale y2
set title 'Random labels cost more: y^T (H_∞)^{-1} y vs n (Arora et al. 2019)'
set key top left
plot file using 'n':'yhy_true' with linespoints pt 7 lw 1.5 lc rgb '#21918c' title 'true labels', \
     file using 'n':'yhy_random' with linespoints pt 5 lw 1.5 lc rgb '#c8b41a' title 'random labels', \
     file using 'n':'bound_true' axes x1y2 with lines dt 2 lw 1.2 lc rgb '#21918c' title 'bound, true', \
     file using 'n':'bound_random' axes x1y2 with lines dt 2 lw 1.2 lc rgb '#c8b41a' title 'bound, random'
