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
    ovp_quadnet_problem p;
} problem;

/* The problem points into q, which must not move. */
static void make_problem(problem *qp, size_t n, size_t d, size_t k, ovp_loss loss, int with_c, const char *name)
{
    problem q = {.n = n, .d = d, .k = k};
    gsl_rng *r = test_rng(name);
    cr_assert_eq(ovp_mat_alloc(n, d, &q.X), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(k, d, &q.W), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(d, d, &q.C), OVP_OK);
    q.y = malloc(n * sizeof *q.y);
    cr_assert_not_null(q.y);
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
    qp->p = (ovp_quadnet_problem){.X = &qp->X, .y = qp->y, .loss = loss, .lambda = 0.1, .C = with_c ? &qp->C : NULL};
}

static void free_problem(problem *q)
{
    ovp_mat_free(&q->X);
    ovp_mat_free(&q->W);
    ovp_mat_free(&q->C);
    free(q->y);
}

typedef int (*grad_fn)(const ovp_quadnet_problem *, const ovp_mat *, ovp_quadnet_work *, double *, ovp_mat *);
typedef int (*hess_fn)(const ovp_quadnet_problem *, const ovp_mat *, ovp_quadnet_work *, ovp_mat *, ovp_mat *);

static int real_grad(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w, double *v, ovp_mat *G)
{
    return ovp_quadnet_value_grad(p, W, w, v, G);
}

/* Planted bug: weight decay's gradient λW written as (λ/2)W. */
static int planted_grad(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w, double *v, ovp_mat *G)
{
    int st = ovp_quadnet_value_grad(p, W, w, v, G);
    for (size_t i = 0; i < W->rows * W->cols; i++)
        G->data[i] -= 0.5 * p->lambda * W->data[i];
    return st;
}

static int real_hess(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w, ovp_mat *S, ovp_mat *H)
{
    double v;
    int st = ovp_quadnet_value(p, W, w, &v);
    if (!st)
        st = ovp_quadnet_S(p, w, S);
    return st ? st : ovp_quadnet_hessian(p, w, S, H);
}

/* Planted bug: the ℓ'' term with 2/n instead of 4/n (the chain rule's factor 2 squared, missed). */
static int planted_hess(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w, ovp_mat *S, ovp_mat *H)
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
    ovp_quadnet_work w;
    cr_assert_eq(ovp_quadnet_work_alloc(q->n, q->d, q->k, 0, &w), OVP_OK);
    ovp_mat G;
    cr_assert_eq(ovp_mat_alloc(q->k, q->d, &G), OVP_OK);
    double v, vp, vm, num = 0, den = 0;
    cr_assert_eq(grad(&q->p, &q->W, &w, &v, &G), OVP_OK);
    for (size_t i = 0; i < q->k * q->d; i++) {
        double x = q->W.data[i];
        q->W.data[i] = x + FD_STEP;
        cr_assert_eq(ovp_quadnet_value(&q->p, &q->W, &w, &vp), OVP_OK);
        q->W.data[i] = x - FD_STEP;
        cr_assert_eq(ovp_quadnet_value(&q->p, &q->W, &w, &vm), OVP_OK);
        q->W.data[i] = x;
        double fd = (vp - vm) / (2 * FD_STEP);
        num += (fd - G.data[i]) * (fd - G.data[i]);
        den += G.data[i] * G.data[i];
    }
    ovp_mat_free(&G);
    ovp_quadnet_work_free(&w);
    return sqrt(num / den);
}

