#!/usr/bin/env bash
# tests/runkey_library_test.sh OVP WORKDIR: the run key covers the code in libovp.so, not
# only the small `ovp` launcher that links it, so a run resumed under a changed library
# recomputes its tasks instead of reusing those of the old code (found in issue 17's
# work: a rebuilt libovp.so left the key unchanged and `ovp verify` reused stale tasks).
set -euo pipefail
ovp=$1 work=$2
rm -rf "$work"
mkdir -p "$work/lib"
lib=$(ldd "$ovp" | awk '/libovp\.so/ {print $3}')
if [ -z "$lib" ]; then
  echo "this ovp links libovp statically: the executable's own bytes are the key; nothing to test"
  exit 77
fi
key() { sed -n 's/^key //p' "$1/du2019/ci/tasks/run.txt"; }
run() { "$@" verify du2019 --scale ci --widths 400 --iters 5 --quiet --out "$work/out" >/dev/null; }

run "$ovp"
k1=$(key "$work/out")
run "$ovp"
k2=$(key "$work/out")
[ -n "$k1" ] && [ "$k1" = "$k2" ] || { echo "FAIL: the same build gave keys '$k1' and '$k2'"; exit 1; }

# The same library with one byte appended (it still loads): another build of the code.
cp "$lib" "$work/lib/$(basename "$lib")"
printf 'x' >>"$work/lib/$(basename "$lib")"
run env LD_LIBRARY_PATH="$work/lib" "$ovp"
k3=$(key "$work/out")
loaded=$(env LD_LIBRARY_PATH="$work/lib" ldd "$ovp" | awk '/libovp\.so/ {print $3}')
[ "$loaded" = "$work/lib/$(basename "$lib")" ] || { echo "FAIL: the copy was not the one loaded ($loaded)"; exit 1; }
[ "$k3" != "$k1" ] || { echo "FAIL: a changed libovp.so kept the run key $k1: stale tasks would be reused"; exit 1; }
echo "ok: key $k1 for the build, $k3 under the changed library"
