/* bench/cases_models.c: the kernels of the P1, P2 and P4 harnesses.
 *
 * Flop models (what a call executes, to leading order):
 *   quadnet.value_grad      Z = XWᵀ and the gradient dgemm: 4nkd
 *   quadnet.hessian_lambda  S (nd²), the n×kd factor's dsyrk n(kd)², λ_min (4/3)(kd)³
 *   psdfit.prox_step        ∇f(M) = S(M): 3nd²; the PSD projection (all eigenpairs) ~9d³
 *   poprelu.grad            the Gram product 2k(k+n)d, ~12 flops per pair and coordinate
 *   poprelu.grad_hessian    plus the Hessian: ~8d² per student-teacher pair (rank-2 updates
 *                           of the (i,i) blocks and the (i,j) blocks)
 *   poprelu.descent         one protocol run (GD to the basin, Newton to 1e-12): the
 *                           iterations of the warm-up run times the two models above, plus
 *                           (kd)³/3 per Newton step
 *   net1.gd_iteration       P2's GD iteration: the step 2n²k, two n×n Gram matrices
 *                           (J Jᵀ and its change) 2n²k, ~20nk elementwise */
#include "bench.h"
#include "linalg.h"
#include "net1.h"
#include "poprelu.h"
#include "poprelu_descent.h"
#include "psdfit.h"
#include "quadnet.h"
#include "gram.h"
#include "rng.h"
#include "status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- P1: quadnet, psdfit */

typedef struct {
    ovp_mat X, W, G, S, H, M;
    double *y;
    ovp_quadnet_problem prob;
    ovp_quadnet_work qw;
    ovp_psdfit_work pw;
    ovp_work ws;
    int kind; /* 0 value_grad, 1 hessian + λ_min, 2 prox step */
} quad_ctx;

static void quad_teardown(void *p)
{
    quad_ctx *q = p;
    ovp_mat *m[] = {&q->X, &q->W, &q->G, &q->S, &q->H, &q->M};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        ovp_mat_free(m[i]);
    free(q->y);
    ovp_quadnet_work_free(&q->qw);
    ovp_psdfit_work_free(&q->pw);
    ovp_work_free(&q->ws);
    free(q);
}

static int quad_setup_kind(const ovp_bench_case *c, void **ctx, double *flops, int kind)
{
    size_t n = (size_t)c->p[0], d = (size_t)c->p[1], k = (size_t)c->p[2];
    quad_ctx *q = calloc(1, sizeof *q);
    if (!q)
        return OVP_ENOMEM;
    *ctx = q; /* ovp_bench_measure tears it down if setup fails */
    q->kind = kind;
    int st = ovp_mat_alloc(n, d, &q->X);
    if (!st && kind < 2) /* the network (the prox step has none) */
        st = ovp_mat_alloc(k, d, &q->W);
    if (!st) /* ∇L (k×d), or ∇f(M) (d×d) */
        st = ovp_mat_alloc(kind < 2 ? k : d, d, &q->G);
    if (!st)
        st = ovp_mat_alloc(d, d, &q->S);
    if (!st)
        st = ovp_mat_alloc(d, d, &q->M);
    if (!st && kind == 1)
        st = ovp_mat_alloc(k * d, k * d, &q->H);
    if (!st && !(q->y = malloc(n * sizeof *q->y)))
        st = OVP_ENOMEM;
    if (st)
        return st;
    gsl_rng *r = ovp_rng_stream("bench", "quadnet", 1);
    ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)d), &q->X);
    if (kind < 2)
        ovp_rng_gaussian_mat(r, 1.0, &q->W);
    ovp_rng_gaussian(r, 1.0, q->y, n);
    gsl_rng_free(r);
    q->prob = (ovp_quadnet_problem){.X = &q->X, .y = q->y, .loss = OVP_LOSS_SQUARED, .lambda = 1e-3};
    st = kind == 2 ? ovp_psdfit_work_alloc(&q->prob, &q->pw) : ovp_quadnet_work_alloc(n, d, k, kind == 1, &q->qw);
    if (st)
        return st;
    for (size_t i = 0; i < d; i++) /* a PSD starting point for the prox step */
        OVP_AT(&q->M, i, i) = 1.0 / (double)d;
    double nn = (double)n, dd = (double)d, kd = (double)(k * d);
    *flops = kind == 0 ? 4 * nn * k * dd
             : kind == 1 ? 4 * nn * k * dd + nn * dd * dd + nn * kd * kd + 4.0 / 3.0 * kd * kd * kd
                         : 3 * nn * dd * dd + 9 * dd * dd * dd;
    return OVP_OK;
}

