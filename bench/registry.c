/* bench/registry.c: every benchmark case list. */
#include "bench.h"

const ovp_bench_case *ovp_bench_cases_relu2(int quick, size_t *n);
const ovp_bench_case *ovp_bench_cases_linalg(int quick, size_t *n);
const ovp_bench_case *ovp_bench_cases_models(int quick, size_t *n);
#ifdef OVP_HAVE_SCALAPACK
const ovp_bench_case *ovp_bench_cases_dist(int quick, size_t *n); /* collective: under mpirun */
#endif

const ovp_bench_provider ovp_bench_providers[] = {
    ovp_bench_cases_relu2,
    ovp_bench_cases_linalg,
    ovp_bench_cases_models,
#ifdef OVP_HAVE_SCALAPACK
    ovp_bench_cases_dist,
#endif
};
const size_t ovp_n_bench_providers = sizeof ovp_bench_providers / sizeof *ovp_bench_providers;
