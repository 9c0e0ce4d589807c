#!/usr/bin/env bash
# tests/mpi_bench_test.sh OVP MPIEXEC WORKDIR: the distributed cases of `ovp bench` (issue 18).
# `mpirun -n 2 ovp bench --quick --filter dist` times every dist.* case once, printed by rank 0
# alone, and its JSON holds each case's peak RSS per rank and the provenance its grid; one
# process refuses --filter dist (exit 2) with the mpirun command that runs them.
set -euo pipefail
ovp=$1 mpiexec=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
# As tests/mpi_test.sh: CI runs as root; a container may advertise fewer slots than cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
"$ovp" bench --list --filter dist >list.log
mapfile -t cases < <(awk '{print $1}' list.log)
[ "${#cases[@]}" -ge 4 ] || bad "ovp bench --list --filter dist lists ${#cases[@]} cases: $(cat list.log)"
for k in dist.assembly dist.lambda0.pdsyevr dist.pd_above dist.quad_inv; do
  grep -q "^$k/n2000_d32_p1 " list.log || bad "no $k/n2000_d32_p1 in the list"
done
if "$mpiexec" -n 2 "$ovp" bench --quick --filter dist --json out/dist.json >two.log 2>&1; then
  for c in "${cases[@]}"; do
    q=${c/n2000/n256}; q=${q/_p1/_p2} # the rank count is part of the name
    [ "$(grep -c "^$q " two.log)" = 1 ] || bad "$q printed $(grep -c "^$q " two.log) times (rank 0 alone prints it once)"
  done
  [ "$(grep -c '^results:' two.log)" = 1 ] || bad "more than one rank reported"
  grep -q "2 MPI ranks, BLACS grid 1 x 2, block 64" two.log || bad "no ranks, grid and block in the output"
  python3 - out/dist.json "${#cases[@]}" <<'PY' || bad "the JSON: $(cat out/dist.json)"
import json, sys
entries = json.load(open(sys.argv[1]))
dist = [e for e in entries if e["name"].startswith("dist.")]
assert len(dist) == int(sys.argv[2]), len(dist)
for e in dist:
    assert e["ranks"] == 2 and e["peak_rss_bytes_per_rank"] > 1e6 and e["value"] > 0, e
p = json.load(open(sys.argv[1].replace(".json", ".provenance.json")))
assert (p["mpi_ranks"], p["blacs_grid_rows"], p["blacs_grid_cols"], p["block_size"]) == (2, 1, 2, 64), p
PY
else
  bad "mpirun -n 2 ovp bench --quick --filter dist failed: $(cat two.log)"
fi
set +e
"$ovp" bench --quick --filter dist --json out/one.json >one.log 2>&1
code=$?
set -e
[ $code = 2 ] && grep -q "need MPI ranks; run mpirun -n 2 ovp bench --filter 'dist'" one.log && [ ! -e out/one.json ] ||
  bad "one process, --filter dist: exit $code: $(cat one.log)"
[ $fails = 0 ] && echo "every distributed case ran once under mpirun -n 2 with its peak RSS per rank; one process refuses them"
exit $fails
