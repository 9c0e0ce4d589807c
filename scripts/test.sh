#!/usr/bin/env bash
# scripts/test.sh: the tests on a fresh machine, and what CI runs (.ci/run).
# Installs what is missing, then three CMake workflows (configure, build, ctest):
#   ci    warnings as errors; labels unit, verify (every harness at ci scale),
#         bench (smoke), mpi (2 ranks vs 1, when MPI is found)
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer; labels unit, verify
#   fuzz  clang libFuzzer on the CSV reader and the command line; label fuzz (50 s)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
for workflow in ci asan fuzz; do
  echo "== test workflow: $workflow"
  cmake --workflow --preset "$workflow"
done
