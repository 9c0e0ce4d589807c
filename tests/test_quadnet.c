/* tests/test_quadnet.c: the quadratic network's kernels: gradient and Hessian against finite
 * differences for both losses (a planted wrong one must fail the same test), S against the
 * gradient, the logistic loss at extreme margins, and the SOSP finder. */
#include "linalg.h"
#include "quadnet.h"
#include "rng.h"
#include "sosp.h"
#include "status.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Central differences of the gradient: error ~ h²·|L'''| + ε·|L|/h ≈ 1e-10 at h = 1e-5
 * for O(1) data; relative to ‖∇L‖ or ‖∇²L‖ of order 0.1–1. */
#define FD_STEP 1e-5
#define FD_REL_TOL 1e-7
/* ∇L = 2WS computed two ways (dgemm on Z vs dsyrk for S): rounding only. */
#define FORMULA_TOL 1e-13

typedef struct {
    size_t n, d, k;
    ovp_mat X, W, C;
    double *y;
    ovp_quad_problem p;
} problem;

/* The problem points into q, which must not move. */
static void make_problem(problem *qp, size_t n, size_t d, size_t k, ovp_loss loss, int with_c, const char *name)
{
    problem q = {.n = n, .d = d, .k = k};
    gsl_rng *r = test_rng(name);
    ovp_mat_alloc(n, d, &q.X);
    ovp_mat_alloc(k, d, &q.W);
    ovp_mat_alloc(d, d, &q.C);
    q.y = malloc(n * sizeof *q.y);
    ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)d), &q.X);
    ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)d), &q.W);
    ovp_rng_gaussian(r, 1.0, q.y, n);
    if (loss == OVP_LOSS_LOGISTIC)
        for (size_t i = 0; i < n; i++)
            q.y[i] = q.y[i] >= 0 ? 1.0 : -1.0;
    for (size_t a = 0; a < d; a++) /* a symmetric C (PSD-ness does not matter to the derivatives) */
        for (size_t b = 0; b <= a; b++)
            OVP_AT(&q.C, a, b) = OVP_AT(&q.C, b, a) = 0.05 * gsl_ran_gaussian_ziggurat(r, 1.0);
    gsl_rng_free(r);
    *qp = q;
    qp->p = (ovp_quad_problem){.X = &qp->X, .y = qp->y, .loss = loss, .lambda = 0.1, .C = with_c ? &qp->C : NULL};
}

static void free_problem(problem *q)
{
    ovp_mat_free(&q->X);
    ovp_mat_free(&q->W);
    ovp_mat_free(&q->C);
    free(q->y);
}

typedef int (*grad_fn)(const ovp_quad_problem *, const ovp_mat *, ovp_quad_work *, double *, ovp_mat *);
typedef int (*hess_fn)(const ovp_quad_problem *, const ovp_mat *, ovp_quad_work *, ovp_mat *, ovp_mat *);

static int real_grad(const ovp_quad_problem *p, const ovp_mat *W, ovp_quad_work *w, double *v, ovp_mat *G)
{
    return ovp_quad_value_grad(p, W, w, v, G);
}

/* Planted bug: weight decay's gradient λW written as (λ/2)W. */
static int planted_grad(const ovp_quad_problem *p, const ovp_mat *W, ovp_quad_work *w, double *v, ovp_mat *G)
{
    int st = ovp_quad_value_grad(p, W, w, v, G);
    for (size_t i = 0; i < W->rows * W->cols; i++)
        G->data[i] -= 0.5 * p->lambda * W->data[i];
    return st;
}

static int real_hess(const ovp_quad_problem *p, const ovp_mat *W, ovp_quad_work *w, ovp_mat *S, ovp_mat *H)
{
    double v;
    int st = ovp_quad_value(p, W, w, &v);
    if (!st)
        st = ovp_quad_S(p, w, S);
    return st ? st : ovp_quad_hessian(p, w, S, H);
}

/* Planted bug: the ℓ'' term with 2/n instead of 4/n (the chain rule's factor 2 squared, missed). */
static int planted_hess(const ovp_quad_problem *p, const ovp_mat *W, ovp_quad_work *w, ovp_mat *S, ovp_mat *H)
{
    int st = real_hess(p, W, w, S, H);
    const size_t k = W->rows, d = W->cols;
    for (size_t j = 0; j < k; j++) /* H_planted = ½H + ½·blockdiag(2S) */
        for (size_t a = 0; a < d; a++)
            for (size_t jj = j; jj < k; jj++)
                for (size_t b = (jj == j ? a : 0); b < d; b++)
                    OVP_AT(H, j * d + a, jj * d + b) =
                        0.5 * OVP_AT(H, j * d + a, jj * d + b) + (jj == j ? OVP_AT(S, a, b) : 0.0);
    return st;
}

