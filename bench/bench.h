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

/* What a collective case (one run by every MPI rank at once, bench/cases_dist.c)
 * needs from the ranks: ovp_bench_measure times each repetition between two
 * barriers and keeps the slowest rank's time, so that every rank holds the same
 * times and takes the same number of repetitions. */
typedef struct {
    int rank, ranks;
    void (*barrier)(void);
    double (*max)(double x); /* the largest x over the ranks, on every rank */
} ovp_bench_collective;

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
    const ovp_bench_collective *collective; /* NULL: one process (the default) */
};

/* Case lists: `quick` gives tiny sizes for the ctest smoke test. */
typedef const ovp_bench_case *(*ovp_bench_provider)(int quick, size_t *n);
extern const ovp_bench_provider ovp_bench_providers[];
extern const size_t ovp_n_bench_providers;

/* The layout of a run over MPI ranks, for the provenance. */
typedef struct {
    int ranks, nprow, npcol, nb;
} ovp_bench_dist_layout_info;

/* The distributed cases (bench/cases_dist.c, only in a build with ScaLAPACK,
 * OVP_HAVE_SCALAPACK): H∞ over the MPI ranks (kernels/dist/distgram.h) at the
 * sizes n (k of them, 0: the defaults, 2000 or 256 quick) and dimension d
 * (0: 32), with a BLACS grid over MPI_COMM_WORLD. Set before the providers
 * are asked for their cases. */
void ovp_bench_dist_configure(const size_t *n, size_t k, size_t d);
/* The grid and block size the distributed cases use on `ranks` ranks. */
OVP_MUST_CHECK int ovp_bench_dist_layout(int ranks, ovp_bench_dist_layout_info *info);
/* The ranks' collective operations over MPI_COMM_WORLD (NULL in one process). */
const ovp_bench_collective *ovp_bench_dist_collective(void);

/* The MPI rank and rank count ovp runs under (verify/main.c sets them once MPI
 * is initialised; 0 of 1 otherwise). Under more than one rank `ovp bench` runs
 * only the collective cases. */
void ovp_bench_set_ranks(int rank, int ranks);

/* "kernel/size" into buf. */
void ovp_bench_case_name(const ovp_bench_case *c, char *buf, size_t len);

typedef struct {
    char name[128], kernel[64], series[32];
    double size, flops;
    double median, min, max, mad; /* seconds */
    size_t repetitions;
    double gflops, roofline_ratio, normalised;
    int blas_threads; /* in effect after the call: must equal the roofline's */
    /* Collective cases only (ranks > 0): the peak resident set (getrusage
     * ru_maxrss) of the busiest rank, from the case's setup to its teardown
     * when /proc/self/clear_refs could reset the high-water mark to the
     * resident set of that moment (peak_rss_own = 1; memory earlier cases
     * left mapped still counts), else the process's peak so far. */
    int ranks, peak_rss_own;
    double peak_rss_bytes;
} ovp_bench_result;

/* ---------------------------------------------------------------- the machine
 * What the numbers are measured on: the CPU model, a nominal clock, an
 * ESTIMATED double-precision peak, and the BLAS core that ran the kernels.
 * The peak is flops/cycle/core from the widest vector unit /proc/cpuinfo's
 * flags announce (AVX-512F: 32, assuming two 512-bit FMA units; AVX2 + FMA: 16;
 * AVX: 8; SSE2: 4), times the cores, times the nominal clock ("@ x.xxGHz" in
 * the model string, else the largest "cpu MHz"). Turbo, a single AVX-512 FMA
 * unit or a throttled clock make it off by up to ~2x either way: it only
 * judges whether a roofline is "far below" (OVP_BENCH_PEAK_FACTOR) the machine. */
typedef struct {
    char model[128];
    double mhz;          /* 0: unknown */
    int flops_per_cycle; /* per core, double precision */
    int cores;          /* online cores (ovp bench: no more than its BLAS threads) */
    double peak_gflops; /* estimate; 0 when the clock is unknown */
    char blas_core[64]; /* openblas_get_corename(), "unknown" for other BLAS */
    char blas[1024];    /* the library (ovp_blasinfo_blas: path and config) */
} ovp_bench_machine;

/* From the text of /proc/cpuinfo (NULL or "" for none) and a core count. */
void ovp_bench_machine_parse(const char *cpuinfo, int cores, ovp_bench_machine *m);
/* This machine: /proc/cpuinfo, online cores, the loaded BLAS and its core.
 * The core comes from a local dlsym of openblas_get_corename (bench/machine.c). */
void ovp_bench_machine_collect(ovp_bench_machine *m);

/* The core named in an OpenBLAS config string (a DYNAMIC_ARCH build appends the
 * running core just before " MAX_THREADS=" or " SINGLE_THREADED"), into core;
 * "unknown" when there is none. lib receives the string without that word: the
 * library's identity whatever core it picked. */
void ovp_bench_blas_split(const char *blas, char *lib, size_t liblen, char *core, size_t corelen);

/* --------------------------------------------------------- plausibility flags */
enum {
    OVP_BENCH_ABOVE_ROOFLINE = 1,    /* a kernel beat the dgemm roofline by > 10% */
    OVP_BENCH_ROOFLINE_LOW = 2,      /* roofline below peak / OVP_BENCH_PEAK_FACTOR */
    OVP_BENCH_ROOFLINE_UNSTABLE = 4, /* the roofline before and after the cases differ by > 25% */
    OVP_BENCH_THREADS_CHANGED = 8,   /* a kernel ran on other BLAS threads than the roofline */
};
#define OVP_BENCH_ABOVE_TOLERANCE 1.10 /* a large dgemm-bound kernel may beat dgemm n=2000 a little */
#define OVP_BENCH_PEAK_FACTOR 5.0
#define OVP_BENCH_UNSTABLE 1.25