static int quad_run(void *p)
{
    quad_ctx *q = p;
    double value, lmin;
    int st;
    switch (q->kind) {
    case 0:
        return ovp_quadnet_value_grad(&q->prob, &q->W, &q->qw, &value, &q->G);
    case 1:
        if ((st = ovp_quadnet_value_grad(&q->prob, &q->W, &q->qw, &value, &q->G)) ||
            (st = ovp_quadnet_S(&q->prob, &q->qw, &q->S)) || (st = ovp_quadnet_hessian(&q->prob, &q->qw, &q->S, &q->H)))
            return st;
        return ovp_linalg_eig_min(&q->H, &lmin, &q->ws);
    default: /* M ← Π_PSD(M − ∇f(M)/Lip): the solver's iteration without momentum */
        if ((st = ovp_psdfit_value_grad(&q->prob, &q->M, &q->pw, &value, &q->G)))
            return st;
        for (size_t i = 0; i < q->M.rows; i++)
            for (size_t j = 0; j < q->M.cols; j++)
                OVP_AT(&q->M, i, j) -= OVP_AT(&q->G, i, j) / q->pw.lip;
        return ovp_psdfit_project(&q->M, &q->pw, NULL);
    }
}

static int setup_value_grad(const ovp_bench_case *c, void **x, double *f) { return quad_setup_kind(c, x, f, 0); }
static int setup_hessian(const ovp_bench_case *c, void **x, double *f) { return quad_setup_kind(c, x, f, 1); }
static int setup_prox(const ovp_bench_case *c, void **x, double *f) { return quad_setup_kind(c, x, f, 2); }

/* ---------------------------------------------------------------- P4: poprelu */

typedef struct {
    ovp_mat V, W, W0, G, H;
    ovp_poprelu pr;
    ovp_poprelu_descent_work dw;
    ovp_poprelu_descent_opts opts;
    int kind; /* 0 gradient, 1 gradient + Hessian, 2 one descent */
} pop_ctx;

static void pop_teardown(void *p)
{
    pop_ctx *q = p;
    ovp_mat *m[] = {&q->V, &q->W, &q->W0, &q->G, &q->H};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        ovp_mat_free(m[i]);
    ovp_poprelu_free(&q->pr);
    ovp_poprelu_descent_work_free(&q->dw);
    free(q);
}

static int pop_run(void *p)
{
    pop_ctx *q = p;
    double F;
    if (q->kind < 2)
        return ovp_poprelu_eval(&q->pr, &q->W, &F, &q->G, q->kind ? &q->H : NULL);
    ovp_poprelu_descent_result res;
    return ovp_poprelu_descent_run(&q->pr, &q->W0, &q->W, &q->opts, &q->dw, &res);
}