/* ‖H_fd − H‖_F/‖H‖_F, H_fd by central differences of the analytic gradient. */
static double fd_hessian_error(problem *q, hess_fn hess)
{
    const size_t N = q->k * q->d;
    ovp_quadnet_work w;
    cr_assert_eq(ovp_quadnet_work_alloc(q->n, q->d, q->k, 1, &w), OVP_OK);
    ovp_mat H, S, Gp, Gm;
    cr_assert_eq(ovp_mat_alloc(N, N, &H), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(q->d, q->d, &S), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(q->k, q->d, &Gp), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(q->k, q->d, &Gm), OVP_OK);
    cr_assert_eq(hess(&q->p, &q->W, &w, &S, &H), OVP_OK);
    double num = 0, den = 0, v;
    for (size_t c = 0; c < N; c++) {
        double x = q->W.data[c];
        q->W.data[c] = x + FD_STEP;
        cr_assert_eq(ovp_quadnet_value_grad(&q->p, &q->W, &w, &v, &Gp), OVP_OK);
        q->W.data[c] = x - FD_STEP;
        cr_assert_eq(ovp_quadnet_value_grad(&q->p, &q->W, &w, &v, &Gm), OVP_OK);
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
    ovp_quadnet_work_free(&w);
    return sqrt(num / den);
}

Test(quadnet, gradient_and_hessian_match_finite_differences_both_losses)
{
    for (int loss = 0; loss < 2; loss++)
        for (int with_c = 0; with_c < 2; with_c++) {
            problem q;
            make_problem(&q, 25, 4, 3, (ovp_loss)loss, with_c, "derivatives");
            double g = fd_gradient_error(&q, real_grad), h = fd_hessian_error(&q, real_hess);
            cr_log_info("%s C=%d: gradient %.2g, Hessian %.2g", ovp_quadnet_loss_name(loss), with_c, g, h);
            cr_assert(g < FD_REL_TOL, "%s C=%d: relative gradient error %.3g", ovp_quadnet_loss_name(loss), with_c, g);
            cr_assert(h < FD_REL_TOL, "%s C=%d: relative Hessian error %.3g", ovp_quadnet_loss_name(loss), with_c, h);
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
        ovp_quadnet_work w;
        cr_assert_eq(ovp_quadnet_work_alloc(q.n, q.d, q.k, 0, &w), OVP_OK);
        ovp_mat G, S, WS, T;
        cr_assert_eq(ovp_mat_alloc(q.k, q.d, &G), OVP_OK);
        cr_assert_eq(ovp_mat_alloc(q.d, q.d, &S), OVP_OK);
        cr_assert_eq(ovp_mat_alloc(q.k, q.d, &WS), OVP_OK);
        cr_assert_eq(ovp_mat_alloc(q.d, q.d, &T), OVP_OK);
        double v;
        cr_assert_eq(ovp_quadnet_value_grad(&q.p, &q.W, &w, &v, &G), OVP_OK);
        ovp_work ws = {0};
        ovp_quadnet_cert cert;
        cr_assert_eq(ovp_quadnet_certify(&q.p, &q.W, &w, &S, &WS, &T, &ws, &cert), OVP_OK);
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
        ovp_quadnet_work_free(&w);
        free_problem(&q);
    }
}

Test(quadnet, logistic_loss_is_stable_at_extreme_margins)
{
    const double m[] = {-1e4, -745, -40, 0, 40, 745, 1e4};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        double d1, d2, l = ovp_quadnet_loss_eval(OVP_LOSS_LOGISTIC, m[i], 1.0, &d1, &d2);
        cr_assert(isfinite(l) && isfinite(d1) && isfinite(d2), "margin %g", m[i]);
        cr_assert(l >= 0 && d1 <= 0 && d1 >= -1 && d2 >= 0 && d2 <= 0.25, "margin %g: %g %g %g", m[i], l, d1, d2);
        if (m[i] < -100) /* log(1 + e^{−m}) = −m + log(1 + e^{m}) ≈ −m */
            cr_assert_float_eq(l, -m[i], 1e-12 * fabs(m[i]));
    }
    double d1;
    cr_assert_float_eq(ovp_quadnet_loss_eval(OVP_LOSS_LOGISTIC, 0.0, -1.0, &d1, NULL), log(2.0), 1e-15);
    cr_assert_float_eq(d1, 0.5, 1e-15);
}

/* Starts exactly at the critical point W = 0, where S(0) = −(1/n)Σ y_i x_i x_iᵀ + (λ/2)I
 * has negative eigenvalues (positive labels): the gradient is 0 and only the Hessian check
 * can leave. The finder must escape and end at a certified global minimum (k = d). */
/* From W = 0 (n = 30, d = 4, width k): the finder must escape and end at a certified global
 * minimum (k ≥ d). k = d takes the dense Hessian's eigenvector, k > d the structured a ⊗ u. */
/* Runs the search from W = 0 (asserting it escapes and ends a SOSP); returns λ_min(S) at its end. */
static double escape_from_zero(size_t k)
{
    problem q;
    make_problem(&q, 30, 4, k, OVP_LOSS_SQUARED, 0, "saddle");
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
    cr_assert_eq(ovp_mat_alloc(q.d, q.d, &S), OVP_OK);
    cr_assert_eq(ovp_mat_copy(&sw.S, &S), OVP_OK);
    cr_assert_eq(ovp_linalg_eig_min(&S, &lmin, &ws), OVP_OK);
    ovp_mat_free(&S);
    ovp_work_free(&ws);
    ovp_sosp_work_free(&sw);
    free_problem(&q);
    return lmin;
}

/* k ≥ d: the SOSP is certified global, λ_min(S) ≥ 0 up to the search's tolerance. */
Test(sosp, escapes_the_saddle_at_zero_and_ends_global)
{
    double lmin = escape_from_zero(4);
    cr_assert(lmin > -1e-6, "k = 4 = d: lambda_min(S) = %.3g", lmin);
}

