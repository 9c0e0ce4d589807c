#!/usr/bin/env bash
# tests/bench_test.sh OVP JSON_CHECK WORKDIR: the bench smoke test. Tiny sizes, one
# repetition: the JSON parses, the compare path passes against itself, fails
# against a baseline that was (doctored to be) much faster, and refuses to judge
# a baseline of another BLAS core or library; ovp plot bench after --filter.
# No check here asserts a speed.
set -u
ovp=$1 json_check=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
quick="--quick --repetitions 1 --min-time 0"

"$ovp" bench $quick --json run1/latest.json >run1.log 2>&1 || { cat run1.log; fail "bench exited $?"; }
"$json_check" run1/latest.json run1/latest.provenance.json || fail "bench JSON does not parse"
grep -q '"unit": "s"' run1/latest.json && grep -q '"roofline_ratio"' run1/latest.json || fail "fields missing"
[ "$(head -c 1 run1/latest.json)" = "[" ] || fail "not an array (github-action-benchmark customSmallerIsBetter)"
grep -q '^roofline.dgemm' run1/latest.csv || fail "no roofline in the CSV"

# Against itself: no regression (a loose threshold: one repetition of a µs kernel is noisy).
"$ovp" bench $quick --json run2/latest.json --compare run1/latest.json --threshold 1000 >cmp.log 2>&1 ||
  { cat cmp.log; fail "self-compare reported a regression"; }
grep -q "0 regressions" cmp.log || fail "compare table missing"

# Against a baseline 10^12 times faster: every kernel regresses, exit 1.
sed -E 's/"normalised": [^,}]+/"normalised": 1e-12/' run1/latest.json >fast.json
cp run1/latest.provenance.json fast.provenance.json
"$ovp" bench $quick --filter 'relu2.gd_product' --json run3/latest.json --compare fast.json >reg.log 2>&1
rc=$?
[ $rc = 1 ] || { cat reg.log; fail "a regression must exit 1 (got $rc)"; }
grep -q "REGRESSION" reg.log || fail "regression not named in the table"

# A baseline holding none of the cases (renamed kernels, another --filter or
# --quick) would check nothing and pass: refused before the timing, exit 2, no file.
sed -E 's/"name": "/"name": "renamed./' run1/latest.json >renamed.json
cp run1/latest.provenance.json renamed.provenance.json
"$ovp" bench $quick --filter 'relu2.gd_product' --json run4/latest.json --compare renamed.json >none.log 2>&1
rc=$?
[ $rc = 2 ] || { cat none.log; fail "a baseline matching no case must exit 2 (got $rc)"; }
grep -q "0 of the 1 selected cases match an entry of the baseline renamed.json" none.log ||
  { cat none.log; fail "the no-match message is missing"; }
[ ! -e run4 ] || fail "a refused --compare wrote files"

# A partial baseline (run3 holds relu2.gd_product only): the unmatched count on stderr, no failure.
"$ovp" bench $quick --filter '^relu2' --json run5/latest.json --compare run3/latest.json --threshold 1000 \
  >part.log 2>part.err || { cat part.log part.err; fail "a partial baseline must not fail"; }
n_relu2=$("$ovp" bench $quick --list --filter '^relu2' | wc -l)   # the cases --filter selects
grep -q "$((n_relu2 - 1)) of the $n_relu2 cases have no entry in run3/latest.json" part.err ||
  { cat part.err; fail "unmatched count not on stderr"; }
grep -q "in 1 of $n_relu2 cases compared" part.log || fail "compare summary does not count the cases compared"

# Provenance: the CPU, its estimated peak, the BLAS core, both rooflines, the flags.
for key in cpu_model cpu_peak_gflops_estimate blas_core roofline_gflops_after implausible; do
  grep -q "\"$key\"" run1/latest.provenance.json || fail "provenance lacks $key"
done

# --compare refuses to judge another BLAS core or library, and a baseline without provenance
# (exit 2, results still written, every row "not judged"); the raw-time ratio is printed.
core=$(sed -nE 's/.*"blas_core": "([^"]*)".*/\1/p' run1/latest.provenance.json)
cp run1/latest.json othercore.json
sed -E 's/"blas_core": "[^"]*"/"blas_core": "NotTheCore"/' run1/latest.provenance.json >othercore.provenance.json
"$ovp" bench $quick --filter 'relu2.gd_product' --json run6/latest.json --compare othercore.json >core.log 2>&1
rc=$?
[ $rc = 2 ] || { cat core.log; fail "another BLAS core must exit 2 (got $rc)"; }
grep -q "the BLAS core $core differs from the baseline's NotTheCore" core.log || { cat core.log; fail "core refusal not named"; }
grep -q "not judged" core.log && grep -q "raw ratio" core.log || fail "refused table lacks 'not judged' or the raw ratio"
[ -s run6/latest.json ] || fail "a refused --compare must still write the results"
cp run1/latest.json otherlib.json
sed -E 's/OpenBLAS [0-9.]+ /OpenBLAS 9.9.9 /' run1/latest.provenance.json >otherlib.provenance.json
if grep -q 'OpenBLAS 9.9.9' otherlib.provenance.json; then
  "$ovp" bench $quick --filter 'relu2.gd_product' --json run7/latest.json --compare otherlib.json >lib.log 2>&1
  rc=$?
  [ $rc = 2 ] && grep -q "the BLAS library differs" lib.log || { cat lib.log; fail "another BLAS library must be refused (got $rc)"; }
fi
cp run1/latest.json noprov.json
"$ovp" bench $quick --filter 'relu2.gd_product' --json run8/latest.json --compare noprov.json >noprov.log 2>&1
rc=$?
[ $rc = 2 ] && grep -q "no readable noprov.provenance.json" noprov.log || { cat noprov.log; fail "a baseline without provenance must be refused (got $rc)"; }

# ovp plot bench after a --filter run without any scaling series.
mkdir -p filt/bench && cp run6/latest.csv filt/bench/latest.csv
"$ovp" plot bench --results filt --figures filtfigs >filt.log 2>&1 || { cat filt.log; fail "ovp plot bench after --filter failed"; }
[ -s filtfigs/bench/bench_scaling.png ] || fail "no scaling figure after --filter"

"$ovp" bench --filter '(' >/dev/null 2>&1; [ $? = 2 ] || fail "a bad regex must exit 2"
"$ovp" bench --filter 'no-such-kernel' >/dev/null 2>&1; [ $? = 2 ] || fail "an empty selection must exit 2"
"$ovp" plot bench --results . --figures figs >/dev/null 2>&1 && [ ! -e figs ] && fail "plot without data"
mkdir -p res && cp -r run1 res/bench
"$ovp" plot bench --results res --figures figs >plot.log 2>&1 || { cat plot.log; fail "ovp plot bench failed"; }
[ -s figs/bench/bench_roofline.png ] && [ -s figs/bench/bench_scaling.pdf ] || fail "bench figures missing"

[ $fails = 0 ] && echo "bench smoke test passed"
exit $fails
