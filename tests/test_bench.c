/* tests/test_bench.c: bench's judgements on recorded inputs: the CPU's estimated
 * peak from /proc/cpuinfo texts, the plausibility flags, the refusal of --compare
 * on (BLAS library, core) pairs, the verdict with its MAD. No test times anything. */
#include "bench.h"
#include "status.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

/* This project's reference VM (AMD EPYC, AVX-512) and an AVX2 Xeon, abridged. */
static const char epyc[] = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n"
                           "cpu MHz\t\t: 2096.022\nflags\t\t: fpu sse2 avx fma avx2 avx512f avx512dq\n\n"
                           "processor\t: 1\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2095.5\n"
                           "flags\t\t: fpu sse2 avx fma avx2 avx512f avx512dq\n";
static const char xeon[] = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz\n"
                           "cpu MHz\t\t: 1200.000\nflags\t\t: fpu sse2 avx fma avx2 avx512_fake\n";

Test(bench_machine, peak_from_avx512_and_cpu_mhz)
{
    ovp_bench_machine m;
    ovp_bench_machine_parse(epyc, 2, &m);
    cr_assert_str_eq(m.model, "AMD EPYC");
    cr_assert_eq(m.flops_per_cycle, 32);
    cr_assert_float_eq(m.mhz, 2096.022, 1e-9);
    cr_assert_float_eq(m.peak_gflops, 32 * 2 * 2.096022, 1e-9);
}

Test(bench_machine, peak_from_avx2_and_the_model_string)
{
    ovp_bench_machine m;
    ovp_bench_machine_parse(xeon, 12, &m);
    cr_assert_eq(m.flops_per_cycle, 16, "avx512_fake is not avx512f");
    cr_assert_float_eq(m.mhz, 2500.0, 1e-9, "the nominal clock, not the idle cpu MHz");
    cr_assert_float_eq(m.peak_gflops, 16 * 12 * 2.5, 1e-9);
}

Test(bench_machine, unknown_cpu_has_no_peak)
{
    ovp_bench_machine m;
    ovp_bench_machine_parse(NULL, 4, &m);
    cr_assert_str_eq(m.model, "unknown");
    cr_assert_eq(m.peak_gflops, 0.0);
}

static ovp_bench_result result(double gflops, int threads)
{
    ovp_bench_result r;
    memset(&r, 0, sizeof r);
    r.gflops = gflops;
    r.blas_threads = threads;
    return r;
}

Test(bench_flags, a_plausible_run_has_none)
{
    ovp_bench_result roof = result(107, 2), after = result(104, 2), res[] = {result(109, 2), result(30, 2)};
    cr_assert_eq(ovp_bench_plausibility(&roof, &after, res, 2, 134.0), 0u, "102%% of the roofline is tolerated");
}

Test(bench_flags, the_issue_run_under_load)
{
    /* Issue 17: kernels at 230-470% of a roofline measured under load. */
    ovp_bench_result roof = result(19.6, 2), after = result(60, 2), res[] = {result(45, 2), result(92, 2)};
    unsigned f = ovp_bench_plausibility(&roof, &after, res, 2, 134.0);
    cr_assert(f & OVP_BENCH_ABOVE_ROOFLINE);
    cr_assert(f & OVP_BENCH_ROOFLINE_LOW, "19.6 < 134/5");
    cr_assert(f & OVP_BENCH_ROOFLINE_UNSTABLE);
    cr_assert_not(f & OVP_BENCH_THREADS_CHANGED);
    char names[128];
    ovp_bench_flags_names(f, names, sizeof names);
    cr_assert_str_eq(names, "above_roofline roofline_low roofline_unstable");
}

Test(bench_flags, threads_and_unknown_peak)
{
    ovp_bench_result roof = result(50, 2), res[] = {result(10, 1)};
    unsigned f = ovp_bench_plausibility(&roof, NULL, res, 1, 0.0);
    cr_assert_eq(f, (unsigned)OVP_BENCH_THREADS_CHANGED, "no peak: no roofline_low; no second roofline");
}