static int pop_setup_kind(const ovp_bench_case *c, void **ctx, double *flops, int kind)
{
    size_t k = (size_t)c->p[0], n = (size_t)c->p[1], d = (size_t)c->p[2];
    pop_ctx *q = calloc(1, sizeof *q);
    if (!q)
        return OVP_ENOMEM;
    *ctx = q; /* ovp_bench_measure tears it down if setup fails */
    q->kind = kind;
    int st = ovp_mat_alloc(n, d, &q->V);
    if (!st)
        st = ovp_mat_alloc(k, d, &q->W);
    if (!st)
        st = ovp_mat_alloc(k, d, &q->W0);
    if (!st)
        st = ovp_mat_alloc(k, d, &q->G);
    if (!st && kind == 1)
        st = ovp_mat_alloc(k * d, k * d, &q->H);
    if (!st) {
        for (size_t i = 0; i < n && i < d; i++) /* the teacher of the 2018 protocol: V = I */
            OVP_AT(&q->V, i, i) = 1.0;
        st = ovp_poprelu_alloc(k, &q->V, &q->pr);
    }
    if (!st && kind == 2)
        st = ovp_poprelu_descent_work_alloc(k, d, &q->dw);
    if (st)
        return st;
    gsl_rng *r = ovp_rng_stream("bench", "poprelu", 1);
    ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)d), &q->W0); /* the protocol's init N(0, 1/d) */
    gsl_rng_free(r);
    if ((st = ovp_mat_copy(&q->W0, &q->W)))
        return st;
    double kk = (double)k, pairs = kk * (double)(k + n), dd = (double)d;
    double grad = 2 * pairs * dd + 12 * pairs * dd, hess = grad + 8 * pairs * dd * dd;
    *flops = kind == 0 ? grad : hess;
    if (kind == 2) { /* count the iterations of this (deterministic) run */
        q->opts = (ovp_poprelu_descent_opts){.step = 5.0 / kk, .max_halvings = 8, .max_iters = 200000,
                                     .f_stop = 0.0, .newton_switch = 1e-2, .max_newton = 50,
                                     .grad_tol = 1e-12};
        ovp_poprelu_descent_result res;
        st = ovp_poprelu_descent_run(&q->pr, &q->W0, &q->W, &q->opts, &q->dw, &res);
        double kd = kk * dd;
        *flops = (double)res.gd_iters * grad + (double)res.newton_steps * (hess + kd * kd * kd / 3.0);
    }
    return st;
}

static int setup_pop_grad(const ovp_bench_case *c, void **x, double *f) { return pop_setup_kind(c, x, f, 0); }
static int setup_pop_hess(const ovp_bench_case *c, void **x, double *f) { return pop_setup_kind(c, x, f, 1); }
static int setup_pop_descent(const ovp_bench_case *c, void **x, double *f) { return pop_setup_kind(c, x, f, 2); }

/* ---------------------------------------------------------------- P2: net1 */

typedef struct {
    ovp_mat X, K, W0, G;
    double *v, *y;
    ovp_net1_gd gd;
} net_ctx;

static void net_teardown(void *p)
{
    net_ctx *q = p;
    ovp_mat *m[] = {&q->X, &q->K, &q->W0, &q->G};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        ovp_mat_free(m[i]);
    free(q->v);
    free(q->y);
    ovp_net1_gd_free(&q->gd);
    free(q);
}

static int net_setup(const ovp_bench_case *c, void **ctx, double *flops)
{
    size_t n = (size_t)c->p[0], d = (size_t)c->p[1], k = (size_t)c->p[2];
    net_ctx *q = calloc(1, sizeof *q);
    if (!q)
        return OVP_ENOMEM;
    *ctx = q; /* ovp_bench_measure tears it down if setup fails */
    int st = ovp_mat_alloc(n, d, &q->X);
    if (!st)
        st = ovp_mat_alloc(n, n, &q->K);
    if (!st)
        st = ovp_mat_alloc(k, d, &q->W0);
    if (!st)
        st = ovp_mat_alloc(n, n, &q->G);
    if (!st && (!(q->v = malloc(k * sizeof *q->v)) || !(q->y = malloc(n * sizeof *q->y))))
        st = OVP_ENOMEM;
    if (!st)
        st = ovp_net1_gd_alloc(n, k, OVP_ACT_SOFTPLUS, &q->gd);
    if (st)
        return st;
    gsl_rng *r = ovp_rng_stream("bench", "net1", 1);
    ovp_rng_sphere_rows(r, &q->X);
    ovp_rng_gaussian_mat(r, 1.0, &q->W0);
    ovp_rng_signs(r, q->v, k);
    for (size_t i = 0; i < k; i++)
        q->v[i] /= sqrt((double)k);
    ovp_rng_gaussian(r, 0.1, q->y, n);
    gsl_rng_free(r);
    if (!(st = ovp_gram_inner(&q->X, &q->K))) {
        ovp_mat_symmetrize_upper(&q->K);
        st = ovp_net1_gd_start(&q->gd, &q->X, &q->W0, q->v);
    }
    if (st)
        return st;
    double nk = (double)n * (double)k;
    *flops = 2 * (double)n * nk + 2 * (double)n * nk + 20 * nk;
    return OVP_OK;
}

