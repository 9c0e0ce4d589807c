/* bench/bench.h: kernel benchmarks.
 *
 * A case times one call of one kernel at one named size. Its setup allocates
 * and fills the inputs (untimed) and says how many flops one call executes;
 * `run` is the timed call. Every result is reported as a median time, the
 * achieved GFLOP/s, and the ratio to a dgemm roofline measured in the same
 * run: the ratio is the figure that travels between machines, and the
 * roofline-normalised time (median × roofline GFLOP/s) is what --compare
 * checks, so that a slower, shared CI machine does not look like a regression. */
#ifndef OVP_BENCH_H
#define OVP_BENCH_H

#include "status.h"

#include <stddef.h>

/* One case. Its setup sets *ctx as soon as it has a context (allocated zeroed,
 * so that teardown can free one filled part way) and returns a status; when
 * setup fails, ovp_bench_measure tears down whatever *ctx holds (if not NULL),
 * so a setup never frees its context itself. After a successful setup,
 * ovp_bench_measure calls teardown once, after the timed runs. */
typedef struct ovp_bench_case ovp_bench_case;
struct ovp_bench_case {
    const char *kernel;   /* "relu2.gd_step.sample": the bar in the roofline chart */
    const char *series;   /* scaling series this size belongs to, or NULL */
    double size;          /* the series' abscissa (n) */
    double p[4];          /* sizes, meaning per kernel */
    const char *size_fmt; /* printf of p[] for the name: "n%.0f_d%.0f_m%.0f" */
    int (*setup)(const ovp_bench_case *c, void **ctx, double *flops);
    int (*run)(void *ctx);
    void (*teardown)(void *ctx);
};

/* Case lists: `quick` gives tiny sizes for the ctest smoke test. */
typedef const ovp_bench_case *(*ovp_bench_provider)(int quick, size_t *n);
extern const ovp_bench_provider ovp_bench_providers[];
extern const size_t ovp_n_bench_providers;

/* "kernel/size" into buf. */
void ovp_bench_case_name(const ovp_bench_case *c, char *buf, size_t len);

typedef struct {
    char name[128], kernel[64], series[32];
    double size, flops;
    double median, min, max, mad; /* seconds */
    size_t repetitions;
    double gflops, roofline_ratio, normalised;
} ovp_bench_result;

/* Warm-up call, then repetitions until at least min_reps and min_time. */
OVP_MUST_CHECK int ovp_bench_measure(const ovp_bench_case *c, size_t min_reps, double min_time,
                                     ovp_bench_result *res, char *err, size_t errlen);

/* dgemm GFLOP/s at a size that saturates the machine (n = 2000; 400 quick). */
OVP_MUST_CHECK int ovp_bench_roofline(int quick, size_t min_reps, double min_time, ovp_bench_result *res,
                                      char *err, size_t errlen);

/* Writes FILE (github-action-benchmark customSmallerIsBetter: an array of
 * {name, unit, value, range, extra}, plus numeric fields), FILE's .csv twin for
 * the plots, and FILE's .provenance.json. */
OVP_MUST_CHECK int ovp_bench_write(const char *json_path, const ovp_bench_result *res, size_t n,
                                   const ovp_bench_result *roofline, char *err, size_t errlen);

/* Before any timing: the baseline must parse and hold at least one of the
 * cases (an entry of the same name with a roofline-normalised time), else
 * --compare would pass having checked nothing; OVP_EDATA with one message.
 * *unmatched counts the cases it lacks (new or renamed kernels). */
OVP_MUST_CHECK int ovp_bench_baseline_check(const char *baseline_path, const ovp_bench_case *const *cases,
                                            size_t n, size_t *unmatched, char *err, size_t errlen);

/* Prints current vs baseline; sets *regressions to the number of kernels whose
 * roofline-normalised time grew past `threshold` times the baseline's.
 * OVP_EDATA when the baseline is unreadable or has none of the cases. */
OVP_MUST_CHECK int ovp_bench_compare(const char *baseline_path, const ovp_bench_result *res, size_t n,
                                     double threshold, int *regressions, char *err, size_t errlen);

/* `ovp bench` (argv: the arguments after "bench"), the one entry point through
 * which verify/main.c joins bench to the command line. Returns the exit code:
 * ovp_runstatus_exit_code of a failing status (verify/io/runstatus.h), OVP_EXIT_USAGE for
 * bad options, OVP_EXIT_FAIL on a regression. */
int ovp_bench_main(int argc, char **argv);

#endif
