#!/usr/bin/env bash
# tests/killresume_test.sh OVP WORKDIR [SEED]: runs killed at random moments and
# resumed give the uninterrupted run's files, byte for byte.
#
# For every harness (as `ovp list --names` gives them) and for 1 and 2 task
# threads: one uninterrupted run, then KILLS runs into another folder, the k-th
# stopped by SIGKILL, SIGTERM or SIGINT after a random delay in [0, 0.8 T / k]
# (T the uninterrupted run's time; a resumed run has less left to do), then a
# last run to the end. After every kill the folder must hold nothing or one
# complete run (ovp check) equal to the uninterrupted one, and no temporary file
# after SIGTERM or SIGINT; at the end its CSVs and summary (up to the
# provenance: times and hosts) must equal the uninterrupted run's. The delays
# come from SEED (printed), so a failure can be replayed.
set -u
ovp=$1 work=$2 seed=${3:-$(date +%s)}
kills_per_case=${OVP_KILLS:-5}
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
RANDOM=$seed
echo "killresume: seed $seed, $kills_per_case kills per harness and thread count"
fails=0 passes=0 landed=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Per-harness options, overrides only: medium sizes (a few seconds and several
# tasks each, so kills land mid-run). A harness not here runs at ci scale as is.
declare -A cfg=(
  [du2019]="--n 60 --d 20 --widths 500,1000,2000,4000,8000 --iters 100"
  [oymak2019]="--widths 1000,2000,4000 --iters 1000"
)

# same_files A B WHAT: CSVs byte for byte, summary.json up to the provenance.
same_files() {
  local f
  for f in "$2"/*.csv; do
    cmp -s "$1/$(basename "$f")" "$f" && ok || bad "$1/$(basename "$f") differs from $f ($3)"
  done
  cmp -s <(sed '/"provenance": {/,$d' "$1/summary.json") <(sed '/"provenance": {/,$d' "$2/summary.json") \
    && ok || bad "$1/summary.json differs from $2/summary.json before the provenance ($3)"
}

harnesses=$($ovp list --names) && [ -n "$harnesses" ] || { echo "FAIL: 'ovp list --names' gave no harness"; exit 1; }
for h in "${!cfg[@]}"; do  # an override for a harness ovp no longer has is a stale entry
  grep -qxF "$h" <<<"$harnesses" && ok || bad "options given for '$h', which ovp does not list"
done

for h in $harnesses; do
  for threads in 1 2; do
    args="verify $h ${cfg[$h]-} --threads $threads --quiet"
    start=$(date +%s%N)
    $ovp $args --out ref-$h-$threads >/dev/null 2>&1
    rc=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    [[ $rc =~ ^[014]$ ]] || { bad "$h threads $threads: the uninterrupted run exits $rc"; continue; }
    ref=ref-$h-$threads/$h/ci dir=kill-$h-$threads/$h/ci
    for k in $(seq "$kills_per_case"); do
      sig=$(printf 'KILL\nTERM\nINT\n' | sed -n "$((RANDOM % 3 + 1))p")
      delay=$((RANDOM * ms * 8 / 10 / k / 32768))
      # the default SIGINT disposition, which a script's background job lacks
      env --default-signal=INT $ovp $args --out kill-$h-$threads >/dev/null 2>kill.err &
      pid=$!
      sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
      kill -$sig $pid 2>/dev/null
      wait $pid 2>/dev/null
      got=$?
      what="$h threads $threads, kill $k: SIG$sig after $delay ms of $ms"
      # 137 for SIGKILL; ovp's own exit for SIGTERM (143) and SIGINT (130);
      # 0, 1 or 4 (a claim failed) when the run ended before the signal
      case $sig:$got in
        KILL:137 | TERM:143 | INT:130) landed=$((landed + 1)) ;;
        *:0 | *:1 | *:4) ;;
        *) bad "$what: exit $got ($(head -c 300 kill.err))" ;;
      esac
      if [ -e $dir/summary.json ]; then
        $ovp check $dir >/dev/null 2>&1 && ok || bad "incomplete set after $what: $($ovp check $dir 2>&1)"
        same_files $dir $ref "after $what"
      fi
      if [ $sig != KILL ]; then
        left=$(find kill-$h-$threads -name '*.tmp.*' | head -3)
        [ -z "$left" ] && ok || bad "temporary files after $what: $left"
      fi
    done
    $ovp $args --out kill-$h-$threads >/dev/null 2>&1
    [ $? -eq $rc ] && ok || bad "$h threads $threads: the resumed run's exit differs from $rc"
    same_files $dir $ref "$h threads $threads, resumed after $kills_per_case kills"
    [ -z "$(find kill-$h-$threads -name '*.tmp.*')" ] && ok || bad "$h threads $threads: temporaries left at the end"
  done
done

# Kills that stopped a running ovp (a run may end before its kill).
min_landed=${OVP_MIN_KILLS:-20}
[ $landed -ge "$min_landed" ] && ok || bad "only $landed kills reached a running ovp (want >= $min_landed)"
echo "killresume: $landed kills landed; $passes passed, $fails failed (seed $seed)"
[ "$fails" -eq 0 ]