static int net_run(void *p)
{
    net_ctx *q = p;
    ovp_net1_stats stats;
    int st = ovp_net1_gd_eval(&q->gd, q->v, q->y, &stats);
    if (!st)
        st = ovp_net1_gd_jjt_change(&q->gd, &q->K, &q->G);
    if (!st)
        st = ovp_net1_gd_jjt(&q->gd, &q->K, &q->G);
    return st ? st : ovp_net1_gd_step(&q->gd, &q->K, 1e-3);
}

/* ---------------------------------------------------------------- lists */

#define CASE(kernel, setup, run, teardown, a, b, c, fmt) {kernel, NULL, 0, {a, b, c}, fmt, setup, run, teardown, NULL}

static const ovp_bench_case full[] = {
    CASE("quadnet.value_grad", setup_value_grad, quad_run, quad_teardown, 360, 24, 24, "n%.0f_d%.0f_k%.0f"),
    CASE("quadnet.hessian_lambda_min", setup_hessian, quad_run, quad_teardown, 300, 30, 30, "n%.0f_d%.0f_k%.0f"),
    CASE("psdfit.prox_step", setup_prox, quad_run, quad_teardown, 300, 30, 0, "n%.0f_d%.0f"),
    CASE("poprelu.grad", setup_pop_grad, pop_run, pop_teardown, 20, 20, 20, "k%.0f_n%.0f_d%.0f"),
    CASE("poprelu.grad_hessian", setup_pop_hess, pop_run, pop_teardown, 20, 20, 20, "k%.0f_n%.0f_d%.0f"),
    CASE("poprelu.descent", setup_pop_descent, pop_run, pop_teardown, 20, 20, 20, "k%.0f_n%.0f_d%.0f"),
    CASE("net1.gd_iteration", net_setup, net_run, net_teardown, 64, 256, 32000, "n%.0f_d%.0f_k%.0f"),
};

static const ovp_bench_case quick[] = {
    CASE("quadnet.value_grad", setup_value_grad, quad_run, quad_teardown, 40, 6, 6, "n%.0f_d%.0f_k%.0f"),
    CASE("quadnet.hessian_lambda_min", setup_hessian, quad_run, quad_teardown, 40, 6, 6, "n%.0f_d%.0f_k%.0f"),
    CASE("psdfit.prox_step", setup_prox, quad_run, quad_teardown, 40, 6, 0, "n%.0f_d%.0f"),
    CASE("poprelu.grad_hessian", setup_pop_hess, pop_run, pop_teardown, 6, 6, 6, "k%.0f_n%.0f_d%.0f"),
    CASE("poprelu.descent", setup_pop_descent, pop_run, pop_teardown, 6, 6, 6, "k%.0f_n%.0f_d%.0f"),
    CASE("net1.gd_iteration", net_setup, net_run, net_teardown, 16, 16, 200, "n%.0f_d%.0f_k%.0f"),
};

const ovp_bench_case *ovp_bench_cases_models(int is_quick, size_t *n)
{
    *n = is_quick ? sizeof quick / sizeof *quick : sizeof full / sizeof *full;
    return is_quick ? quick : full;
}
