/* bench/measure.c: repetitions, robust statistics, and the dgemm roofline. */
#include "bench.h"
#include "blasinfo.h"
#include "mat.h"
#include "rng.h"
#include "status.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_REPS 1000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_sorted(const double *x, size_t n)
{
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

void ovp_bench_case_name(const ovp_bench_case *c, char *buf, size_t len)
{
    char size[64];
    snprintf(size, sizeof size, c->size_fmt, c->p[0], c->p[1], c->p[2], c->p[3]);
    snprintf(buf, len, "%s/%s", c->kernel, size);
}

/* Resets the process's resident-set high-water mark, which getrusage's
 * ru_maxrss reads (Linux ≥ 4.0, proc(5) clear_refs); 0 when it cannot. */
static int reset_peak_rss(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f)
        return 0;
    int ok = fputs("5", f) >= 0;
    return fclose(f) == 0 && ok;
}

static double peak_rss_bytes(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) ? 0.0 : 1024.0 * (double)ru.ru_maxrss; /* KiB on Linux */
}

int ovp_bench_measure(const ovp_bench_case *c, size_t min_reps, double min_time, ovp_bench_result *res,
                      char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    ovp_bench_case_name(c, res->name, sizeof res->name);
    snprintf(res->kernel, sizeof res->kernel, "%s", c->kernel);
    snprintf(res->series, sizeof res->series, "%s", c->series ? c->series : "");
    res->size = c->size;
    const ovp_bench_collective *coll = c->collective;
    if (coll) {
        res->ranks = coll->ranks;
        res->peak_rss_own = coll->max(!reset_peak_rss()) == 0; /* reset on every rank */
    }
    void *ctx = NULL;
    int st = c->setup(c, &ctx, &res->flops);
    if (st) {
        /* A setup hands over its context as soon as it has one, so that a
         * failure part way is cleaned up here, once, not in every setup. */
        if (ctx)
            c->teardown(ctx);
        snprintf(err, errlen, "%s: setup failed: %s", res->name, ovp_status_str(st));
        return st;
    }
    static double t[MAX_REPS];
    size_t reps = 0;
    if (!coll)
        st = c->run(ctx); /* warm-up: caches, page faults, BLAS buffers */
    double elapsed = 0, start = now();
    /* A collective case decides on the agreed (slowest-rank) times alone, so
     * every rank stops after the same repetition; its kernels agree on statuses. */
    while (!st && reps < MAX_REPS && (reps < min_reps || elapsed < min_time)) {
        if (coll)
            coll->barrier();
        double t0 = now();
        st = c->run(ctx);
        t[reps] = now() - t0;
        if (coll)
            t[reps] = coll->max(t[reps]);
        elapsed = coll ? elapsed + t[reps] : now() - start;
        reps++;
    }
    c->teardown(ctx);
    if (coll)
        res->peak_rss_bytes = coll->max(peak_rss_bytes());
    res->blas_threads = ovp_blasinfo_get_threads(); /* a kernel that changed it is flagged */
    if (st) {
        snprintf(err, errlen, "%s: kernel failed: %s", res->name, ovp_status_str(st));
        return st;
    }
    qsort(t, reps, sizeof *t, cmp_double);
    res->repetitions = reps;
    res->median = median_sorted(t, reps);
    res->min = t[0];
    res->max = t[reps - 1];
    for (size_t i = 0; i < reps; i++)
        t[i] = fabs(t[i] - res->median);
    qsort(t, reps, sizeof *t, cmp_double);
    res->mad = median_sorted(t, reps);
    res->gflops = res->flops / res->median / 1e9;
    return OVP_OK;
}

/* ---------------------------------------------------------------- roofline */

typedef struct {
    ovp_mat A, B, C;
} gemm_ctx;

static int gemm_setup(const ovp_bench_case *c, void **ctx, double *flops)
{
    size_t n = (size_t)c->p[0];
    gemm_ctx *g = calloc(1, sizeof *g);
    if (!g)
        return OVP_ENOMEM;
    *ctx = g; /* ovp_bench_measure tears it down if setup fails */
    int st = ovp_mat_alloc(n, n, &g->A);
    if (!st)
        st = ovp_mat_alloc(n, n, &g->B);
    if (!st)
        st = ovp_mat_alloc(n, n, &g->C);
    if (st)
        return st;
    gsl_rng *r = ovp_rng_stream("bench", "roofline", 1);
    ovp_rng_gaussian_mat(r, 1.0, &g->A);
    ovp_rng_gaussian_mat(r, 1.0, &g->B);
    gsl_rng_free(r);
    *flops = 2.0 * (double)n * (double)n * (double)n;
    return OVP_OK;
}

static int gemm_run(void *ctx)
{
    gemm_ctx *g = ctx;
    int n = (int)g->A.rows;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, g->A.data, n, g->B.data, n,
                0.0, g->C.data, n);
    return OVP_OK;
}

static void gemm_teardown(void *ctx)
{
    gemm_ctx *g = ctx;
    ovp_mat_free(&g->A), ovp_mat_free(&g->B), ovp_mat_free(&g->C), free(g);
}

int ovp_bench_roofline(int quick, size_t min_reps, double min_time, const ovp_bench_collective *coll,
                       ovp_bench_result *res, char *err, size_t errlen)
{
    const ovp_bench_case c = {
        .kernel = "roofline.dgemm",
        .p = {quick ? 400 : 2000},
        .size_fmt = "n%.0f",
        .setup = gemm_setup,
        .run = gemm_run,
        .teardown = gemm_teardown,
        .collective = coll,
    };
    int st = ovp_bench_measure(&c, min_reps, min_time, res, err, errlen);
    if (!st && coll) { /* every rank's dgemm at once: the flops of all of them */
        res->flops *= coll->ranks;
        res->gflops *= coll->ranks;
    }
    if (!st)
        res->roofline_ratio = 1.0;
    return st;
}
