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

# expect_ran PATTERN CMD...: the run went through (exit 0, 4 when an empirical
# claim does not hold on this instance, 1 when a hypotheses-met one does not)
# and printed PATTERN.
expect_ran() {
  local pattern=$1; shift
  local out rc
  out=$("$@" 2>&1); rc=$?
  if ! [[ $rc =~ ^[014]$ ]] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: '$*' -> exit $rc (want 0, 1 or 4), output:"; echo "$out" | head -5
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

# bounded CMD...: at most 10 s and 4 GB of address space, so a regression (a
# read that blocks or never ends) fails instead of hanging or filling memory.
# No memory cap under ASan, whose shadow memory needs terabytes of addresses.
bounded() {
  ( grep -q __asan_init "$ovp" 2>/dev/null || ulimit -v 4000000; exec timeout 10 "$@" )
}

# --- help and usage
expect 0 "commands:" "$ovp" --help
expect 2 "usage: ovp" "$ovp"
expect 2 "unknown command 'frobnicate'" "$ovp" frobnicate
expect 0 "P3.T4.1" "$ovp" list
expect 0 "--names" "$ovp" list --help
expect 2 "unknown option '--name'" "$ovp" list --name
# list --names: the harnesses `ovp list` describes, in its order, bare, one a line
names=$("$ovp" list --names)
[ -n "$names" ] && [ "$names" = "$("$ovp" list | grep -E '^[^ ]' | cut -d' ' -f1)" ] ||
  { echo "FAIL: 'ovp list --names' is not the harnesses of 'ovp list': $names"; fails=$((fails + 1)); }
for h in $names; do expect 0 "usage: ovp verify $h" "$ovp" verify "$h" --help; done
expect 0 "harnesses: $(echo $names | sed 's/ /, /g') " "$ovp" verify --help  # every harness, in list order
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
# numbers are plain decimal: no hex, no leading space or '+'; nothing above 2^64-1
expect 2 "--step must be a number in \[1e-300, 1e\+300\], not '0x10'" "$ovp" verify du2019 --step 0x10 $small --out bad
expect 2 "--step must be a number .*, not '\+0.5'" "$ovp" verify du2019 --step +0.5 $small --out bad
expect 2 "--n must be an integer in \[1, [0-9]+\], not ' 5'" "$ovp" verify du2019 --n ' 5' $small --out bad
expect 2 "--n must be an integer in \[1, [0-9]+\], not '.5'" "$ovp" verify du2019 --n "$(printf '\t5')" $small --out bad
expect 2 "--n must be an integer in \[1, [0-9]+\], not '\+5'" "$ovp" verify du2019 --n +5 $small --out bad
expect 2 "--seed must be an integer in \[0, [0-9]+\], not '18446744073709551616'" \
  "$ovp" verify du2019 --seed 18446744073709551616 $small --out bad
no_files bad

# --- bad data
printf '1,2,3\n4,5\n' >ragged.csv
printf 'x1,x2,y\n1,nan,0\n' >nan.csv
printf 'x1,x2,y\n1,inf,0\n' >inf.csv
: >empty.csv
printf 'x1,x2,y\n' >header_only.csv
printf '1,2,5\n4,abc,6\n' >word.csv
printf '1,2,5\n4,,6\n' >hole.csv
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
# --data takes regular files only: refused before a byte is read
mkfifo fifo.csv && mkdir -p adir
expect 2 "'/dev/zero' is a character device, not a regular file" \
  bounded "$ovp" verify du2019 --data /dev/zero --out bad
expect 2 "'fifo.csv' is a FIFO, not a regular file" bounded "$ovp" verify du2019 --data fifo.csv --out bad
expect 2 "'adir' is a directory, not a regular file" bounded "$ovp" verify du2019 --data adir --out bad
expect 2 "'fifo.csv' is a FIFO, not a regular file" bounded "$ovp" verify dulee2018 --data fifo.csv --out bad
no_files bad

# --- unwritable output
touch afile
# a folder that cannot be made is an I/O failure (exit 3), as a full disk is
expect 3 "is not a directory" "$ovp" verify du2019 $small --out afile
expect 3 "cannot create directory '/proc/ovp-nowhere'" "$ovp" verify du2019 $small --out /proc/ovp-nowhere/r
expect 2 "no results in nowhere/du2019/ci" "$ovp" plot du2019 --results nowhere

# --- good user data: header, rows not unit norm (normalised, with a note)
awk 'BEGIN { srand(3); print "a,b,c,d,e,label";
  for (i = 0; i < 12; i++) { l = ""; for (j = 0; j < 5; j++) l = l sprintf("%.6f,", 3 * rand() - 1.5); print l sprintf("%.3f", rand()) } }' >good.csv
