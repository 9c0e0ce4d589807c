#!/usr/bin/env bash
# tests/runstate_test.sh OVP WORKDIR: the run-state attacks of issue 10. Each
# block is one attack, with what ovp must answer; every one failed before the
# keyed task files, the committed result set, the lock and the signal handling.
set -u
ovp=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fails=0 passes=0

ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# same A B: two files byte for byte
same() { if cmp -s "$1" "$2"; then ok; else bad "$1 differs from $2 ${3:-}"; fi; }
# same_run A B: two results folders hold the same run: CSVs byte for byte, and
# the summary's verdict, quantities and claims (its notes say how the run went,
# e.g. what it discarded; its provenance records times and hosts)
same_run() {
  local f
  for f in "$1"/*.csv; do same "$f" "$2/$(basename "$f")" "${3:-}"; done
  if cmp -s <(sed '/"notes": \[/,$d' "$1/summary.json") <(sed '/"notes": \[/,$d' "$2/summary.json"); then ok
  else bad "$1/summary.json and $2/summary.json differ before the notes ${3:-}"; fi
}
# expect CODE PATTERN CMD...: exit code and a pattern in stdout+stderr
expect() {
  local code=$1 pattern=$2; shift 2
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    bad "'$*' -> exit $rc (want $code), output: $(head -c 600 <<<"$out") (wanted: $pattern)"
  else ok; fi
}
no_temporaries() {
  local left
  left=$(find "$1" -name '*.tmp.*' 2>/dev/null | head -3)
  if [ -n "$left" ]; then bad "temporary files left in $1: $left"; else ok; fi
}

du="du2019 --n 20 --d 10 --widths 100,200,400,800 --iters 20 --quiet"
sa="safran2021 --n-min 3 --n-max 4 --runs 20 --local-n 3 --random-teachers 2 --directions 20 --quiet"
oy="oymak2019 --n 8 --d 16 --widths 200,400 --iters 200 --sweep-n 10,20 --seeds 2 --f1-n 20,40 --f1-k 100 --quiet"
dl="dulee2018 --d 4 --ns 4,8 --ks 1,2,4 --seeds 2 --inits 2 --rad-samples 100 --gen-seeds 2 --quiet"

# Reference runs, each alone in its folder. At these tiny sizes some empirical
# claims fail (exit 4; 1 for a hypotheses-met one); what matters is that the
# attacked runs say the same.
ref() { "$@" >/dev/null; local rc=$?; [[ $rc =~ ^[014]$ ]] || bad "reference run '$*' exits $rc"; return $rc; }
ref $ovp verify $du --seed 1 --out ref1
ref $ovp verify $du --seed 2 --out ref2
ref $ovp verify $sa --out ref1; sa_code=$?
ref $ovp verify $dl --out ref1
ref $ovp verify $oy --trace-every 3 --out ref3

# 1. Task files of another seed copied in are discarded and recomputed, never reused.
$ovp verify $du --seed 1 --out copied >/dev/null
cp ref2/du2019/ci/tasks/task-*.txt copied/du2019/ci/tasks/
expect 0 "discarded 4 saved task files of another run" $ovp verify ${du/--quiet/} --seed 1 --out copied
same_run copied/du2019/ci ref1/du2019/ci "(seed-2 task files were copied in)"
grep -q "were discarded and recomputed" copied/du2019/ci/summary.json && ok || bad "the discard is not in the run's notes"

# 2. Two seeds into one --out, the first stopped midway: the second run's files are all its own.
$ovp verify $du --seed 1 --out twoseeds >/dev/null
rm twoseeds/du2019/ci/tasks/task-00000[13].txt   # as if stopped before those tasks
$ovp verify $du --seed 2 --out twoseeds >/dev/null || bad "seed 2 after seed 1"
same_run twoseeds/du2019/ci ref2/du2019/ci "(seed 2 after a stopped seed 1)"
grep -q '"seed": 2,' twoseeds/du2019/ci/summary.json && ok || bad "summary.json does not name seed 2"

# 2b. A second run while the first is stopped (Ctrl-Z): refused, so the stopped
#     run cannot later write its seed's files among the second run's.
$ovp verify du2019 --n 60 --d 20 --widths 2000,4000 --iters 300 --seed 1 --quiet --out stopped >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do [ -d stopped/du2019/ci/tasks ] && break; sleep 0.1; done
sleep 0.3
kill -STOP $pid
expect 3 "another ovp run is using" $ovp verify du2019 --n 60 --d 20 --widths 2000,4000 --iters 300 --seed 2 --out stopped
kill -CONT $pid; wait $pid
$ovp verify du2019 --n 60 --d 20 --widths 2000,4000 --iters 300 --seed 2 --quiet --out stopped >/dev/null
$ovp verify du2019 --n 60 --d 20 --widths 2000,4000 --iters 300 --seed 2 --quiet --out stopped-ref >/dev/null
same_run stopped/du2019/ci stopped-ref/du2019/ci "(seed 2 after a stopped seed-1 run)"

# 3. A harness's task files dropped into another harness's folder: no false FAILs.
mkdir -p foreign && cp -r ref1/safran2021 foreign/
cp ref1/dulee2018/ci/tasks/task-*.txt foreign/safran2021/ci/tasks/
expect $sa_code "discarded 10 saved task files of another run" $ovp verify ${sa/--quiet/} --out foreign
same_run foreign/safran2021/ci ref1/safran2021/ci "(dulee2018 task files dropped in)"

# 4. An option that changes results changes the key: oymak2019 --trace-every.
$ovp verify $oy --trace-every 2 --out trace >/dev/null
$ovp verify $oy --trace-every 3 --out trace >/dev/null
same_run trace/oymak2019/ci ref3/oymak2019/ci "(--trace-every 2 then 3)"

# 5. A full disk during the second run leaves the first run's complete set.
$ovp verify $sa --seed 1 --out full >/dev/null
cp -r full/safran2021/ci full-before
# RLIMIT_FSIZE stands in for a full disk: with SIGXFSZ ignored, a write past it
# fails with EFBIG, as one fails with ENOSPC (no root, no loop device needed).
out=$(bash -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' _ $ovp verify $sa --seed 2 --out full 2>&1); rc=$?
[ "$rc" -eq 3 ] && ok || bad "a write failure exits $rc, not 3: $out"
grep -q "cannot write" <<<"$out" && ok || bad "no 'cannot write' message: $out"
same_run full/safran2021/ci full-before "(after a failed second run)"
$ovp check full/safran2021/ci >/dev/null && ok || bad "ovp check refuses the previous complete run"
no_temporaries full

# 6. A folder whose CSV does not match its summary is refused by its readers.
cp -r ref1/du2019 edited
echo "400,0,0,1,1,1,0,0,0,1,1,1" >>edited/ci/trace.csv
expect 2 "trace.csv does not match summary.json" $ovp check edited/ci
rm edited/ci/summary.json
expect 2 "holds no complete run" $ovp check edited/ci

# 7. One run per results folder: a second run is refused while the first holds it.
$ovp verify du2019 --n 60 --d 20 --widths 2000,4000,8000 --iters 300 --quiet --out locked >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do [ -d locked/du2019/ci/tasks ] && break; sleep 0.1; done
sleep 0.3
expect 3 "another ovp run is using .*locked/du2019/ci" $ovp verify $du --out locked
kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null

# 8. SIGINT and SIGTERM stop cleanly: exit 130 / 143, no temporary file left,
#    and the next start resumes.
for sig in INT TERM; do
  dir=sig$sig
  # A script's background job starts with SIGINT ignored (and ovp keeps it so,
  # as utilities do); env --default-signal gives it the default back.
  env --default-signal=INT $ovp verify du2019 --n 60 --d 20 --widths 1000,2000,4000,8000 --iters 300 --quiet --out $dir \
    >$dir.out 2>&1 &
  pid=$!
  sleep 1.5
  kill -$sig $pid; wait $pid; rc=$?
  want=$([ $sig = INT ] && echo 130 || echo 143)
  [ "$rc" -eq "$want" ] && ok || bad "SIG$sig: exit $rc, want $want ($(cat $dir.out))"
  grep -q "interrupted; temporary files removed" $dir.out && ok || bad "SIG$sig: no message: $(cat $dir.out)"
  no_temporaries $dir
done

# 9. Temporaries a killed run left (kill -9 during the final writes) are swept at the next start.
$ovp verify $du --out sweep >/dev/null
touch sweep/du2019/ci/trace.csv.tmp.999999 sweep/du2019/ci/tasks/task-000001.txt.tmp.999999
$ovp verify $du --out sweep >/dev/null || bad "run over stale temporaries"
no_temporaries sweep

# 10. ovp merge DIR/ and ovp merge . write into DIR, whatever its spelling.
for spelling in slash dot; do
  $ovp verify $du --shard 1/2 --out m$spelling >/dev/null
  $ovp verify $du --shard 2/2 --out m$spelling >/dev/null
  if [ $spelling = slash ]; then $ovp merge m$spelling/du2019/ci/ --quiet >/dev/null || bad "merge DIR/"
  else (cd m$spelling/du2019/ci && $ovp merge . --quiet >/dev/null) || bad "merge ."; fi
  same_run m$spelling/du2019/ci ref1/du2019/ci "(merge spelled with $spelling)"
  [ -z "$(find m$spelling -mindepth 1 -maxdepth 1 ! -name du2019)" ] && ok || bad "merge wrote outside DIR: $(ls m$spelling)"
done

# 11. --blas-threads above the cores: one clamp, said, for verify and merge alike.
cores=$(nproc)
big=$((cores + 3))
expect 0 "--blas-threads $big exceeds the $cores cores" $ovp verify $du --blas-threads $big --shard 1/2 --out clamp
$ovp verify $du --blas-threads $big --shard 2/2 --out clamp >/dev/null 2>&1
expect 0 "--blas-threads $big exceeds the $cores cores" $ovp merge clamp/du2019/ci
$ovp check clamp/du2019/ci >/dev/null && ok || bad "merged folder incomplete"

# 12. 64-bit seeds are exact in summary.json.
$ovp verify $du --seed 18446744073709551615 --out seed64 >/dev/null
grep -q '"seed": 18446744073709551615,' seed64/du2019/ci/summary.json && ok \
  || bad "seed 2^64-1 written as $(grep '"seed"' seed64/du2019/ci/summary.json)"

# 13. A folder that cannot be created is an I/O failure: exit 3.
expect 3 "cannot create directory|is not a directory" $ovp verify $du --out /dev/null/sub

# 14. Strict shard: decimal digits only.
expect 2 "--shard takes I/N" $ovp verify $du --shard ' 1/3' --out bad
expect 2 "--shard takes I/N" $ovp verify $du --shard +1/3 --out bad
expect 2 "--shard takes I/N" $ovp verify $du --shard 1/3x --out bad
[ -e bad ] && bad "a refused run left files in bad/" || ok

# 15. A progress line at least every 5 s, even while one long task runs (not a
#     terminal). Polled for up to 15 s, so a loaded machine delays it, never fails it.
$ovp verify du2019 --n 100 --d 50 --widths 200000 --iters 100 --out slow 2>slow.err >/dev/null &
pid=$!
for _ in $(seq 150); do grep -q "0/1 tasks  elapsed" slow.err 2>/dev/null && break; sleep 0.1; done
kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null
grep -qE "\[du2019\] 0/1 tasks  elapsed [5-9]\.[0-9] s" slow.err && ok || bad "no progress line during a long task: $(cat slow.err)"

echo "runstate: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
