#!/usr/bin/env bash
# tests/cli_test.sh OVP JSON_CHECK WORKDIR: the command line as a user meets it.
# Bad input -> exit 2, one clear message, no file written; good input -> results
# that are valid JSON and bit-identical for the same seed, whatever --threads.
set -u
ovp=$1 json_check=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fails=0

# expect CODE PATTERN CMD...: exit code and a pattern in stdout+stderr.
expect() {
  local code=$1 pattern=$2; shift 2
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: '$*' -> exit $rc (want $code), output:"; echo "$out" | head -5
    echo "      (wanted pattern: $pattern)"
    fails=$((fails + 1))
  fi
}

# no_files DIR: a refused run leaves nothing behind.
no_files() {
  if [ -e "$1" ] && [ -n "$(find "$1" -type f)" ]; then
    echo "FAIL: files left in $1: $(find "$1" -type f | head -3)"; fails=$((fails + 1))
  fi
}

small="--widths 300 --iters 5 --quiet"

# --- help and usage
expect 0 "commands:" "$ovp" --help
expect 2 "usage: ovp" "$ovp"
expect 2 "unknown command 'frobnicate'" "$ovp" frobnicate
expect 0 "P3.T4.1" "$ovp" list
expect 0 "harnesses: du2019" "$ovp" verify --help
expect 0 "--widths" "$ovp" verify du2019 --help
expect 0 "gnuplot" "$ovp" plot --help
expect 2 "which harness" "$ovp" verify
expect 2 "unknown harness 'nope'" "$ovp" verify nope

# --- bad options
expect 2 "unknown option '--bogus'" "$ovp" verify du2019 --bogus --out bad
expect 2 "--n must be an integer in \[1," "$ovp" verify du2019 --n 0 --out bad
expect 2 "--iters must be an integer" "$ovp" verify du2019 --iters -5 --out bad
expect 2 "--widths takes a comma-separated list" "$ovp" verify du2019 --widths 10,0 --out bad
expect 2 "--step must be a number" "$ovp" verify du2019 --step nan --out bad
expect 2 "--seed must be an integer" "$ovp" verify du2019 --seed abc --out bad
expect 2 "--scale must be one of ci\|paper" "$ovp" verify du2019 --scale huge --out bad
expect 2 "--threads needs a value" "$ovp" verify du2019 --threads
expect 2 "given twice" "$ovp" verify du2019 --seed 1 --seed 2 --out bad
expect 2 "needs about .* GB" "$ovp" verify du2019 --n 1000000 --widths 100000000 --out bad
no_files bad

# --- bad data
printf '1,2,3\n4,5\n' >ragged.csv
printf 'x1,x2,y\n1,nan,0\n' >nan.csv
printf 'x1,x2,y\n1,inf,0\n' >inf.csv
: >empty.csv
printf 'x1,x2,y\n' >header_only.csv
printf '1,2,3\n4,abc,6\n' >word.csv
printf '1,2,3\n4,,6\n' >hole.csv
printf '1\n2\n' >one_column.csv
printf '1,0,1\n0,1,2\n1,0,3\n' >duplicate.csv
printf '1,1,1\n0,1,2\n2,2,3\n' >parallel.csv
printf '1,0,1\n0,0,2\n' >zero_row.csv
expect 2 "cannot open 'missing.csv'" "$ovp" verify du2019 --data missing.csv --out bad
expect 2 "line 2 has 2 fields, expected 3" "$ovp" verify du2019 --data ragged.csv --out bad
expect 2 "line 2, field 2: 'nan' is not finite" "$ovp" verify du2019 --data nan.csv --out bad
expect 2 "'inf' is not finite" "$ovp" verify du2019 --data inf.csv --out bad
expect 2 "no data rows \(empty file\)" "$ovp" verify du2019 --data empty.csv --out bad
expect 2 "only a header" "$ovp" verify du2019 --data header_only.csv --out bad
expect 2 "line 2, field 2: 'abc' is not a number" "$ovp" verify du2019 --data word.csv --out bad
expect 2 "line 2, field 2 is empty" "$ovp" verify du2019 --data hole.csv --out bad
expect 2 "at least 2 columns" "$ovp" verify du2019 --data one_column.csv --out bad
expect 2 "rows 1 and 3 point in the same direction" "$ovp" verify du2019 --data duplicate.csv $small --out bad
expect 2 "rows 1 and 3 point in the same direction" "$ovp" verify du2019 --data parallel.csv $small --out bad
expect 2 "row 2 has zero norm" "$ovp" verify du2019 --data zero_row.csv --out bad
expect 2 "with --data they come from the file" "$ovp" verify du2019 --data ragged.csv --n 5 --out bad
expect 2 "--data needs one harness" "$ovp" verify all --data ragged.csv --out bad
no_files bad