expect_ran "12 of 12 rows of good.csv were not unit norm and were normalised" \
  "$ovp" verify du2019 --data good.csv --widths 2000,4000 --iters 20 --quiet --out user
"$json_check" user/du2019/ci/summary.json || { echo "FAIL: summary.json is not valid JSON"; fails=$((fails + 1)); }
grep -q '"lambda0"' user/du2019/ci/summary.json || { echo "FAIL: no lambda0 quantity"; fails=$((fails + 1)); }
grep -q '"data_sha256"' user/du2019/ci/summary.json || { echo "FAIL: no data hash in provenance"; fails=$((fails + 1)); }
ls user/du2019/ci | grep -q tmp && { echo "FAIL: temporary files left"; fails=$((fails + 1)); }

# --- reproducible: same seed -> identical CSVs, whatever --threads; other seed differs
run() { "$ovp" verify du2019 --widths 300,600,900 --iters 10 --n 30 --d 8 --quiet "$@" >/dev/null; }
run --out r1 --threads 1; run --out r2 --threads 2; run --out r3 --seed 2  # exit 4 (an empirical FAIL) is fine here
for f in trace.csv widths.csv; do
  cmp -s r1/du2019/ci/$f r2/du2019/ci/$f || { echo "FAIL: $f differs between --threads 1 and 2"; fails=$((fails + 1)); }
  cmp -s r1/du2019/ci/$f r3/du2019/ci/$f && { echo "FAIL: $f identical for seeds 1 and 2"; fails=$((fails + 1)); }
done

# --- the largest seed, 2^64-1, runs and is written whole (not as a negative number)
"$ovp" verify du2019 --seed 18446744073709551615 $small --out seedmax >/dev/null 2>&1 &&
  grep -q '"seed": 18446744073709551615,' seedmax/du2019/ci/summary.json ||
  { echo "FAIL: --seed 18446744073709551615 not run or not written exactly"; fails=$((fails + 1)); }

# --- figures: the same results give the same bytes (PNG and PDF)
"$ovp" plot du2019 --results r1 --figures f1 >/dev/null 2>&1 && sleep 1 &&
  "$ovp" plot du2019 --results r1 --figures f2 >/dev/null 2>&1 || { echo "FAIL: ovp plot du2019"; fails=$((fails + 1)); }
