#!/usr/bin/env bash
# scripts/test.sh: the tests on a fresh machine. Installs what is missing,
# configures and builds with warnings as errors, then runs ctest: unit tests
# (label unit), every harness at ci scale (label verify), and the labels later
# issues add. The same command CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake --workflow --preset ci
