#!/usr/bin/env bash
# scripts/bootstrap.sh: install ovp's Debian build and run dependencies.
# Idempotent: installs only what is missing, and runs `apt-get update` only when
# something must be installed. Works as root on a fresh Debian 12 (no prior
# `apt-get update`), or as a user with sudo.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libopenblas-dev liblapacke-dev libgsl-dev
  libblas-dev liblapack-dev
  libcriterion-dev gnuplot-nox
  zlib1g-dev libzip-dev nettle-dev librandom123-dev libjansson-dev
  python3-sklearn
  texlive-latex-base texlive-latex-recommended
  python3 python3-yaml
)
# git records the commit in every summary.json; libblas-dev and liblapack-dev are
# the Netlib reference, for the `reference` preset. zlib, libzip and nettle read
# --data files: gzip, NumPy's .npz, and the SHA-256 recorded in the summary.
# libjansson-dev: the strict JSON reader behind verify/io/jsonread.c (summaries, bench baselines).
# python3-sklearn ships scikit-learn's digits (digits.csv.gz), the real dataset of
# arora2019's true-vs-random-label experiment (scripts/digits.sh); ovp reads the file, no Python runs.
# texlive-latex-base and texlive-latex-recommended: the LaTeX test (tests/latex_test.sh)
# compiles a figure of `ovp plot --format cairolatex` with pdflatex.
# python3 and python3-yaml: the tests that read JUnit XML and the CI workflow's YAML.
# MPI is optional; bootstrap installs it so the distributed path is tested.
[ "${OVP_NO_MPI:-0}" = 1 ] || packages+=(libopenmpi-dev openmpi-bin)
# ScaLAPACK and ELPA (OpenMPI builds): H∞ distributed over ranks when it outgrows one node (kernels/dist).
[ "${OVP_NO_MPI:-0}" = 1 ] || packages+=(libscalapack-openmpi-dev libelpa-dev)
# libFuzzer (clang + compiler-rt) for the fuzz label; optional.
[ "${OVP_NO_FUZZ:-0}" = 1 ] || packages+=(clang libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
