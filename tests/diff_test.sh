#!/usr/bin/env bash
# tests/diff_test.sh OVP WORKDIR: `ovp diff` and `ovp verify --tag` (issue 16).
# Two runs of a small dulee2018 are equal; a perturbed claim, quantity or CSV cell
# is named and exits 1 unless --rtol covers it; bad input exits 2. Tagged runs of
# a sweep keep apart, resume in their own folder, merge and plot.
set -euo pipefail
ovp=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fails=0 passes=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect CODE PATTERN CMD...: exit code, and an extended regex in stdout+stderr
expect() {
  local code=$1 pattern=$2 out rc=0
  shift 2
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    bad "'$*' -> exit $rc (want $code), output: $(head -c 800 <<<"$out") (wanted: $pattern)"
  else passes=$((passes + 1)); fi
}
# check MESSAGE TEST...
check() { if "${@:2}"; then passes=$((passes + 1)); else bad "$1"; fi; }

# A second or less per run. --ks up to d: every figure of dulee2018 has its data.
base=(--d 4 --ns 4,8 --ks 1,2,3,4 --seeds 2 --inits 1 --rad-samples 50 --gen-seeds 2)
small=("${base[@]}" --quiet)
run() { "$ovp" verify dulee2018 "${small[@]}" "$@" >/dev/null; }

# --- two runs of the same command are equal (roots and run folders)
run --out a
run --out b
expect 0 '^ovp diff: equal within rtol 1e-09, atol 0 \(1 run: [0-9]+ claims' "$ovp" diff a b
expect 0 'equal within' "$ovp" diff a/dulee2018/ci b/dulee2018/ci

# --- a perturbed claim (observed x (1 + 1e-6)), quantity (+1) and CSV cell (x (1 + 1e-6))
cp -r b c
s=c/dulee2018/ci/summary.json
awk '!done && /"observed": -?[1-9]/ { n = $2; sub(/,$/, "", n); sub(/-?[0-9][0-9.e+-]*/, sprintf("%.17g", n * (1 + 1e-6))); done = 1 } 1' \
  "$s" >"$s.new" && mv "$s.new" "$s"
awk -F, -v OFS=, 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == "train_loss") col = k }
                  NR == 2 { $col = sprintf("%.17g", $col * (1 + 1e-6)) } 1' \
  b/dulee2018/ci/general.csv >c/dulee2018/ci/general.csv