Test(sosp, escapes_the_saddle_at_zero_along_the_structured_direction_for_k_above_d)
{
    double lmin = escape_from_zero(6);
    cr_assert(lmin > -1e-6, "k = 6 > d: lambda_min(S) = %.3g", lmin);
}

/* ‖Ĥv − λv‖₂ for the upper triangle of Ĥ (N×N). */
static double eig_residual(const ovp_mat *H, const double *v, double lambda)
{
    const size_t N = H->rows;
    double r2 = 0.0;
    for (size_t a = 0; a < N; a++) {
        double r = -lambda * v[a];
        for (size_t b = 0; b < N; b++)
            r += (a <= b ? OVP_AT(H, a, b) : OVP_AT(H, b, a)) * v[b];
        r2 += r * r;
    }
    return sqrt(r2);
}

static double norm2(const double *v, size_t N)
{
    double s = 0.0;
    for (size_t a = 0; a < N; a++)
        s += v[a] * v[a];
    return sqrt(s);
}

/* For k > min(d, n), ovp_sosp_hessian_min returns 2λ_min(S) and a ⊗ u without forming the
 * Hessian (kernels/models/sosp.h). At random W (the identity holds at any W, critical or not),
 * both losses, with and without C: it equals dsyevr's λ_min of the dense Ĥ to rounding, and a ⊗ u
 * is a unit eigenvector of Ĥ for it. Shapes: k > d (n large), k > n with k < d, and k = d > n.
 * The control k ≤ min(d, n) shows the shortcut is no identity there: λ_min(Ĥ) > 2λ_min(S). */
Test(sosp, structured_hessian_min_equals_the_dense_eigenvalue)
{
    const size_t shapes[][3] = {{30, 4, 6}, {30, 5, 9}, {4, 6, 5}, {3, 5, 5}, {30, 4, 3}};
    for (size_t sh = 0; sh < sizeof shapes / sizeof *shapes; sh++)
        for (int loss = 0; loss < 2; loss++)
            for (int with_c = 0; with_c < 2; with_c++) {
                const size_t n = shapes[sh][0], d = shapes[sh][1], k = shapes[sh][2], N = k * d;
                const int structured = k > d || k > n;
                problem q;
                make_problem(&q, n, d, k, (ovp_loss)loss, with_c, "structured hessian min");
                ovp_sosp_work sw;
                cr_assert_eq(ovp_sosp_work_alloc(n, d, k, 5, &sw), OVP_OK);
                double *v = malloc(N * sizeof *v), lam_s, lam_d, f, mu;
                cr_assert_not_null(v);
                cr_assert_eq(ovp_sosp_hessian_min(&q.p, &q.W, &sw, &lam_s, v), OVP_OK);
                double lam_s_values;
                cr_assert_eq(ovp_sosp_hessian_min(&q.p, &q.W, &sw, &lam_s_values, NULL), OVP_OK);
                cr_assert_eq(lam_s, lam_s_values, "the value does not depend on whether the vector is asked");
                /* the dense Hessian at the same W, and 2λ_min(S) */
                cr_assert_eq(ovp_quadnet_value(&q.p, &q.W, &sw.qw, &f), OVP_OK);
                cr_assert_eq(ovp_sosp_form_hessian(&q.p, &sw), OVP_OK);
                ovp_mat H, S;
                cr_assert_eq(ovp_mat_alloc(N, N, &H), OVP_OK);
                cr_assert_eq(ovp_mat_alloc(d, d, &S), OVP_OK);
                cr_assert_eq(ovp_mat_copy(&sw.H, &H), OVP_OK);
                cr_assert_eq(ovp_mat_copy(&sw.S, &S), OVP_OK);
                cr_assert_eq(ovp_linalg_eig_min(&sw.H, &lam_d, &sw.ws), OVP_OK);
                cr_assert_eq(ovp_linalg_eig_min(&S, &mu, &sw.ws), OVP_OK);
                double hn = 0.0; /* max-row-sum bound on ‖Ĥ‖₂ from the upper triangle */
                for (size_t a = 0; a < N; a++) {
                    double r = 0.0;
                    for (size_t b = 0; b < N; b++)
                        r += fabs(a <= b ? OVP_AT(&H, a, b) : OVP_AT(&H, b, a));
                    hn = fmax(hn, r);
                }
                const double tol = 1e-13 * (1.0 + hn);
                if (structured) {
                    cr_assert(fabs(lam_s - lam_d) <= tol, "(%zu, %zu, %zu) loss %d C %d: %.17g vs dense %.17g", n, d, k,
                              loss, with_c, lam_s, lam_d);
                    cr_assert_float_eq(norm2(v, N), 1.0, 1e-14);
                    double res = eig_residual(&H, v, lam_s);
                    cr_assert(res <= tol, "(%zu, %zu, %zu): ||H v - lambda v|| = %.3g", n, d, k, res);
                } else {
                    cr_assert(lam_s == lam_d, "k <= min(d, n): the dense path itself");
                    cr_assert(lam_d > 2.0 * mu + 1e-6, "control: %.6g vs 2 lambda_min(S) = %.6g", lam_d, 2.0 * mu);
                }
                ovp_mat_free(&H);
                ovp_mat_free(&S);
                free(v);
                ovp_sosp_work_free(&sw);
                free_problem(&q);
            }
}

