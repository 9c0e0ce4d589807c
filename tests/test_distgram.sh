#!/usr/bin/env bash
# tests/test_distgram.sh MPIEXEC TEST_BINARY RANKS N D: the distributed H∞ kernel
# under `mpirun -n RANKS` agrees with the single-process LAPACK path
# (tests/test_distgram.c, --mpi mode; exits non-zero on any disagreement).
set -euo pipefail
mpiexec=$1 bin=$2 ranks=$3 n=$4 d=$5
# CI runs as root, which OpenMPI refuses unless told; --oversubscribe: 4 ranks on 2 cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# One BLAS thread per rank: the ranks already fill the cores.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
"$mpiexec" -n "$ranks" --oversubscribe "$bin" --mpi "$n" "$d"
