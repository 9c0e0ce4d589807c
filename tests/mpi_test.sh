#!/usr/bin/env bash
# tests/mpi_test.sh OVP MPIEXEC WORKDIR HARNESS [OPTIONS...]: `mpirun -n 2 ovp verify`
# writes the same CSVs and claims as one process (provenance aside).
set -u
ovp=$1 mpiexec=$2 work=$3 harness=$4; shift 4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
# CI runs as root; OpenMPI refuses that unless told. --oversubscribe: a
# container may advertise fewer slots than cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
"$ovp" verify "$harness" --scale ci --quiet --out one "$@" >one.log 2>&1
one=$?
"$mpiexec" -n 2 "$ovp" verify "$harness" --scale ci --quiet --out two "$@" >two.log 2>&1
two=$?
fails=0
[ "$one" = "$two" ] || { echo "FAIL: exit codes differ: 1 process $one, 2 ranks $two"; cat two.log; fails=1; }
for f in one/"$harness"/ci/*.csv; do
  cmp -s "$f" "two/${f#one/}" || { echo "FAIL: ${f#one/} differs between 1 and 2 ranks"; fails=1; }
done
# summary.json: identical up to provenance (times, host, wall time).
strip() { sed -e '/"provenance"/,$d' "$1"; }
[ "$(strip one/$harness/ci/summary.json)" = "$(strip two/$harness/ci/summary.json)" ] ||
  { echo "FAIL: summary.json claims differ between 1 and 2 ranks"; fails=1; }
grep -q "results: two/$harness" two.log || { echo "FAIL: rank 0 did not write"; cat two.log; fails=1; }
[ "$(grep -c 'results:' two.log)" = 1 ] || { echo "FAIL: more than one rank reported"; fails=1; }
# A resumed 2-rank run counts the tasks of every rank, not rank 0's alone.
total=$(ls two/"$harness"/ci/tasks/task-*.txt | wc -l)
rm two/"$harness"/ci/tasks/task-00000[01].txt
"$mpiexec" -n 2 "$ovp" verify "$harness" --scale ci --out two "$@" >resume.log 2>&1
grep -q "resuming: $((total - 2)) tasks already finished, 2 to run" resume.log ||
  { echo "FAIL: the resume message does not count every rank's tasks ($total in all):"; grep resuming resume.log; fails=1; }
for f in one/"$harness"/ci/*.csv; do
  cmp -s "$f" "two/${f#one/}" || { echo "FAIL: ${f#one/} differs after a 2-rank resume"; fails=1; }
done
[ $fails = 0 ] && echo "2 MPI ranks reproduce the single-process run of $harness, and resume it"
exit $fails