/* The flags of a run: roof (before the cases), roof_after (after them; NULL
 * to skip that check), the n results and the estimated peak (0: unknown). */
unsigned ovp_bench_plausibility(const ovp_bench_result *roof, const ovp_bench_result *roof_after,
                                const ovp_bench_result *res, size_t n, double peak_gflops);
/* One line per flag set, each starting with prefix, into f. */
void ovp_bench_flags_print(void *f, const char *prefix, unsigned flags, const ovp_bench_result *roof,
                           double peak_gflops);
/* Space-separated names of the flags ("" for none). */
void ovp_bench_flags_names(unsigned flags, char *buf, size_t len);

/* --compare judges only like with like: OVP_OK when the BLAS library and core of
 * the run equal the baseline's, else OVP_EDATA with why. */
OVP_MUST_CHECK int ovp_bench_same_blas(const char *lib, const char *core, const char *base_lib,
                                       const char *base_core, char *why, size_t len);

/* The verdict on one kernel. A kernel regresses when its roofline-normalised
 * time, its noise taken off (median - 3 MAD against the baseline's median +
 * 3 MAD), still exceeds threshold times the baseline's. "raw" marks a kernel
 * whose raw time alone is past the threshold (a slower or busier machine). */
typedef enum {
    OVP_BENCH_OK, OVP_BENCH_FASTER, OVP_BENCH_NOISE, OVP_BENCH_RAW_SLOWER, OVP_BENCH_REGRESSION
} ovp_bench_verdict;
ovp_bench_verdict ovp_bench_judge(double med, double mad, double roof, double b_med, double b_mad,
                                  double b_roof, double threshold, double *raw_ratio, double *norm_ratio);

/* Warm-up call, then repetitions until at least min_reps and min_time. A
 * collective case (c->collective) has no warm-up call (its setup runs the
 * kernel's inputs once, and a warm-up would double an n = 16000 run); each
 * repetition is timed between barriers and the slowest rank's time kept, and
 * min_time is judged on the sum of those agreed times, so every rank runs the
 * same repetitions. Collective: every rank calls it. */
OVP_MUST_CHECK int ovp_bench_measure(const ovp_bench_case *c, size_t min_reps, double min_time,
                                     ovp_bench_result *res, char *err, size_t errlen);

/* dgemm GFLOP/s at a size that saturates the machine (n = 2000; 400 quick).
 * With coll (else NULL), every rank runs it at once in lockstep and the flops
 * are summed over the ranks: the aggregate dgemm rate of all ranks computing
 * together, which the distributed cases (flops over all ranks) are set against. */
OVP_MUST_CHECK int ovp_bench_roofline(int quick, size_t min_reps, double min_time,
                                      const ovp_bench_collective *coll, ovp_bench_result *res, char *err,
                                      size_t errlen);

/* Writes FILE (github-action-benchmark customSmallerIsBetter: an array of
 * {name, unit, value, range, extra}, plus numeric fields; a collective case adds
 * "ranks" and "peak_rss_bytes_per_rank"), FILE's .csv twin for the plots, and
 * FILE's .provenance.json (with dist, NULL in one process: ranks, grid, block). */
OVP_MUST_CHECK int ovp_bench_write(const char *json_path, const ovp_bench_result *res, size_t n,
                                   const ovp_bench_result *roofline, const ovp_bench_result *roof_after,
                                   const ovp_bench_machine *m, unsigned flags,
                                   const ovp_bench_dist_layout_info *dist, char *err, size_t errlen);

/* Before any timing: the baseline must parse and hold at least one of the
 * cases (an entry of the same name with a roofline-normalised time), else
 * --compare would pass having checked nothing; OVP_EDATA with one message.
 * *unmatched counts the cases it lacks (new or renamed kernels). */
OVP_MUST_CHECK int ovp_bench_baseline_check(const char *baseline_path, const ovp_bench_case *const *cases,
                                            size_t n, size_t *unmatched, char *err, size_t errlen);

/* Prints current vs baseline, raw and roofline-normalised ratios; sets
 * *regressions to the number of kernels judged OVP_BENCH_REGRESSION.
 * OVP_EDATA (no verdict, the table still printed) when the baseline is
 * unreadable, has none of the cases, lacks its .provenance.json, was measured
 * with another BLAS library or core, or when this run's roofline is flagged
 * implausible (flags != 0): then a normalised time means nothing. */
OVP_MUST_CHECK int ovp_bench_compare(const char *baseline_path, const ovp_bench_result *res, size_t n,
                                     const ovp_bench_result *roofline, const ovp_bench_machine *m,
                                     unsigned flags, double threshold, int *regressions, char *err,
                                     size_t errlen);

/* `ovp bench` (argv: the arguments after "bench"), the one entry point through
 * which verify/main.c joins bench to the command line. Returns the exit code:
 * ovp_runstatus_exit_code of a failing status (verify/io/runstatus.h), OVP_EXIT_USAGE for
 * bad options, OVP_EXIT_FAIL on a regression. */
int ovp_bench_main(int argc, char **argv);

#endif
