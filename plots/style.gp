# plots/style.gp: the shared look of every ovp figure. `ovp plot` sets
#   results   directory holding the harness's CSVs
#   outfile   where to write (a temporary name; ovp moves it into place)
#   term_kind 'png' or 'pdf'
#   plots     this directory
# and then runs one figure script, which only describes its plot. results, outfile and
# plots are paths ovp made in a private directory, never the user's own (only
# [A-Za-z0-9/._-]), so the scripts may quote them into awk command lines.
set encoding utf8
if (term_kind eq 'pdf') {
    set terminal pdfcairo enhanced color font 'Helvetica,9' size 4in,3in linewidth 1.2 rounded
} else {
    set terminal pngcairo enhanced color font 'Helvetica,10' size 800,600 linewidth 1.6 rounded
}
set output outfile
set datafile separator ','
set datafile missing 'NaN'
set datafile columnheaders
set border 3 lw 1
set tics out nomirror scale 0.6
set mxtics
set grid xtics ytics back lw 0.5 lc rgb '#e0e0e0'
set key top right noopaque nobox samplen 2.5 spacing 1.1 font ',8'
# Sequential colours for a sweep (viridis, its last stop darkened to stay legible on white).
set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', 4 '#c8b41a')
unset colorbox
# sweep_colour(i, n): palette fraction of the i-th of n curves.
sweep(i, n) = n > 1 ? (i - 1.0) / (n - 1.0) : 0.0
# distinct values of column c (1-based) of a CSV with a header, as a space-separated list
distinct(file, c) = system(sprintf("awk -F, 'NR > 1 { print $%d }' '%s' | sort -gu | tr '\\n' ' '", c, file))
# Multi-panel figures: `eval term_scaled(sx, sy)` enlarges the canvas sx × sy times,
# keeping the fonts and line widths above (the output file stays as set).
term_scaled(sx, sy) = term_kind eq 'pdf' ? \
    sprintf("set terminal pdfcairo enhanced color font 'Helvetica,9' size %.2fin,%.2fin linewidth 1.2 rounded", 4 * sx, 3 * sy) : \
    sprintf("set terminal pngcairo enhanced color font 'Helvetica,10' size %d,%d linewidth 1.6 rounded", int(800 * sx), int(600 * sy))