# --- unwritable output
touch afile
expect 2 "is not a directory" "$ovp" verify du2019 $small --out afile
expect 2 "no results in nowhere/du2019/ci" "$ovp" plot du2019 --results nowhere

# --- good user data: header, rows not unit norm (normalised, with a note)
awk 'BEGIN { srand(3); print "a,b,c,d,e,label";
  for (i = 0; i < 12; i++) { l = ""; for (j = 0; j < 5; j++) l = l sprintf("%.6f,", 3 * rand() - 1.5); print l sprintf("%.3f", rand()) } }' >good.csv
expect 0 "12 of 12 rows of good.csv were not unit norm and were normalised" \
  "$ovp" verify du2019 --data good.csv --widths 2000,4000 --iters 20 --quiet --out user
"$json_check" user/du2019/ci/summary.json || { echo "FAIL: summary.json is not valid JSON"; fails=$((fails + 1)); }
grep -q '"lambda0"' user/du2019/ci/summary.json || { echo "FAIL: no lambda0 quantity"; fails=$((fails + 1)); }
grep -q '"data_fnv1a64"' user/du2019/ci/summary.json || { echo "FAIL: no data hash in provenance"; fails=$((fails + 1)); }
ls user/du2019/ci | grep -q tmp && { echo "FAIL: temporary files left"; fails=$((fails + 1)); }

# --- reproducible: same seed -> identical CSVs, whatever --threads; other seed differs
run() { "$ovp" verify du2019 --widths 300,600,900 --iters 10 --n 30 --d 8 --quiet "$@" >/dev/null; }
run --out r1 --threads 1 && run --out r2 --threads 2 && run --out r3 --seed 2
for f in trace.csv widths.csv; do
  cmp -s r1/du2019/ci/$f r2/du2019/ci/$f || { echo "FAIL: $f differs between --threads 1 and 2"; fails=$((fails + 1)); }
  cmp -s r1/du2019/ci/$f r3/du2019/ci/$f && { echo "FAIL: $f identical for seeds 1 and 2"; fails=$((fails + 1)); }
done

# --- safran2021: no --data, bad ranges refused; same CSVs whatever --threads
expect 2 "safran2021 takes no --data" "$ovp" verify safran2021 --data good.csv --out bad
expect 2 "--n-min 9 exceeds --n-max 8" "$ovp" verify safran2021 --n-min 9 --out bad
expect 2 "--runs must be an integer in \[1," "$ovp" verify safran2021 --runs 0 --out bad
expect 2 "--local-n takes a comma-separated list" "$ovp" verify safran2021 --local-n 4,1 --out bad
no_files bad
p4="--n-min 6 --n-max 7 --runs 40 --local-n 4 --random-teachers 1 --eps-points 3 --directions 10 --quiet"
"$ovp" verify safran2021 $p4 --out p4a --threads 1 >/dev/null && "$ovp" verify safran2021 $p4 --out p4b --threads 2 >/dev/null \
  || { echo "FAIL: safran2021 small run"; fails=$((fails + 1)); }
for f in cells.csv runs.csv minima.csv local.csv one_point_fraction.csv global_hessian.csv; do
  cmp -s p4a/safran2021/ci/$f p4b/safran2021/ci/$f || { echo "FAIL: safran2021 $f differs between --threads 1 and 2"; fails=$((fails + 1)); }
done
"$json_check" p4a/safran2021/ci/summary.json || { echo "FAIL: safran2021 summary.json is not valid JSON"; fails=$((fails + 1)); }
grep -q '"spurious_rate_n7_k7"' p4a/safran2021/ci/summary.json || { echo "FAIL: no spurious_rate quantity"; fails=$((fails + 1)); }

if [ "$fails" -gt 0 ]; then echo "$fails CLI checks failed"; exit 1; fi
echo "all CLI checks passed"
