/* bench/registry.c: every benchmark case list. */
#include "bench.h"

const ovp_bench_case *ovp_bench_cases_relu2(int quick, size_t *n);
const ovp_bench_case *ovp_bench_cases_linalg(int quick, size_t *n);
const ovp_bench_case *ovp_bench_cases_models(int quick, size_t *n);

const ovp_bench_provider ovp_bench_providers[] = {
    ovp_bench_cases_relu2,
    ovp_bench_cases_linalg,
    ovp_bench_cases_models,
};
const size_t ovp_n_bench_providers = sizeof ovp_bench_providers / sizeof *ovp_bench_providers;