/* ---------------------------------------------------------------- certified curvature (kernels/models/saddle.h) */

#include "saddle.h"

#include <float.h>

/* The Hessian of the problem at W in long double from its formula, rounded to double (full). */
static void reference_hessian(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_mat *H)
{
    const size_t n = p->X->rows, d = p->X->cols, k = W->rows;
    long double S[d][d], z[k], d1, d2;
    memset(H->data, 0, k * d * k * d * sizeof(double));
    long double *Hl = calloc(k * d * k * d, sizeof(long double));
    cr_assert_not_null(Hl);
    for (size_t a = 0; a < d; a++)
        for (size_t b = 0; b < d; b++)
            S[a][b] = (a == b ? 0.5L * p->lambda : 0.0L) + (p->C ? OVP_AT(p->C, a, b) : 0.0L);
    for (size_t i = 0; i < n; i++) {
        const double *x = &OVP_AT(p->X, i, 0);
        long double yhat = 0.0L, y = p->y[i];
        for (size_t j = 0; j < k; j++) {
            z[j] = 0.0L;
            for (size_t a = 0; a < d; a++)
                z[j] += (long double)OVP_AT(W, j, a) * x[a];
            yhat += z[j] * z[j];
        }
        if (p->loss == OVP_LOSS_SQUARED) {
            d1 = yhat - y;
            d2 = 1.0L;
        } else {
            long double sn = 1.0L / (1.0L + expl(y * yhat));
            d1 = -y * sn;
            d2 = y * y * sn * (1.0L - sn);
        }
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                S[a][b] += d1 * x[a] * x[b] / (long double)n;
        for (size_t j = 0; j < k; j++)
            for (size_t a = 0; a < d; a++)
                for (size_t jj = 0; jj < k; jj++)
                    for (size_t b = 0; b < d; b++)
                        Hl[(j * d + a) * k * d + jj * d + b] += 4.0L * d2 * z[j] * z[jj] * x[a] * x[b] / (long double)n;
    }
    for (size_t j = 0; j < k; j++)
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                Hl[(j * d + a) * k * d + j * d + b] += 2.0L * S[a][b];
    for (size_t i = 0; i < k * d * k * d; i++)
        H->data[i] = (double)Hl[i];
    free(Hl);
}

/* |λ̂ − λ_min(∇²L)| ≤ hess_err, tested against the long-double Hessian (whose own error is its
 * rounding to double and dsyevr's, (N + 1)u‖H‖_F). The instance makes rounding matter: pairs
 * of equal inputs with labels ±1e6 (the squared loss's ℓ' ≈ ∓1e6 cancel in S, leaving
 * entry errors ~1e6·u), where dsyevr's term alone does not cover the difference. */