claim=$(awk '/"id": /{ id = $2 } /"observed": -?[1-9]/ { gsub(/[",]/, "", id); print id; exit }' "$s")
expect 1 "^dulee2018/ci/summary.json: claim $claim .*observed: .* vs .*\(relative 1e-06\)" "$ovp" diff a c
expect 1 '^dulee2018/ci/general.csv: line 2, column train_loss: .* vs .*\(relative 1e-06\)' "$ovp" diff a c
expect 1 '^ovp diff: 2 differences in 1 of 1 run' "$ovp" diff a c
expect 1 '^dulee2018/ci: A: BLAS .*; cores [0-9]+; commit ' "$ovp" diff a c
expect 0 'equal within rtol 1e-05' "$ovp" diff a c --rtol 1e-5
expect 1 'line 2, column train_loss' "$ovp" diff a c --rtol 1e-7
# a verdict, a text cell, a quantity
awk '/"verdict": "pass"/ && ++n == 2 { sub(/"pass"/, "\"fail\"") } 1' "$s" >"$s.new" && mv "$s.new" "$s"
expect 1 "summary.json: claim .* verdict: 'pass' vs 'fail'" "$ovp" diff a c --rtol 1
q=$(awk '/"quantities"/ { getline; split($1, k, "\""); print k[2]; exit }' "$s")
sed -i "0,/\"$q\": /s/\"$q\": [^,]*/\"$q\": 12345/" "$s"
expect 1 "summary.json: quantity $q: .* vs 12345" "$ovp" diff a c
sed -i '1s/^n,/count,/' c/dulee2018/ci/general.csv
expect 1 "general.csv: header, column 1: 'n' vs 'count'" "$ovp" diff a c
# a run present in one root only
mkdir -p c/dulee2018/ci/extra && cp b/dulee2018/ci/*.{json,csv} c/dulee2018/ci/extra/
expect 1 '^dulee2018/ci/extra: run only in B' "$ovp" diff a c

# --- bad input: exit 2 with the cause and the fix
expect 2 "'nope' does not exist: give a run folder" "$ovp" diff a nope
expect 2 'is a run folder .* but .* is not' "$ovp" diff a/dulee2018/ci b
mkdir -p empty
expect 2 "'empty' holds no run" "$ovp" diff a empty
cp -r b broken && head -c 100 b/dulee2018/ci/summary.json >broken/dulee2018/ci/summary.json
expect 2 'summary.json is not valid JSON .*rerun' "$ovp" diff a broken
cp -r b gone && rm gone/dulee2018/ci/general.csv
expect 2 'general.csv is listed in its summary.json but cannot be read' "$ovp" diff a gone
expect 2 'option --rtol must be' "$ovp" diff a b --rtol -1
expect 2 'give two folders' "$ovp" diff a

# --- --tag: a sweep's runs keep apart, each in its own folder
run --out t --tag lam-1e-2 --lambda 1e-2
run --out t --tag lam-1e-3 --lambda 1e-3
run --out t
for tag in lam-1e-2 lam-1e-3; do
  check "no run in t/dulee2018/ci/$tag" [ -s t/dulee2018/ci/$tag/summary.json ]
  check "summary.json of $tag does not record it" grep -q "\"tag\": \"$tag\"" t/dulee2018/ci/$tag/summary.json
done
check 'the untagged run records a tag' bash -c '! grep -q "\"tag\"" t/dulee2018/ci/summary.json'
# ovp table reads a tagged run too
check 'ovp table --tag did not read the tagged run' bash -c "'$ovp' table dulee2018 --results t --tag lam-1e-3 --csv | grep -q P1"
expect 2 'tag' "$ovp" table dulee2018 --results t --tag 'a/b' --csv
check 'lambda 1e-2 overwritten' grep -q '"lambda": 0.01,' t/dulee2018/ci/lam-1e-2/summary.json
check 'lambda 1e-3 overwritten' grep -q '"lambda": 0.001,' t/dulee2018/ci/lam-1e-3/summary.json
expect 1 'differences' "$ovp" diff t/dulee2018/ci/lam-1e-2 t/dulee2018/ci/lam-1e-3
# the untagged run with lambda 1e-3 is the same as the run tagged lam-1e-3 ...
run --out u --lambda 1e-3
expect 0 'equal within' "$ovp" diff t/dulee2018/ci/lam-1e-3 u/dulee2018/ci
# ... and a root holds both: the tagged runs are found
expect 0 '^ovp diff: equal within .*\(3 runs' "$ovp" diff t t
# resume: the same command finds its tasks in its own folder only
expect 0 'all [0-9]+ tasks were already finished in t/dulee2018/ci/lam-1e-2/tasks' \
  "$ovp" verify dulee2018 "${base[@]}" --out t --tag lam-1e-2 --lambda 1e-2
expect 0 'equal within' "$ovp" diff t/dulee2018/ci/lam-1e-2 t/dulee2018/ci/lam-1e-2
# a tagged job array merges with the same --tag
run --out s --tag sw --shard 1/2
run --out s --tag sw --shard 2/2
expect 0 'results: m/dulee2018/ci/sw/summary.json' "$ovp" merge s/dulee2018/ci --tag sw --out m
expect 0 'equal within' "$ovp" diff m/dulee2018/ci/sw t/dulee2018/ci/lam-1e-3
check 'merged summary.json lost its tag' grep -q '"tag": "sw"' m/dulee2018/ci/sw/summary.json
mkdir -p s2 && cp -r s/dulee2018/ci/sw s2/other
expect 2 'written by a run with --tag sw, not --tag other' "$ovp" merge s2 --tag other
# bad tags
for tag in . .. a/b 'a b' tasks; do
  expect 2 'tag' "$ovp" verify dulee2018 "${small[@]}" --out t --tag "$tag"
done
expect 2 'name of a file of the untagged run' "$ovp" verify dulee2018 "${small[@]}" --out t --tag general.csv
expect 2 'not a safe folder name' "$ovp" plot dulee2018 --results t --tag ../x
# plot finds a tagged run (gnuplot is needed for this part only)
if command -v gnuplot >/dev/null; then
  expect 0 'figure: fig/ci/lam-1e-2/dulee2018_phase.png' "$ovp" plot dulee2018 --results t --tag lam-1e-2 --figures fig
  check 'figures of the untagged run written' [ ! -e fig/ci/dulee2018_phase.png ]
  expect 2 "run 'ovp verify dulee2018 --scale ci --tag nope' first" "$ovp" plot dulee2018 --results t --tag nope --figures fig
else
  echo "note: no gnuplot; 'ovp plot --tag' not checked"
fi

echo "diff_test: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
