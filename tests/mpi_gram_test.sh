#!/usr/bin/env bash
# tests/mpi_gram_test.sh OVP MPIEXEC WORKDIR: --gram and --data-only end to end (issue 18).
# Under mpirun -n 2, du2019's and arora2019's data quantities on the distributed path
# (ScaLAPACK over the ranks) agree with one process's LAPACK path at n = 2000 to 1e-10
# relative; the summary names the path, grid and block; the refusals name their fix.
set -u
ovp=$1 mpiexec=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
q() { # q FILE KEY: a quantity (or a parameter) of a summary.json
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); k=sys.argv[2]
print(s["quantities"].get(k, s["provenance"]["params"].get(k)))' "$1" "$2"
}
close() { # close A B: |A − B| ≤ 1e-10 |A|
  python3 -c 'import sys; a,b=map(float,sys.argv[1:]); sys.exit(0 if abs(a-b) <= 1e-10*abs(a) else 1)' "$1" "$2"
}
size=(--n 2000 --d 32 --quiet)
for h in du2019 arora2019; do
  "$ovp" verify $h "${size[@]}" --data-only --out local >"$h.local.log" 2>&1 || bad "$h local --data-only: $(cat $h.local.log)"
  "$mpiexec" -n 2 "$ovp" verify $h "${size[@]}" --data-only --gram distributed --out dist >"$h.dist.log" 2>&1 ||
    bad "$h distributed --data-only: $(cat $h.dist.log)"
  L=local/$h/ci/summary.json D=dist/$h/ci/summary.json
  [ -f "$L" ] && [ -f "$D" ] || { bad "$h: no summary"; continue; }
  keys=(lambda0 lambda_max_hinf)
  [ $h = arora2019 ] && keys+=(y_hinf_inv_y y_hinf_inv_y_random generalization_bound)
  for k in "${keys[@]}"; do
    close "$(q "$L" $k)" "$(q "$D" $k)" || bad "$h $k: local $(q "$L" $k), distributed $(q "$D" $k)"
  done
  [ "$(q "$L" gram)" = "local (LAPACK, one process)" ] || bad "$h local path: $(q "$L" gram)"
  [ "$(q "$D" gram)" = "distributed (ScaLAPACK, 2-D block-cyclic)" ] || bad "$h path: $(q "$D" gram)"
  [ "$(q "$D" gram_grid)" = "1 x 2" ] && [ "$(q "$D" gram_block)" = 64 ] || bad "$h grid/block"
  ls dist/$h/ci/tasks/task-* >/dev/null 2>&1 && bad "$h --data-only ran GD tasks"
done
# du2019 --data-only still decides P3.A3.1 (λ₀ > its error bound); arora2019 has no claim left: not a pass.
grep -q '"P3.A3.1"' dist/du2019/ci/summary.json || bad "du2019 --data-only lost P3.A3.1"
grep -q '"verdict": "skip"' local/arora2019/ci/summary.json || bad "arora2019 --data-only: a run with no claim is not a pass"
# Refusals: exit 2, the cause and the fix, nothing written.
"$ovp" verify du2019 --n 200 --gram distributed --out r1 >r1.log 2>&1
[ $? = 2 ] && grep -q "this run has one: start it with mpirun -n N" r1.log && [ ! -e r1/du2019 ] ||
  bad "--gram distributed on one process: $(cat r1.log)"
"$ovp" verify du2019 --n 200000 --d 10 --data-only --out r2 >r2.log 2>&1
[ $? = 2 ] && grep -q "H_inf spread over [0-9]* ranks with this much memory each would fit: mpirun -n [0-9]* ovp verify du2019 ... --gram distributed --data-only) needs about" r2.log && [ ! -e r2/du2019 ] ||
  bad "n = 200000 on one process: $(cat r2.log)"
[ $fails = 0 ] && echo "the distributed path agrees with LAPACK at n = 2000 on 2 ranks; the refusals name their fix"
exit $fails
