# plots/style.gp: the shared look of every ovp figure. `ovp plot` sets
#   results    directory holding the harness's CSVs
#   outfile    where to write (a temporary name; ovp moves it into place)
#   term_kind  'png', 'pdf', 'svg' or 'cairolatex'
#   plots      this directory
#   tex        1 for cairolatex (labels are TeX, typeset by pdflatex), else 0
#   show_title 0 for --no-title
#   size_w, size_h  one panel's size in inches (--size); text is 9 pt at that size
# and then runs one figure script, which only describes its plot. results, outfile and
# plots are paths ovp made in a private directory, never the user's own (only
# [A-Za-z0-9/._-]). The scripts never start a shell (no command pipes, no
# backquote substitution): they aggregate tables themselves, by stats passes into
# arrays and datablocks, and pass file names to helpers as expressions, never as text.
#
# Every label is written once, as L(tex_text, enhanced_text): the TeX variant (ASCII,
# math in $...$, no % outside sprintf's %%) for cairolatex, the enhanced-text variant
# (UTF-8, ^{} and _{}) elsewhere. Titles state the claim tested, never its outcome,
# through ttl(), which is empty under --no-title.
if (!exists('tex')) { tex = 0 }
if (!exists('show_title')) { show_title = 1 }
if (!exists('size_w')) { size_w = 3.4 }
if (!exists('size_h')) { size_h = 2.55 }
L(t, e) = tex ? t : e
ttl(t, e) = show_title ? L(t, e) : ''
logfmt = tex ? '$10^{%T}$' : '10^{%T}'
set encoding utf8
# PNG: 200 pixels per inch; cairo sets PNG text at 96 dpi, hence the larger font.
# (Scripts never give a font size: every text is 9 pt.)
png_dpi = 200
# `eval term_scaled(sx, sy)`: the terminal at sx × sy times one panel's size (for
# multi-panel figures), text still 9 pt; the output file stays as set.
term_scaled(sx, sy) = \
    term_kind eq 'png' ? sprintf("set terminal pngcairo enhanced color font 'Helvetica,%.2f' size %d,%d linewidth %.3f pointscale %.3f rounded", \
        9 * png_dpi / 96.0, int(size_w * sx * png_dpi), int(size_h * sy * png_dpi), png_dpi / 96.0, png_dpi / 96.0) : \
    term_kind eq 'svg' ? sprintf("set terminal svg enhanced font 'Helvetica,9' size %d,%d linewidth 1 rounded background '#ffffff'", \
        int(size_w * sx * 72), int(size_h * sy * 72)) : \
    term_kind eq 'cairolatex' ? sprintf("set terminal cairolatex pdf input color colortext font ',9' size %.3fin,%.3fin linewidth 1 rounded", \
        size_w * sx, size_h * sy) : \
    sprintf("set terminal pdfcairo enhanced color font 'Helvetica,9' size %.3fin,%.3fin linewidth 1 rounded", size_w * sx, size_h * sy)
eval term_scaled(1, 1)
set output outfile
set datafile separator ','
set datafile missing 'NaN'
set datafile columnheaders
set border 3 lw 1
set tics out nomirror scale 0.6
set mxtics
set grid xtics ytics back lw 0.5 lc rgb '#e0e0e0'
# Legends at 8 pt (the PNG's font scaled like its text).
key_font = sprintf(',%.2f', term_kind eq 'png' ? 8 * png_dpi / 96.0 : 8)
set key top right noopaque nobox samplen 1.5 spacing 1.0 Left reverse font key_font
# Axes end at the data (no run on to the next tic), with a little air above and below.
set autoscale fix
set offsets 0, 0, graph 0.04, graph 0.04
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
# A sweep draws every replicate (`eval distinct('reps', ..., c)` of the replicate column)
# in its width's colour; the legend names each colour once. rep_title(j, t): t for the
# first replicate, no entry for the others.
rep_title(j, t) = j == 1 ? t : ''