Test(saddle, curvature_error_bound_covers_the_computed_eigenvalue)
{
    for (int loss = 0; loss < 2; loss++)
        for (int cancel = 0; cancel < 2; cancel++) {
            problem q;
            make_problem(&q, 24, 4, 3, (ovp_loss)loss, 1, "curvature bound");
            if (cancel)
                for (size_t i = 0; i < q.n; i += 2) {
                    memcpy(&OVP_AT(&q.X, i + 1, 0), &OVP_AT(&q.X, i, 0), q.d * sizeof(double));
                    double big = loss == OVP_LOSS_SQUARED ? 1e6 : 1.0;
                    q.y[i] = big;
                    q.y[i + 1] = -big;
                }
            const size_t N = q.k * q.d;
            ovp_sosp_work sw;
            cr_assert_eq(ovp_sosp_work_alloc(q.n, q.d, q.k, 5, &sw), OVP_OK);
            ovp_saddle_cert sc;
            cr_assert_eq(ovp_saddle_certify(&q.p, &q.W, &sw, &sc), OVP_OK);
            ovp_mat Href;
            cr_assert_eq(ovp_mat_alloc(N, N, &Href), OVP_OK);
            reference_hessian(&q.p, &q.W, &Href);
            double fro = 0.0, lref;
            for (size_t i = 0; i < N * N; i++)
                fro += Href.data[i] * Href.data[i];
            fro = sqrt(fro);
            ovp_work ws = {0};
            cr_assert_eq(ovp_linalg_eig_min(&Href, &lref, &ws), OVP_OK);
            double ref_err = ((double)N + 1.0) * DBL_EPSILON / 2.0 * fro * 1.01, diff = fabs(sc.hess_min - lref);
            cr_log_info("%s cancel=%d: |diff| %.3g, hess_err %.3g, dsyevr term %.3g", ovp_quadnet_loss_name(loss),
                        cancel, diff,
                        sc.hess_err, ref_err);
            cr_assert(diff <= sc.hess_err + ref_err, "%s cancel=%d: |lambda - lambda_ref| = %.3g > %.3g + %.3g",
                      ovp_quadnet_loss_name(loss), cancel, diff, sc.hess_err, ref_err);
            /* a bound, not a blanket: ~(n + 2d)u of the terms' scale (|ℓ'| ~ 1e6 with cancel) */
            cr_assert(sc.hess_err < (cancel && !loss ? 1e6 : 1.0) * 1e-12 * (1.0 + sc.hess_fro), "%.3g", sc.hess_err);
            if (cancel && loss == OVP_LOSS_SQUARED) /* the entry errors are needed here */
                cr_assert(diff > 2.0 * ref_err, "the instance must make rounding matter: %.3g vs %.3g", diff, ref_err);
            ovp_work_free(&ws);
            ovp_mat_free(&Href);
            ovp_sosp_work_free(&sw);
            free_problem(&q);
        }
}

/* ‖∇²L(W + V) − ∇²L(W)‖₂ ≤ ρ(‖V‖_F)·‖V‖_F: the Lipschitz bound behind cert_radius. */
Test(saddle, hessian_lipschitz_bound_holds)
{
    const double radii[] = {1e-3, 0.1, 1.0};
    for (int loss = 0; loss < 2; loss++)
        for (size_t t = 0; t < 3; t++) {
            problem q;
            make_problem(&q, 20, 4, 3, (ovp_loss)loss, 1, "lipschitz");
            const size_t N = q.k * q.d;
            ovp_sosp_work sw;
            cr_assert_eq(ovp_sosp_work_alloc(q.n, q.d, q.k, 5, &sw), OVP_OK);
            ovp_mat H0, H1, V;
            cr_assert_eq(ovp_mat_alloc(N, N, &H0), OVP_OK);
            cr_assert_eq(ovp_mat_alloc(N, N, &H1), OVP_OK);
            cr_assert_eq(ovp_mat_alloc(q.k, q.d, &V), OVP_OK);
            gsl_rng *g = test_rng("lipschitz direction");
            ovp_rng_gaussian_mat(g, 1.0, &V);
            gsl_rng_free(g);
            double vn = 0.0, v;
            for (size_t i = 0; i < N; i++)
                vn += V.data[i] * V.data[i];
            for (size_t i = 0; i < N; i++)
                V.data[i] *= radii[t] / sqrt(vn);
            cr_assert_eq(ovp_quadnet_value(&q.p, &q.W, &sw.qw, &v), OVP_OK);
            double rho = ovp_saddle_hessian_lipschitz(&q.p, &sw.qw, radii[t]);
            cr_assert_eq(ovp_quadnet_S(&q.p, &sw.qw, &sw.S), OVP_OK);
            cr_assert_eq(ovp_quadnet_hessian(&q.p, &sw.qw, &sw.S, &H0), OVP_OK);
            for (size_t i = 0; i < N; i++)
                q.W.data[i] += V.data[i];
            cr_assert_eq(ovp_quadnet_value(&q.p, &q.W, &sw.qw, &v), OVP_OK);
            cr_assert_eq(ovp_quadnet_S(&q.p, &sw.qw, &sw.S), OVP_OK);
            cr_assert_eq(ovp_quadnet_hessian(&q.p, &sw.qw, &sw.S, &H1), OVP_OK);
            for (size_t a = 0; a < N; a++)
                for (size_t b = a; b < N; b++)
                    OVP_AT(&H1, a, b) -= OVP_AT(&H0, a, b);
            cr_assert_eq(ovp_mat_copy(&H1, &H0), OVP_OK);
            double lo, hi;
            ovp_work ws = {0};
            cr_assert_eq(ovp_linalg_eig_min(&H0, &lo, &ws), OVP_OK);
            cr_assert_eq(ovp_linalg_eig_max(&H1, &hi, &ws), OVP_OK);
            double norm = fmax(fabs(lo), fabs(hi));
            cr_log_info("%s r=%g: ||dH|| %.3g, rho r %.3g", ovp_quadnet_loss_name(loss), radii[t], norm,
                        rho * radii[t]);
            cr_assert(norm <= rho * radii[t] * (1 + 1e-12) + 1e-12, "%s r=%g: ||dH|| = %.4g > rho r = %.4g",
                      ovp_quadnet_loss_name(loss), radii[t], norm, rho * radii[t]);
            ovp_work_free(&ws);
            ovp_mat *ms[] = {&H0, &H1, &V};
            for (int i = 0; i < 3; i++)
                ovp_mat_free(ms[i]);
            ovp_sosp_work_free(&sw);
            free_problem(&q);
        }
}

