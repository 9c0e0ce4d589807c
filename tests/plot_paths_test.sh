#!/usr/bin/env bash
# tests/plot_paths_test.sh OVP WORKDIR: `ovp plot` never hands a user's path to a shell.
# Results, figures and plots directories whose names hold shell syntax ($(...), backticks,
# quotes, ;), gnuplot's pipe prefixes (a leading < or |) and a newline must still give every
# figure, run nothing (no PWNED* file appears), and leave no private directory behind.
set -u
ovp=$1 work=$2
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rm -rf "$work" && mkdir -p "$work/cwd" && cd "$work/cwd" || exit 1
passes=0 fails=0
fail() { echo "FAIL: $1"; fails=$((fails + 1)); }
# check MESSAGE TEST...: counts a pass when TEST succeeds, else prints FAIL: MESSAGE.
check() { if "${@:2}"; then passes=$((passes + 1)); else fail "$1"; return 1; fi; }
pwned_before=$(find /tmp -maxdepth 1 -name 'PWNED*')   # not ours to remove

# run_plot TMPDIR ARGS...: `ovp plot ARGS` (from cwd/, so a stray `touch` lands in WORKDIR);
# its private directory, named after its pid, must be gone from /tmp and TMPDIR.
run_plot() {
  local tmpdir=$1; shift
  TMPDIR=$tmpdir "$ovp" plot "$@" >plot.log 2>&1 &
  local pid=$!
  wait $pid
  local rc=$?
  check "ovp plot $1 exited $rc" [ $rc = 0 ] || tail -5 plot.log
  local left
  left=$(compgen -G "/tmp/ovp-plot-$pid-*"; compgen -G "$tmpdir/ovp-plot-$pid-*")
  check "private directory left behind: $left" [ -z "$left" ]
}

# has_figures DIR NAME...: DIR/NAME.png and DIR/NAME.pdf exist and are not empty.
has_figures() {
  local dir=$1; shift
  for name in "$@"; do
    for ext in png pdf; do
      check "figure missing: $(printf %q "$dir/$name.$ext")" [ -s "$dir/$name.$ext" ]
    done
  done
}

evil="'\$(touch PWNED1)' \"x;\$(touch PWNED2)\" \`touch PWNED3\`"
results="$work/r $evil"
figures="$work/f $evil"
plots="$work/p $evil"$'\n'"'nl"   # a newline: no gnuplot string literal can hold it
mkdir -p "$plots" "$work/tmp" && cp "$src"/plots/*.gp "$plots/"

# --- every harness ovp lists, into the malicious results root: tiny with the options here
# (overrides only), at ci scale as is when it has none
declare -A tiny=(
  [du2019]="--n 10 --d 5 --widths 50,100 --iters 5"
  [dulee2018]="--d 4 --ns 4,12 --ks 1,2,3,4 --seeds 1 --inits 2 --rad-samples 20 --gen-seeds 2"
  [oymak2019]="--n 4 --d 6 --widths 20,40 --iters 20 --sweep-n 5,10 --ratios 1,3,6,10 --seeds 2 --f1-k 40 --f1-n 5,10"
  [safran2021]="--n-min 8 --n-max 8 --extra 1 --runs 30 --local-n 2 --random-teachers 1 --eps-points 3 --directions 5"
)
harnesses=$("$ovp" list --names)
check "'ovp list --names' gave no harness" [ -n "$harnesses" ]
for h in "${!tiny[@]}"; do
  check "options given for '$h', which ovp does not list" grep -qxF "$h" <<<"$harnesses"
done
for h in $harnesses; do
  "$ovp" verify "$h" ${tiny[$h]-} --quiet --out "$results" >/dev/null
  rc=$?
  check "ovp verify $h exited $rc" [ $rc -le 1 -o $rc -eq 4 ]   # 1, 4: a claim may fail at a tiny size
done
"$ovp" bench --quick --repetitions 1 --min-time 0 --json "$results/bench/latest.json" >/dev/null 2>&1 ||
  fail "ovp bench failed"

# --- every figure, from and into malicious paths, with malicious scripts dir
harness_figs=() bench_figs=() dulee2018_figs=()
for gp in "$src"/plots/*_*.gp; do
  name=$(basename "$gp" .gp)
  case $name in bench_*) bench_figs+=("$name") ;; *) harness_figs+=("$name") ;; esac
  case $name in dulee2018_*) dulee2018_figs+=("$name") ;; esac
done
OVP_PLOTS_DIR=$plots run_plot /tmp all --results "$results" --figures "$figures"
has_figures "$figures/ci" "${harness_figs[@]}"
# A TMPDIR on another filesystem (tmpfs) makes ovp copy the figures out rather than rename.
shm=$work/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -c %d /dev/shm)" != "$(stat -c %d "$work")" ] && shm=/dev/shm
OVP_PLOTS_DIR=$plots run_plot "$shm" bench --results "$results" --figures "$figures"
has_figures "$figures/bench" "${bench_figs[@]}"

# --- relative paths starting with gnuplot's pipe prefixes (< reads a command, | writes to one),
# and a TMPDIR that is not safe to hand to gnuplot (ovp must fall back to /tmp)
cp -r "$results" "<touch PWNED4;r"
mkdir -p "<touch PWNED5;p" "$work/t $evil" && cp "$src"/plots/*.gp "<touch PWNED5;p/"
OVP_PLOTS_DIR="<touch PWNED5;p" run_plot "$work/t $evil" dulee2018 --results "<touch PWNED4;r" \
  --figures "|touch PWNED6;f"$'\n'"g"
has_figures "|touch PWNED6;f"$'\n'"g/ci" "${dulee2018_figs[@]}"
check "ovp used an unsafe TMPDIR" [ -z "$(ls -A "$work/t $evil")" ]

# --- nothing ran
pwned=$(find "$work" -name 'PWNED*'; find /tmp -maxdepth 1 -name 'PWNED*' | grep -vxF "$pwned_before")
check "a path was run as a command: $pwned" [ -z "$pwned" ]

echo "plot_paths: $passes passed, $fails failed"
[ $fails = 0 ]