/* ‖G_fd − G‖/‖G‖ for the gradient fn. */
static double fd_gradient_error(problem *q, grad_fn grad)
{
    ovp_quad_work w;
    cr_assert_eq(ovp_quad_work_alloc(q->n, q->d, q->k, 0, &w), OVP_OK);
    ovp_mat G;
    ovp_mat_alloc(q->k, q->d, &G);
    double v, vp, vm, num = 0, den = 0;
    cr_assert_eq(grad(&q->p, &q->W, &w, &v, &G), OVP_OK);
    for (size_t i = 0; i < q->k * q->d; i++) {
        double x = q->W.data[i];
        q->W.data[i] = x + FD_STEP;
        ovp_quad_value(&q->p, &q->W, &w, &vp);
        q->W.data[i] = x - FD_STEP;
        ovp_quad_value(&q->p, &q->W, &w, &vm);
        q->W.data[i] = x;
        double fd = (vp - vm) / (2 * FD_STEP);
        num += (fd - G.data[i]) * (fd - G.data[i]);
        den += G.data[i] * G.data[i];
    }
    ovp_mat_free(&G);
    ovp_quad_work_free(&w);
    return sqrt(num / den);
}

/* ‖H_fd − H‖_F/‖H‖_F, H_fd by central differences of the analytic gradient. */
static double fd_hessian_error(problem *q, hess_fn hess)
{
    const size_t N = q->k * q->d;
    ovp_quad_work w;
    cr_assert_eq(ovp_quad_work_alloc(q->n, q->d, q->k, 1, &w), OVP_OK);
    ovp_mat H, S, Gp, Gm;
    ovp_mat_alloc(N, N, &H);
    ovp_mat_alloc(q->d, q->d, &S);
    ovp_mat_alloc(q->k, q->d, &Gp);
    ovp_mat_alloc(q->k, q->d, &Gm);
    cr_assert_eq(hess(&q->p, &q->W, &w, &S, &H), OVP_OK);
    double num = 0, den = 0, v;
    for (size_t c = 0; c < N; c++) {
        double x = q->W.data[c];
        q->W.data[c] = x + FD_STEP;
        ovp_quad_value_grad(&q->p, &q->W, &w, &v, &Gp);
        q->W.data[c] = x - FD_STEP;
        ovp_quad_value_grad(&q->p, &q->W, &w, &v, &Gm);
        q->W.data[c] = x;
        for (size_t r = 0; r < N; r++) {
            double fd = (Gp.data[r] - Gm.data[r]) / (2 * FD_STEP);
            double h = r <= c ? OVP_AT(&H, r, c) : OVP_AT(&H, c, r); /* upper triangle */
            num += (fd - h) * (fd - h);
            den += h * h;
        }
    }
    ovp_mat *ms[] = {&H, &S, &Gp, &Gm};
    for (int i = 0; i < 4; i++)
        ovp_mat_free(ms[i]);
    ovp_quad_work_free(&w);
    return sqrt(num / den);
}

Test(quadnet, gradient_and_hessian_match_finite_differences_both_losses)
{
    for (int loss = 0; loss < 2; loss++)
        for (int with_c = 0; with_c < 2; with_c++) {
            problem q;
            make_problem(&q, 25, 4, 3, (ovp_loss)loss, with_c, "derivatives");
            double g = fd_gradient_error(&q, real_grad), h = fd_hessian_error(&q, real_hess);
            cr_log_info("%s C=%d: gradient %.2g, Hessian %.2g", ovp_loss_name(loss), with_c, g, h);
            cr_assert(g < FD_REL_TOL, "%s C=%d: relative gradient error %.3g", ovp_loss_name(loss), with_c, g);
            cr_assert(h < FD_REL_TOL, "%s C=%d: relative Hessian error %.3g", ovp_loss_name(loss), with_c, h);
            free_problem(&q);
        }
}

Test(quadnet, planted_wrong_derivatives_fail_finite_differences)
{
    problem q;
    make_problem(&q, 25, 4, 3, OVP_LOSS_LOGISTIC, 1, "derivatives");
    double g = fd_gradient_error(&q, planted_grad), h = fd_hessian_error(&q, planted_hess);
    cr_assert(g > FD_REL_TOL, "a wrong gradient must fail the FD test (error %.3g)", g);
    cr_assert(h > FD_REL_TOL, "a wrong Hessian must fail the FD test (error %.3g)", h);
    free_problem(&q);
}