/* An SOSP of the one-row network embedded as W = Q[w; 0] (k = 3): the same value, the gradient
 * Q[∇L_1; 0] (so ‖∇L‖ is the one-row run's), a Hessian that matches finite differences there,
 * and λ_min(∇²L) ≤ 2λ_min(S) (the zero rows' direction a uᵀ): negative, with a certified
 * radius, when S is not PSD. Both losses, with and without C. */
Test(saddle, embedded_narrow_sosp_is_a_certified_strict_saddle)
{
    for (int loss = 0; loss < 2; loss++)
        for (int with_c = 0; with_c < 2; with_c++) {
            problem q;
            make_problem(&q, 30, 4, 3, (ovp_loss)loss, with_c, "embedded saddle");
            q.p.lambda = 1e-3;
            for (size_t i = 0; i < q.n; i++) /* labels a rank-1 fit cannot meet */
                q.y[i] = loss == OVP_LOSS_SQUARED ? 1.0 + fabs(q.y[i]) : 1.0;
            ovp_mat C2; /* C ← C Cᵀ: PSD, as Theorem 3.2 has it (else L_C may be unbounded below) */
            cr_assert_eq(ovp_mat_alloc(q.d, q.d, &C2), OVP_OK);
            cr_assert_eq(ovp_linalg_gemm(1.0, &q.C, 0, &q.C, 1, 0.0, &C2), OVP_OK);
            cr_assert_eq(ovp_mat_copy(&C2, &q.C), OVP_OK);
            ovp_mat_free(&C2);
            ovp_mat w1;
            cr_assert_eq(ovp_mat_alloc(1, q.d, &w1), OVP_OK);
            memcpy(w1.data, q.W.data, q.d * sizeof(double)); /* the first row of the random W */
            ovp_sosp_work s1, s3;
            cr_assert_eq(ovp_sosp_work_alloc(q.n, q.d, 1, 10, &s1), OVP_OK);
            cr_assert_eq(ovp_sosp_work_alloc(q.n, q.d, 3, 10, &s3), OVP_OK);
            ovp_sosp_opts o = {.grad_tol = 1e-9, .curv_tol = 1e-7, .max_iters = 20000, .max_escapes = 50, .memory = 10};
            ovp_sosp_result res;
            cr_assert_eq(ovp_sosp_find(&q.p, &w1, &o, &s1, &res), OVP_OK);
            cr_assert_eq(res.outcome, OVP_SOSP_FOUND, "%s C=%d: outcome %d, |g| %.3g, iters %zu",
                         ovp_quadnet_loss_name(loss), with_c, (int)res.outcome, res.grad_norm, res.iters);
            const double v[3] = {0.3, -1.2, 0.7};
            cr_assert_eq(ovp_saddle_embed(&w1, v, &q.W), OVP_OK);
            ovp_saddle_cert sc;
            cr_assert_eq(ovp_saddle_certify(&q.p, &q.W, &s3, &sc), OVP_OK);
            cr_assert(fabs(sc.value - res.value) <= 1e-14 * fabs(res.value), "%.17g vs %.17g", sc.value, res.value);
            cr_assert(fabs(sc.grad_norm - res.grad_norm) <= 1e-13 + 1e-6 * res.grad_norm, "gradient %.3g vs %.3g",
                      sc.grad_norm, res.grad_norm);
            cr_assert(sc.hess_min <= 2.0 * sc.lambda_min_S + sc.hess_err, "%s C=%d: lambda_min(H) %.6g > 2 lambda_min(S) %.6g",
                      ovp_quadnet_loss_name(loss), with_c, sc.hess_min, 2.0 * sc.lambda_min_S);
            cr_assert(sc.lambda_min_S < -1e-3, "%s C=%d: the rank-1 fit is not global: lambda_min(S) = %.3g",
                      ovp_quadnet_loss_name(loss), with_c, sc.lambda_min_S);
            cr_assert(sc.hess_upper < 0.0 && sc.cert_radius > 0.0, "certified: %.3g, radius %.3g", sc.hess_upper,
                      sc.cert_radius);
            double h = fd_hessian_error(&q, real_hess), g = fd_gradient_error(&q, real_grad);
            cr_assert(h < FD_REL_TOL, "%s C=%d: Hessian at the saddle vs FD %.3g", ovp_quadnet_loss_name(loss), with_c,
                      h);
            (void)g; /* ∇L ≈ 0 here: its relative FD error is meaningless */
            ovp_sosp_work_free(&s1);
            ovp_sosp_work_free(&s3);
            ovp_mat_free(&w1);
            free_problem(&q);
        }
}