for f in f1/ci/*; do
  cmp -s "$f" "f2/${f#f1/}" || { echo "FAIL: rendering ${f#f1/} twice gave different bytes"; fails=$((fails + 1)); }
done

# --- shards and merge: the same files as one run
for i in 1 2 3; do
  expect 0 "shard $i/3 done" "$ovp" verify du2019 --widths 300,600,900 --iters 10 --n 30 --d 8 --quiet --out sh --shard $i/3
done
expect 0 "26 claims|pass" "$ovp" merge sh/du2019/ci
for f in trace.csv widths.csv; do
  cmp -s r1/du2019/ci/$f sh/du2019/ci/$f || { echo "FAIL: merged shards' $f differs from one run"; fails=$((fails + 1)); }
done
expect 2 "--shard takes I/N" "$ovp" verify du2019 --shard 0/3 --out bad
expect 2 "--shard takes I/N" "$ovp" verify du2019 --shard 4/3 --out bad
expect 2 "holds no tasks" "$ovp" merge r3/nothing

# --- resume: kill a run mid-way (SIGKILL: no chance to tidy up), rerun, same files.
# No gradient flow here (--flow-widths 0): under the sanitizers the flow at m = 4000 makes
# the first task outlast the 15 s this test waits for it; killresume_test.sh covers the flow.
big="--widths 4000,8000,12000,16000,20000,24000 --iters 40 --n 80 --d 20 --flow-widths 0 --quiet"
"$ovp" verify du2019 $big --out whole >/dev/null 2>&1
"$ovp" verify du2019 $big --out cut >/dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do [ -e cut/du2019/ci/tasks/task-000001.txt ] && break; sleep 0.05; done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
if [ -e cut/du2019/ci/summary.json ]; then
  echo "FAIL: the run finished before it could be killed; make the resume test bigger"; fails=$((fails + 1))
fi
for f in cut/du2019/ci/tasks/task-*.txt; do  # every task file on disk is whole
  [ "$(tail -n 2 "$f" | head -n 1)" = "end" ] || { echo "FAIL: half-written $f"; fails=$((fails + 1)); }
done
expect 0 "resuming: [1-5] tasks already finished" "$ovp" verify du2019 ${big/--quiet/} --out cut
for f in trace.csv widths.csv; do
  cmp -s whole/du2019/ci/$f cut/du2019/ci/$f || { echo "FAIL: resumed $f differs"; fails=$((fails + 1)); }
done
expect 0 "all 6 tasks were already finished" "$ovp" verify du2019 ${big/--quiet/} --out cut
expect 0 "discarded 6 finished tasks of another configuration" "$ovp" verify du2019 --widths 300 --iters 2 --n 80 --d 20 --out cut

# --- dulee2018: --data path and options
printf 'a,b,y\n0,0,1\n0,0,2\n' >zero_features.csv
expect 2 "every feature of zero_features.csv is zero" "$ovp" verify dulee2018 --data zero_features.csv --out bad
expect 2 "line 2 has 2 fields, expected 3" "$ovp" verify dulee2018 --data ragged.csv --out bad
expect 2 "--ns describes synthetic data" "$ovp" verify dulee2018 --data good.csv --ns 5 --out bad
expect 2 "--k is the width for --data" "$ovp" verify dulee2018 --k 3 --out bad
expect 2 "--lambda must be a number" "$ovp" verify dulee2018 --lambda 0 --out bad
expect 2 "--loss must be one of" "$ovp" verify dulee2018 --loss hinge --out bad
no_files bad
expect 0 "P1.T3.1.cert .*pass" "$ovp" verify dulee2018 --data good.csv --lambda 0.01 --out user
"$json_check" user/dulee2018/ci/summary.json || { echo "FAIL: dulee2018 summary.json is not valid JSON"; fails=$((fails + 1)); }
for q in opt_value opt_trace; do
  grep -q "\"$q\"" user/dulee2018/ci/summary.json || { echo "FAIL: no $q quantity"; fails=$((fails + 1)); }
done
expect 4 "P1.T3.1.cert .*empirical .*FAIL" "$ovp" verify dulee2018 --data good.csv --k 1 --out user  # k < d: empirical
p1() { "$ovp" verify dulee2018 --d 5 --ns 8,20 --ks 1,2,5 --seeds 2 --inits 2 --rad-samples 50 --gen-seeds 1 --quiet "$@" >/dev/null; }
p1 --out p1a --threads 1; p1 --out p1b --threads 2
for f in sosp.csv instances.csv rademacher.csv general.csv; do
  cmp -s p1a/dulee2018/ci/$f p1b/dulee2018/ci/$f || { echo "FAIL: dulee2018 $f differs between --threads 1 and 2"; fails=$((fails + 1)); }
done

# --- oymak2019 (P2): its options, --data (Theorem 2 sweep only), reproducibility
expect 0 "--sweep-n" "$ovp" verify oymak2019 --help
expect 2 "--widths: 1001 is odd" "$ovp" verify oymak2019 --widths 1001 --out bad
expect 2 "--ratios must be strictly ascending" "$ovp" verify oymak2019 --ratios 2,1 --out bad
expect 2 "--only must be one of gd\|sweep\|spectrum" "$ovp" verify oymak2019 --only all --out bad
expect 2 "--data runs the Theorem 2 sweep \(P2.T2\) only" "$ovp" verify oymak2019 --data good.csv --only gd --out bad
expect 2 "--sweep-n describes synthetic data" "$ovp" verify oymak2019 --data good.csv --sweep-n 20 --out bad
expect 2 "rows 1 and 3 point in the same direction" "$ovp" verify oymak2019 --data duplicate.csv --out bad
expect 2 "row 2 has zero norm" "$ovp" verify oymak2019 --data zero_row.csv --out bad
no_files bad
expect_ran "12 of 12 rows of good.csv were not unit norm and were normalised" \
  "$ovp" verify oymak2019 --data good.csv --quiet --out user
"$json_check" user/oymak2019/ci/summary.json || { echo "FAIL: oymak2019 summary.json is not valid JSON"; fails=$((fails + 1)); }
grep -q '"alpha": [0-9]' user/oymak2019/ci/summary.json || { echo "FAIL: no quantities.alpha for --data"; fails=$((fails + 1)); }
grep -q '"P2.T2"' user/oymak2019/ci/summary.json || { echo "FAIL: --data did not run P2.T2"; fails=$((fails + 1)); }
p2() { "$ovp" verify oymak2019 --n 8 --d 24 --widths 200,400 --iters 300 --sweep-n 15,30 --seeds 3 --f1-n 40 --f1-k 100 --quiet "$@" >/dev/null; }
p2 --out q1 --threads 1; p2 --out q2 --threads 2; p2 --out q3 --seed 2
for f in gd_trace.csv gd.csv sweep.csv kstar.csv spectrum.csv; do
  cmp -s q1/oymak2019/ci/$f q2/oymak2019/ci/$f || { echo "FAIL: oymak2019 $f differs between --threads 1 and 2"; fails=$((fails + 1)); }
  cmp -s q1/oymak2019/ci/$f q3/oymak2019/ci/$f && { echo "FAIL: oymak2019 $f identical for seeds 1 and 2"; fails=$((fails + 1)); }
done

# --- safran2021: no --data, bad ranges refused; same CSVs whatever --threads
expect 2 "safran2021 takes no --data" "$ovp" verify safran2021 --data good.csv --out bad
expect 2 "--n-min 9 exceeds --n-max 8" "$ovp" verify safran2021 --n-min 9 --out bad
expect 2 "--runs must be an integer in \[1," "$ovp" verify safran2021 --runs 0 --out bad
expect 2 "--local-n takes a comma-separated list" "$ovp" verify safran2021 --local-n 4,1 --out bad
no_files bad
p4="--n-min 6 --n-max 7 --runs 40 --local-n 4 --random-teachers 1 --eps-points 3 --directions 10 --quiet"
# exit 4 is fine here: an empirical claim (P4.P21 at 40 runs) may not hold
for t in 1 2; do
  "$ovp" verify safran2021 $p4 --out p4$t --threads $t >/dev/null
  [[ $? =~ ^[04]$ ]] || { echo "FAIL: safran2021 small run, --threads $t"; fails=$((fails + 1)); }
done
for f in cells.csv runs.csv minima.csv local.csv one_point_fraction.csv global_hessian.csv; do
  cmp -s p41/safran2021/ci/$f p42/safran2021/ci/$f || { echo "FAIL: safran2021 $f differs between --threads 1 and 2"; fails=$((fails + 1)); }
done
"$json_check" p41/safran2021/ci/summary.json || { echo "FAIL: safran2021 summary.json is not valid JSON"; fails=$((fails + 1)); }
grep -q '"spurious_rate_n7_k7"' p41/safran2021/ci/summary.json || { echo "FAIL: no spurious_rate quantity"; fails=$((fails + 1)); }

if [ "$fails" -gt 0 ]; then echo "$fails CLI checks failed"; exit 1; fi
echo "all CLI checks passed"