Test(quadnet, gradient_is_two_W_S)
{
    for (int loss = 0; loss < 2; loss++) {
        problem q;
        make_problem(&q, 40, 6, 4, (ovp_loss)loss, 1, "2WS");
        ovp_quad_work w;
        ovp_quad_work_alloc(q.n, q.d, q.k, 0, &w);
        ovp_mat G, S, WS, T;
        ovp_mat_alloc(q.k, q.d, &G);
        ovp_mat_alloc(q.d, q.d, &S);
        ovp_mat_alloc(q.k, q.d, &WS);
        ovp_mat_alloc(q.d, q.d, &T);
        double v;
        ovp_quad_value_grad(&q.p, &q.W, &w, &v, &G);
        ovp_work ws = {0};
        ovp_quad_cert cert;
        cr_assert_eq(ovp_quad_certify(&q.p, &q.W, &w, &S, &WS, &T, &ws, &cert), OVP_OK);
        cr_assert_float_eq(cert.value, v, 1e-15 * fabs(v));
        for (size_t i = 0; i < q.k * q.d; i++)
            cr_assert(fabs(G.data[i] - 2 * WS.data[i]) < FORMULA_TOL * max_abs(&G), "entry %zu: %.17g vs %.17g", i,
                      G.data[i], 2 * WS.data[i]);
        for (size_t a = 0; a < q.d; a++) /* exactly symmetric: two dsyrk, then mirrored */
            for (size_t b = 0; b < q.d; b++)
                cr_assert_eq(OVP_AT(&S, a, b), OVP_AT(&S, b, a));
        ovp_mat *ms[] = {&G, &S, &WS, &T};
        for (int i = 0; i < 4; i++)
            ovp_mat_free(ms[i]);
        ovp_work_free(&ws);
        ovp_quad_work_free(&w);
        free_problem(&q);
    }
}

Test(quadnet, logistic_loss_is_stable_at_extreme_margins)
{
    const double m[] = {-1e4, -745, -40, 0, 40, 745, 1e4};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        double d1, d2, l = ovp_loss_eval(OVP_LOSS_LOGISTIC, m[i], 1.0, &d1, &d2);
        cr_assert(isfinite(l) && isfinite(d1) && isfinite(d2), "margin %g", m[i]);
        cr_assert(l >= 0 && d1 <= 0 && d1 >= -1 && d2 >= 0 && d2 <= 0.25, "margin %g: %g %g %g", m[i], l, d1, d2);
        if (m[i] < -100) /* log(1 + e^{−m}) = −m + log(1 + e^{m}) ≈ −m */
            cr_assert_float_eq(l, -m[i], 1e-12 * fabs(m[i]));
    }
    double d1;
    cr_assert_float_eq(ovp_loss_eval(OVP_LOSS_LOGISTIC, 0.0, -1.0, &d1, NULL), log(2.0), 1e-15);
    cr_assert_float_eq(d1, 0.5, 1e-15);
}

/* Starts exactly at the critical point W = 0, where S(0) = −(1/n)Σ y_i x_i x_iᵀ + (λ/2)I
 * has negative eigenvalues (positive labels): the gradient is 0 and only the Hessian check
 * can leave. The finder must escape and end at a certified global minimum (k = d). */
Test(sosp, escapes_the_saddle_at_zero_and_ends_global)
{
    problem q;
    make_problem(&q, 30, 4, 4, OVP_LOSS_SQUARED, 0, "saddle");
    for (size_t i = 0; i < q.n; i++)
        q.y[i] = 1.0 + fabs(q.y[i]);
    q.p.lambda = 1e-3;
    memset(q.W.data, 0, q.k * q.d * sizeof(double));
    ovp_sosp_work sw;
    cr_assert_eq(ovp_sosp_work_alloc(q.n, q.d, q.k, 10, &sw), OVP_OK);
    ovp_sosp_opts o = {.grad_tol = 1e-9, .curv_tol = 1e-7, .max_iters = 20000, .max_escapes = 50, .memory = 10};
    ovp_sosp_result res;
    cr_assert_eq(ovp_sosp_find(&q.p, &q.W, &o, &sw, &res), OVP_OK);
    cr_assert_eq(res.outcome, OVP_SOSP_FOUND);
    cr_assert(res.escapes >= 1, "W = 0 is a strict saddle: at least one escape");
    cr_assert(res.grad_norm <= o.grad_tol && res.hess_min >= -o.curv_tol);
    ovp_work ws = {0};
    double lmin;
    ovp_mat S;
    ovp_mat_alloc(q.d, q.d, &S);
    ovp_mat_copy(&sw.S, &S);
    cr_assert_eq(ovp_eig_min(&S, &lmin, &ws), OVP_OK);
    cr_assert(lmin > -1e-6, "k = d: the SOSP is certified global (lambda_min(S) = %.3g)", lmin);
    ovp_mat_free(&S);
    ovp_work_free(&ws);
    ovp_sosp_work_free(&sw);
    free_problem(&q);
}