/* A planted local minimum is no saddle: at a global minimum (k = d, from the SOSP finder) the
 * certified bound stays ≥ −ε_H and the radius is 0. */
Test(saddle, a_minimum_is_not_certified_a_saddle)
{
    problem q;
    make_problem(&q, 30, 4, 4, OVP_LOSS_SQUARED, 0, "minimum");
    q.p.lambda = 1e-3;
    ovp_sosp_work sw;
    cr_assert_eq(ovp_sosp_work_alloc(q.n, q.d, q.k, 10, &sw), OVP_OK);
    ovp_sosp_opts o = {.grad_tol = 1e-9, .curv_tol = 1e-7, .max_iters = 20000, .max_escapes = 50, .memory = 10};
    ovp_sosp_result res;
    cr_assert_eq(ovp_sosp_find(&q.p, &q.W, &o, &sw, &res), OVP_OK);
    ovp_saddle_cert sc;
    cr_assert_eq(ovp_saddle_certify(&q.p, &q.W, &sw, &sc), OVP_OK);
    cr_assert_eq(res.outcome, OVP_SOSP_FOUND);
    cr_assert(sc.hess_upper >= -1e-7, "a minimum: lambda_min(Hessian) + err = %.3g", sc.hess_upper);
    ovp_sosp_work_free(&sw);
    free_problem(&q);
}

/* The fused evaluation (Z = X·(Wᵀ) from a copied Wᵀ, one pass for ŷ, ℓ, ℓ', diag(ℓ')Z) at a
 * paper shape (n = 360, d = 24, k = 30, OpenBLAS's small-matrix path) against plain loops, and
 * ovp_quadnet_value against ovp_quadnet_value_grad: the same value and predictions to the bit. */
Test(quadnet, fused_value_matches_plain_loops_at_a_paper_shape)
{
    for (int loss = 0; loss < 2; loss++) {
        problem q;
        make_problem(&q, 360, 24, 30, (ovp_loss)loss, 1, "fused");
        ovp_quadnet_work w;
        cr_assert_eq(ovp_quadnet_work_alloc(q.n, q.d, q.k, 0, &w), OVP_OK);
        ovp_mat G;
        cr_assert_eq(ovp_mat_alloc(q.k, q.d, &G), OVP_OK);
        double v, vg, ref = 0.0, wn2 = 0.0, cterm = 0.0;
        cr_assert_eq(ovp_quadnet_value_grad(&q.p, &q.W, &w, &vg, &G), OVP_OK);
        double *yhat = malloc(q.n * sizeof *yhat);
        cr_assert_not_null(yhat);
        memcpy(yhat, w.yhat, q.n * sizeof *yhat);
        cr_assert_eq(ovp_quadnet_value(&q.p, &q.W, &w, &v), OVP_OK);
        cr_assert_eq(v, vg);
        for (size_t i = 0; i < q.n; i++) {
            cr_assert_eq(w.yhat[i], yhat[i]);
            double yh = 0.0;
            for (size_t j = 0; j < q.k; j++) {
                double z = 0.0;
                for (size_t a = 0; a < q.d; a++)
                    z += OVP_AT(&q.W, j, a) * OVP_AT(&q.X, i, a);
                yh += z * z;
            }
            cr_assert(fabs(yh - w.yhat[i]) <= FORMULA_TOL * fmax(1.0, yh), "yhat %zu: %.17g vs %.17g", i, yh,
                      w.yhat[i]);
            ref += ovp_quadnet_loss_eval(q.p.loss, yh, q.y[i], NULL, NULL);
        }
        for (size_t j = 0; j < q.k; j++)
            for (size_t a = 0; a < q.d; a++) {
                wn2 += OVP_AT(&q.W, j, a) * OVP_AT(&q.W, j, a);
                for (size_t b = 0; b < q.d; b++)
                    cterm += OVP_AT(&q.W, j, a) * OVP_AT(&q.C, a, b) * OVP_AT(&q.W, j, b);
            }
        ref = ref / (double)q.n + 0.5 * q.p.lambda * wn2 + cterm;
        cr_assert(fabs(ref - v) <= FORMULA_TOL * fmax(1.0, fabs(ref)), "value %.17g vs %.17g", ref, v);
        free(yhat);
        ovp_mat_free(&G);
        ovp_quadnet_work_free(&w);
        free_problem(&q);
    }
}

