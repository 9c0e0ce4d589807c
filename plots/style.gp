# plots/style.gp: the shared look of every ovp figure. `ovp plot` sets
#   results   directory holding the harness's CSVs
#   outfile   where to write (a temporary name; ovp moves it into place)
#   term_kind 'png' or 'pdf'
#   plots     this directory
# and then runs one figure script, which only describes its plot. results, outfile and
# plots are paths ovp made in a private directory, never the user's own (only
# [A-Za-z0-9/._-]). The scripts never start a shell (no command pipes, no
# backquote substitution): they aggregate tables themselves, by stats passes into
# arrays and datablocks, and pass file names to helpers as expressions, never as text.
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
# `eval distinct('var', 'fileexpr', c)` sets var to the distinct values of column c
# (1-based) of a CSV with a header, in ascending numeric order, spelled as in the file,
# as a space-separated list ('' for no rows); fileexpr is gnuplot code naming the file
# (e.g. 'file'), so no path is ever pasted into a command. distinct_if(var, fileexpr,
# c, cond) keeps only rows where the expression cond holds.
_dseen(l, v) = sum [_dj=1:words(l)] (word(l, _dj) + 0 == v + 0) > 0
_drank(l, i) = sum [_dj=1:words(l)] (word(l, _dj) + 0 < word(l, i) + 0)
_dpick(l, r, i) = i > words(l) ? '' : _drank(l, i) == r ? word(l, i) : _dpick(l, r, i + 1)
_dsort(l, r) = r >= words(l) ? '' : _dpick(l, r, 1) . ' ' . _dsort(l, r + 1)
distinct_if(var, file, c, cond) = sprintf("_dl = ''; stats [*:*][*:*] %s using ((%s) ? (_dv = strcol(%d), _dl = _dseen(_dl, _dv) ? _dl : _dl . ' ' . _dv) : 0, 1) nooutput; %s = _dsort(_dl, 0)", file, cond, c, var)
distinct(var, file, c) = distinct_if(var, file, c, '1')
# index (1-based) of the value v in such a list, 0 when absent
position(l, v) = sum [_dj=1:words(l)] (word(l, _dj) + 0 == v ? _dj : 0)
# Multi-panel figures: `eval term_scaled(sx, sy)` enlarges the canvas sx × sy times,
# keeping the fonts and line widths above (the output file stays as set).
term_scaled(sx, sy) = term_kind eq 'pdf' ? \
    sprintf("set terminal pdfcairo enhanced color font 'Helvetica,9' size %.2fin,%.2fin linewidth 1.2 rounded", 4 * sx, 3 * sy) : \
    sprintf("set terminal pngcairo enhanced color font 'Helvetica,10' size %d,%d linewidth 1.6 rounded", int(800 * sx), int(600 * sy))
