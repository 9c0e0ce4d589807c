/* bench/cases_relu2.c: one GD iteration of the two-layer ReLU net (Du et al. 2019).
 * p = (n, d, m). Flops: the BLAS products plus ~6 flops per (i, r) of the fused
 * elementwise pass (ReLU, output sum, mask, scale); the tracked pass adds ~6
 * more (flips, E update, distance), the tracked primal form ~3 (flips) and 4 per
 * (r, k) for the update with distances. docs/bench.md has the NumPy script of the
 * same steps. */
#include "bench.h"
#include "blasinfo.h"
#include "gram.h"
#include "relu2.h"
#include "rng.h"
#include "status.h"

#include <stdlib.h>

typedef struct {
    ovp_mat X, K, W;
    double *a, *y;
    ovp_relu2_gd gd;
    ovp_relu2_primal primal;
    int kind; /* 0 sample untracked, 1 sample tracked, 2 primal (reference), 3 product only,
               * 4 primal untracked, 5 primal tracked (ovp_relu2_gd in the primal form) */
} gd_ctx;

/* A small step keeps the iterate bounded over any number of repetitions. */
#define BENCH_STEP 1e-3

static void gd_teardown(void *p)
{
    gd_ctx *g = p;
    ovp_mat_free(&g->X), ovp_mat_free(&g->K), ovp_mat_free(&g->W);
    free(g->a), free(g->y);
    ovp_relu2_gd_free(&g->gd);
    ovp_relu2_primal_free(&g->primal);
    free(g);
}

static int gd_run(void *p)
{
    gd_ctx *g = p;
    ovp_relu2_stats stats;
    int st;
    switch (g->kind) {
    case 0:
    case 1:
    case 4:
    case 5:
        st = ovp_relu2_gd_eval(&g->gd, g->a, g->y, &stats);
        return st ? st : ovp_relu2_gd_step(&g->gd, &g->K, BENCH_STEP);
    case 2:
        return ovp_relu2_primal_step(&g->primal, &g->X, &g->W, g->a, g->y, BENCH_STEP, NULL);
    default:
        return ovp_relu2_gd_step(&g->gd, &g->K, BENCH_STEP); /* the n×n by n×m product alone */
    }
}

static int gd_setup_kind(const ovp_bench_case *c, void **ctx, double *flops, int kind)
{
    size_t n = (size_t)c->p[0], d = (size_t)c->p[1], m = (size_t)c->p[2];
    gd_ctx *g = calloc(1, sizeof *g);
    if (!g)
        return OVP_ENOMEM;
    *ctx = g; /* ovp_bench_measure tears it down if setup fails */
    g->kind = kind;
    int st = ovp_mat_alloc(n, d, &g->X);
    if (!st)
        st = ovp_mat_alloc(m, d, &g->W);
    const int primal = kind == 2 || kind == 4 || kind == 5;
    if (!st && !primal)
        st = ovp_mat_alloc(n, n, &g->K);
    if (!st && (!(g->a = malloc(m * sizeof *g->a)) || !(g->y = malloc(n * sizeof *g->y))))
        st = OVP_ENOMEM;
    if (!st)
        st = kind == 2   ? ovp_relu2_primal_alloc(n, m, &g->primal)
             : kind >= 4 ? ovp_relu2_gd_alloc_form(n, d, m, OVP_RELU2_GD_PRIMAL, kind == 5, &g->gd)
             : kind == 1 ? ovp_relu2_gd_alloc(n, m, &g->gd)
                         : ovp_relu2_gd_alloc_untracked(n, m, &g->gd);
    if (st)
        return st;
    gsl_rng *r = ovp_rng_stream("bench", "relu2", 1);
    ovp_rng_sphere_rows(r, &g->X);
    ovp_rng_gaussian_mat(r, 1.0, &g->W);
    ovp_rng_signs(r, g->a, m);
    ovp_rng_gaussian(r, 1.0, g->y, n);
    gsl_rng_free(r);
    if (!primal && !(st = ovp_gram_inner(&g->X, &g->K)))
        ovp_mat_symmetrize_upper(&g->K);
    if (kind >= 4) /* the primal form's parts on the BLAS's threads (bench runs one kernel at a time) */
        g->gd.threads = ovp_blasinfo_get_threads();
    if (!st && kind != 2)
        st = ovp_relu2_gd_start(&g->gd, &g->X, &g->W);
    if (st)
        return st;
    double nm = (double)n * (double)m;
    const double md = (double)m * (double)d;
    const double product[] = {2.0 * n * nm, 2.0 * n * nm, 4.0 * d * nm, 2.0 * n * nm, 4.0 * d * nm, 4.0 * d * nm};
    const double pass[] = {6 * nm, 12 * nm, 6 * nm, 0, 6 * nm + 2 * md, 9 * nm + 4 * md};
    *flops = product[kind] + pass[kind];
    return OVP_OK;
}