/* At an embedded point Q[w; 0] (rank 1 < k, up to the rounding of Q) ovp_saddle_certify takes
 * the structured enclosure (no kd×kd Ĥ: hess_fro is NaN) and its [hess_lower, hess_upper]
 * holds λ_min of the long-double Hessian (up to that reference's own rounding); a W of rank
 * k ≤ d keeps the dense path. k = 3 < d = 4 and k = 6 > d. */
Test(saddle, structured_enclosure_at_embedded_points_holds_the_reference_eigenvalue)
{
    const size_t ks[] = {3, 6};
    for (int loss = 0; loss < 2; loss++)
        for (size_t t = 0; t < 2; t++) {
            const size_t k = ks[t];
            problem q;
            make_problem(&q, 30, 4, k, (ovp_loss)loss, 0, "structured saddle");
            q.p.lambda = 1e-3;
            ovp_sosp_work s1, sk;
            cr_assert_eq(ovp_sosp_work_alloc(q.n, q.d, 1, 10, &s1), OVP_OK);
            cr_assert_eq(ovp_sosp_work_alloc(q.n, q.d, k, 10, &sk), OVP_OK);
            ovp_saddle_cert sc;
            cr_assert_eq(ovp_saddle_certify(&q.p, &q.W, &sk, &sc), OVP_OK); /* random W: full rank */
            if (k <= q.d) /* rank k: the data term at a ⊗ u is no rounding; k > d is rank-deficient anyway */
                cr_assert(!isnan(sc.hess_fro), "a full-rank W takes the dense path");
            ovp_mat w1;
            cr_assert_eq(ovp_mat_alloc(1, q.d, &w1), OVP_OK);
            memcpy(w1.data, q.W.data, q.d * sizeof(double));
            ovp_sosp_opts o = {.grad_tol = 1e-9, .curv_tol = 1e-7, .max_iters = 20000, .max_escapes = 50, .memory = 10};
            ovp_sosp_result res;
            cr_assert_eq(ovp_sosp_find(&q.p, &w1, &o, &s1, &res), OVP_OK);
            double v[6] = {0.3, -1.2, 0.7, 0.2, -0.5, 0.9};
            cr_assert_eq(ovp_saddle_embed(&w1, v, &q.W), OVP_OK);
            cr_assert_eq(ovp_saddle_certify(&q.p, &q.W, &sk, &sc), OVP_OK);
            cr_assert(isnan(sc.hess_fro), "%s k=%zu: the structured path", ovp_quadnet_loss_name(loss), k);
            const size_t N = k * q.d;
            ovp_mat Href;
            cr_assert_eq(ovp_mat_alloc(N, N, &Href), OVP_OK);
            reference_hessian(&q.p, &q.W, &Href);
            double fro = 0.0, lref;
            for (size_t i = 0; i < N * N; i++)
                fro += Href.data[i] * Href.data[i];
            ovp_work ws = {0};
            cr_assert_eq(ovp_linalg_eig_min(&Href, &lref, &ws), OVP_OK);
            double ref_err = ((double)N + 1.0) * DBL_EPSILON / 2.0 * sqrt(fro) * 1.01;
            cr_log_info("%s k=%zu: lambda %.17g, ref %.17g, err %.3g", ovp_quadnet_loss_name(loss), k, sc.hess_min, lref,
                        sc.hess_err);
            cr_assert(sc.hess_lower - ref_err <= lref && lref <= sc.hess_upper + ref_err,
                      "%s k=%zu: %.17g not in [%.17g, %.17g] +- %.3g", ovp_quadnet_loss_name(loss), k, lref,
                      sc.hess_lower, sc.hess_upper, ref_err);
            cr_assert(sc.hess_err < 1e-12 * (1.0 + fabs(sc.hess_min)), "a bound, not a blanket: %.3g", sc.hess_err);
            cr_assert_eq(sc.hess_min, 2.0 * sc.lambda_min_S);
            ovp_work_free(&ws);
            ovp_mat_free(&Href);
            ovp_mat_free(&w1);
            ovp_sosp_work_free(&s1);
            ovp_sosp_work_free(&sk);
            free_problem(&q);
        }
}
