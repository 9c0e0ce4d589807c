#!/usr/bin/env bash
# tests/latex_test.sh OVP WORKDIR: `ovp plot --format cairolatex` gives a .tex + .pdf pair
# and `ovp table --latex` a booktabs table that pdflatex compiles. Renders du2019's figures
# and claim table of a tiny ci-scale run and \input's them in one LaTeX document. Skips (exit 0, with a message) when pdflatex is not installed
# (scripts/bootstrap.sh installs it: texlive-latex-base, texlive-latex-recommended).
set -euo pipefail
ovp=$1 work=$2
if ! command -v pdflatex >/dev/null; then
  echo "latex_test: SKIPPED: pdflatex is not installed (scripts/bootstrap.sh installs texlive-latex-base)"
  exit 0
fi
rm -rf "$work" && mkdir -p "$work" && cd "$work"
st=0
"$ovp" verify du2019 --n 10 --d 5 --widths 50,100 --iters 5 --quiet --out results >/dev/null || st=$?
[ "$st" = 0 ] || [ "$st" = 1 ] || [ "$st" = 4 ] || { echo "latex_test: FAIL: ovp verify exited $st"; exit 1; }
"$ovp" table du2019 --results results --latex > table.tex ||
  { echo "latex_test: FAIL: ovp table --latex"; exit 1; }
"$ovp" plot du2019 --results results --figures figures --format cairolatex,png --no-title >plot.log 2>&1 ||
  { cat plot.log; echo "latex_test: FAIL: ovp plot --format cairolatex"; exit 1; }
for f in figures/ci/du2019_loss.tex figures/ci/du2019_loss-tex.pdf figures/ci/du2019_loss.png; do
  [ -s "$f" ] || { echo "latex_test: FAIL: $f missing"; exit 1; }
done
if grep -q 'includegraphics.*/ovp-plot-' figures/ci/du2019_loss.tex; then
  echo "latex_test: FAIL: the .tex includes its graphics from ovp's private directory"; exit 1
fi
cat > paper.tex <<'TEX'
\documentclass[twocolumn]{article}
\usepackage[T1]{fontenc}
\usepackage{graphicx}
\usepackage{xcolor}
\usepackage{booktabs}
\graphicspath{{figures/ci/}}
\begin{document}
\begin{figure}
  \centering
  \input{figures/ci/du2019_loss.tex}
  \caption{P3.T4.1, rendered by \texttt{ovp plot --format cairolatex}.}
\end{figure}
\begin{figure}
  \centering
  \input{figures/ci/du2019_distance.tex}
  \caption{P3.C4.1.}
\end{figure}
\begin{table*}
  \centering\small
  \input{table.tex}
  \caption{du2019's claims, by \texttt{ovp table du2019 --latex}.}
\end{table*}
\end{document}
TEX
if ! pdflatex -interaction=nonstopmode -halt-on-error paper.tex >latex.log 2>&1; then
  grep -A5 '^!' paper.log || tail -20 latex.log
  echo "latex_test: FAIL: pdflatex could not compile the cairolatex figures and the ovp table"; exit 1
fi
[ -s paper.pdf ] || { echo "latex_test: FAIL: no paper.pdf"; exit 1; }
echo "latex_test: passed ($work/paper.pdf)"