static int setup_sample(const ovp_bench_case *c, void **x, double *f) { return gd_setup_kind(c, x, f, 0); }
static int setup_tracked(const ovp_bench_case *c, void **x, double *f) { return gd_setup_kind(c, x, f, 1); }
static int setup_primal(const ovp_bench_case *c, void **x, double *f) { return gd_setup_kind(c, x, f, 2); }
static int setup_product(const ovp_bench_case *c, void **x, double *f) { return gd_setup_kind(c, x, f, 3); }
static int setup_primal_gd(const ovp_bench_case *c, void **x, double *f) { return gd_setup_kind(c, x, f, 4); }
static int setup_primal_tracked(const ovp_bench_case *c, void **x, double *f) { return gd_setup_kind(c, x, f, 5); }

#define GD(kernel, setup, n, d, m, series, size)                                                   \
    {kernel, series, size, {n, d, m}, "n%.0f_d%.0f_m%.0f", setup, gd_run, gd_teardown, NULL}

/* Both GD forms, untracked and with the harness's diagnostics, at the three shapes:
 * n = d (sample space is cheaper), d = n/10 and digits' (1797, 64) (primal is). */
#define GD_FORMS(n, d, m)                                                                          \
    GD("relu2.gd_step.sample", setup_sample, n, d, m, NULL, 0),                                    \
        GD("relu2.gd_step.primal", setup_primal_gd, n, d, m, NULL, 0),                             \
        GD("relu2.gd_step.sample_tracked", setup_tracked, n, d, m, NULL, 0),                       \
        GD("relu2.gd_step.primal_tracked", setup_primal_tracked, n, d, m, NULL, 0)

static const ovp_bench_case full[] = {
    GD_FORMS(1000, 1000, 4096),
    GD_FORMS(1000, 100, 1000),
    GD_FORMS(1797, 64, 1000),
    GD("relu2.primal_step_reference", setup_primal, 1000, 100, 1000, NULL, 0),
    GD("relu2.gd_product", setup_product, 1000, 1000, 4096, NULL, 0),
    GD("relu2.gd_step.sample", setup_sample, 250, 250, 1000, "gd_step_sample", 250),
    GD("relu2.gd_step.sample", setup_sample, 500, 500, 1000, "gd_step_sample", 500),
    GD("relu2.gd_step.sample", setup_sample, 1000, 1000, 1000, "gd_step_sample", 1000),
    GD("relu2.gd_step.sample", setup_sample, 2000, 2000, 1000, "gd_step_sample", 2000),
};

static const ovp_bench_case quick[] = {
    GD("relu2.gd_step.sample", setup_sample, 60, 20, 100, "gd_step_sample", 60),
    GD("relu2.gd_step.sample", setup_sample, 120, 20, 100, "gd_step_sample", 120),
    GD("relu2.gd_step.primal", setup_primal_gd, 60, 20, 100, NULL, 0),
    GD("relu2.gd_step.sample_tracked", setup_tracked, 60, 20, 100, NULL, 0),
    GD("relu2.gd_step.primal_tracked", setup_primal_tracked, 60, 20, 100, NULL, 0),
    GD("relu2.gd_product", setup_product, 60, 20, 100, NULL, 0),
};

const ovp_bench_case *ovp_bench_cases_relu2(int is_quick, size_t *n)
{
    *n = is_quick ? sizeof quick / sizeof *quick : sizeof full / sizeof *full;
    return is_quick ? quick : full;
}
