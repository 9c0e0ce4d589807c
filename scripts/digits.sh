#!/usr/bin/env bash
# scripts/digits.sh: two classes of scikit-learn's digits (8×8 images, 64 pixel
# intensities 0..16), as shipped by Debian's python3-sklearn, into a CSV ovp reads:
# a header p0..p63,label, one image per row, label +1 for the first class and -1
# for the second, rows in the file's order. Arora et al. (2019) run their
# true-vs-random-label experiment on two classes of MNIST; this is its small kin.
#
#   scripts/digits.sh 0 1 out.csv    # digits 0 (+1) and 1 (-1): 360 rows
set -euo pipefail
src=${OVP_DIGITS:-/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz}
[ $# -eq 3 ] || { echo "usage: scripts/digits.sh CLASS_A CLASS_B OUT.csv (classes 0..9)" >&2; exit 2; }
a=$1 b=$2 out=$3
for c in "$a" "$b"; do
  [[ $c =~ ^[0-9]$ ]] || { echo "digits: class '$c' is not a digit 0..9" >&2; exit 2; }
done
[ "$a" != "$b" ] || { echo "digits: the two classes must differ" >&2; exit 2; }
[ -r "$src" ] || { echo "digits: $src not found: install Debian's python3-sklearn (scripts/bootstrap.sh does), or set OVP_DIGITS" >&2; exit 2; }
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{
  printf 'p%d,' $(seq 0 63)
  echo label
  zcat "$src" | awk -F, -v a="$a" -v b="$b" '
    NF != 65 { printf "digits: line %d has %d fields, not 65\n", NR, NF > "/dev/stderr"; exit 2 }
    $65 == a || $65 == b { $65 = ($65 == a) ? 1 : -1; print }' OFS=,
} > "$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "digits: classes $a (+1) and $b (-1): $(($(wc -l < "$out") - 1)) rows -> $out"