/* Recorded provenance "blas" strings. */
static const char *const cooperlake = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0 (OpenBLAS OpenBLAS "
                                      "0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64)";
static const char *const haswell = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0 (OpenBLAS OpenBLAS "
                                   "0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64)";
static const char *const openmp = "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0 (OpenBLAS OpenBLAS "
                                  "0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY USE_OPENMP Haswell MAX_THREADS=64)";
static const char *const serial = "/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas.so.0 (OpenBLAS OpenBLAS "
                                  "0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell SINGLE_THREADED)";
static const char *const netlib = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3";

static int same(const char *a, const char *b, char *why, size_t len)
{
    char la[1024], ca[64], lb[1024], cb[64];
    ovp_bench_blas_split(a, la, sizeof la, ca, sizeof ca);
    ovp_bench_blas_split(b, lb, sizeof lb, cb, sizeof cb);
    return ovp_bench_same_blas(la, ca, lb, cb, why, len);
}

Test(bench_compare, core_from_the_config_string)
{
    char lib[1024], core[64];
    ovp_bench_blas_split(cooperlake, lib, sizeof lib, core, sizeof core);
    cr_assert_str_eq(core, "Cooperlake");
    cr_assert_null(strstr(lib, "Cooperlake"));
    cr_assert_not_null(strstr(lib, "NO_AFFINITY MAX_THREADS=64"));
    ovp_bench_blas_split(serial, lib, sizeof lib, core, sizeof core);
    cr_assert_str_eq(core, "Haswell");
    ovp_bench_blas_split(netlib, lib, sizeof lib, core, sizeof core);
    cr_assert_str_eq(core, "unknown");
    cr_assert_str_eq(lib, netlib);
}

Test(bench_compare, refuses_another_core_or_library)
{
    char why[2048];
    cr_assert_eq(same(haswell, haswell, why, sizeof why), OVP_OK);
    cr_assert_eq(same(netlib, netlib, why, sizeof why), OVP_OK, "a BLAS without cores: the library decides");
    cr_assert_eq(same(haswell, cooperlake, why, sizeof why), OVP_EDATA);
    cr_assert_not_null(strstr(why, "BLAS core Haswell differs from the baseline's Cooperlake"), "%s", why);
    cr_assert_eq(same(openmp, haswell, why, sizeof why), OVP_EDATA);
    cr_assert_not_null(strstr(why, "library differs"), "%s", why);
    cr_assert_eq(same(serial, haswell, why, sizeof why), OVP_EDATA);
    cr_assert_eq(same(netlib, haswell, why, sizeof why), OVP_EDATA);
}

Test(bench_compare, verdict_with_raw_ratio_and_mad)
{
    double raw, norm;
    /* Same machine, 2x slower beyond the noise: a regression. */
    cr_assert_eq(ovp_bench_judge(2.0, 0.01, 100, 1.0, 0.01, 100, 1.5, &raw, &norm), OVP_BENCH_REGRESSION);
    cr_assert_float_eq(raw, 2.0, 1e-12);
    /* 2x slower, but the MADs cover it: not a regression. */
    cr_assert_eq(ovp_bench_judge(2.0, 0.3, 100, 1.0, 0.1, 100, 1.5, &raw, &norm), OVP_BENCH_NOISE);
    /* Issue 17: 10x slower in raw time on a machine with a 10x lower roofline is not "ok". */
    cr_assert_eq(ovp_bench_judge(10.0, 0.01, 10, 1.0, 0.01, 100, 1.5, &raw, &norm), OVP_BENCH_RAW_SLOWER);
    cr_assert_float_eq(norm, 1.0, 1e-12);
    cr_assert_eq(ovp_bench_judge(1.0, 0.0, 100, 1.0, 0.0, 100, 1.5, &raw, &norm), OVP_BENCH_OK);
    cr_assert_eq(ovp_bench_judge(0.5, 0.0, 100, 1.0, 0.0, 100, 1.5, &raw, &norm), OVP_BENCH_FASTER);
}
