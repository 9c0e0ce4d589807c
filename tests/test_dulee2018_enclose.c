/* tests/test_dulee2018_enclose.c: the SOSP finder's dense λ_min(∇²L) by Cholesky factorisations
 * (kernels/models/sosp.h): the value it records lies within its certified half-width of dsyevr's
 * λ̂ of the same Ĥ, the half-width is within its cap, k = 1 (no cluster at 0) falls back to
 * dsyevr's value to the bit, a pool for H and F changes no bit, and a strict saddle (W = 0) is
 * still escaped (the enclosure does not hide negative curvature). */
#include "linalg.h"
#include "quadnet.h"
#include "rng.h"
#include "sosp.h"
#include "status.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const ovp_sosp_opts OPTS = {.grad_tol = 1e-9, .curv_tol = 1e-7, .max_iters = 20000, .max_escapes = 50,
                                   .memory = 10};

typedef struct {
    ovp_mat X, W;
    double *y;
    ovp_quadnet_problem p;
} problem;

/* n samples in d dimensions, x ~ N(0, I/d), labels of a rank-2 teacher plus noise (squared
 * loss); W (k×d) a random start. The problem points into q, which must not move. */
static void make_problem(problem *q, size_t n, size_t d, size_t k, const char *name)
{
    gsl_rng *r = test_rng(name);
    *q = (problem){0};
    cr_assert_eq(ovp_mat_alloc(n, d, &q->X), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(k, d, &q->W), OVP_OK);
    q->y = malloc(n * sizeof *q->y);
    cr_assert_not_null(q->y);
    ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)d), &q->X);
    ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)d), &q->W);
    for (size_t i = 0; i < n; i++) {
        double a = OVP_AT(&q->X, i, 0) + OVP_AT(&q->X, i, 1), b = OVP_AT(&q->X, i, 2);
        q->y[i] = a * a + b * b + 0.1 * gsl_ran_gaussian_ziggurat(r, 1.0);
    }
    gsl_rng_free(r);
    q->p = (ovp_quadnet_problem){.X = &q->X, .y = q->y, .loss = OVP_LOSS_SQUARED, .lambda = 1e-3, .C = NULL};
}

static void free_problem(problem *q)
{
    ovp_mat_free(&q->X);
    ovp_mat_free(&q->W);
    free(q->y);
}

/* Runs the finder from q->W (kept) into W_out; pool may be NULL. */
static ovp_sosp_result run(problem *q, ovp_work *pool, ovp_mat *W_out, ovp_sosp_work *sw)
{
    size_t n = q->X.rows, d = q->X.cols, k = q->W.rows;
    cr_assert_eq(ovp_sosp_work_alloc(n, d, k, 10, sw), OVP_OK);
    if (pool)
        ovp_sosp_work_set_pool(sw, pool);
    cr_assert_eq(ovp_mat_copy(&q->W, W_out), OVP_OK);
    ovp_sosp_result res;
    cr_assert_eq(ovp_sosp_find(&q->p, W_out, &OPTS, sw, &res), OVP_OK);
    return res;
}

/* dsyevr's λ̂ of Ĥ at W (ovp_sosp_hessian_min forms the same Ĥ from the same W) and ‖Ĥ‖_F. */
static double dsyevr_min(problem *q, const ovp_mat *W, ovp_sosp_work *sw, double *fro)
{
    cr_assert_eq(ovp_sosp_form_hessian(&q->p, sw), OVP_OK); /* after a value at W: ovp_sosp_find's last */
    const size_t N = sw->H.rows;
    double f2 = 0.0;
    for (size_t a = 0; a < N; a++)
        for (size_t b = a; b < N; b++)
            f2 += (a == b ? 1.0 : 2.0) * OVP_AT(&sw->H, a, b) * OVP_AT(&sw->H, a, b);
    *fro = sqrt(f2);
    double lam;
    cr_assert_eq(ovp_sosp_hessian_min(&q->p, W, sw, &lam, NULL), OVP_OK);
    return lam;
}

/* k = 4 ≤ min(d, n), where the enclosure is taken: the finder's result, dsyevr's λ̂ of the same
 * Ĥ and the tolerance of their agreement, |ρ − λ̂| ≤ hess_err + dsyevr's own error (taken as
 * kd·u·‖Ĥ‖_F, as kernels/models/saddle.h). */
typedef struct {
    ovp_sosp_result res;
    double lam, tol;
} k4_found;

static k4_found find_k4(void)
{
    problem q;
    make_problem(&q, 40, 6, 4, "enclose.k4");
    ovp_sosp_work sw;
    ovp_mat W;
    cr_assert_eq(ovp_mat_alloc(4, 6, &W), OVP_OK);
    k4_found f = {.res = run(&q, NULL, &W, &sw)};
    double fro;
    f.lam = dsyevr_min(&q, &W, &sw, &fro);
    f.tol = f.res.hess_err + 24.0 * (DBL_EPSILON / 2) * fro;
    ovp_sosp_work_free(&sw);
    ovp_mat_free(&W);
    free_problem(&q);
    return f;
}

/* The value recorded lies within its certified half-width of dsyevr's, and hess_err is
 * within its cap curv_tol/10. */
Test(dulee2018_enclose, value_within_its_certified_half_width_of_dsyevr)
{
    k4_found f = find_k4();
    cr_assert_eq(f.res.outcome, OVP_SOSP_FOUND);
    cr_assert(f.res.hess_err > 0.0 && f.res.hess_err <= 0.1 * OPTS.curv_tol, "enclosure taken: err %.3g",
              f.res.hess_err);
    cr_assert(fabs(f.res.hess_min - f.lam) <= f.tol, "rho %.6g dsyevr %.6g err %.3g", f.res.hess_min, f.lam,
              f.res.hess_err);
    cr_assert(f.res.hess_min >= -OPTS.curv_tol);
}

/* The check above is not vacuous: a value moved by 3× its half-width fails it. */
Test(dulee2018_enclose, a_value_off_by_more_than_its_half_width_fails_the_check)
{
    k4_found f = find_k4();
    double wrong = f.res.hess_min + 3.0 * f.res.hess_err;
    cr_assert(fabs(wrong - f.lam) > f.tol, "planted %.6g dsyevr %.6g", wrong, f.lam);
}

/* k = 1: no rotations, λ_min ~ λ: the iteration does not settle within the cap, dsyevr's value
 * is recorded, the same bits as ovp_sosp_hessian_min's. */
Test(dulee2018_enclose, k1_falls_back_to_dsyevr_bit_for_bit)
{
    problem q;
    make_problem(&q, 40, 6, 1, "enclose.k1");
    ovp_sosp_work sw;
    ovp_mat W;
    cr_assert_eq(ovp_mat_alloc(1, 6, &W), OVP_OK);
    ovp_sosp_result res = run(&q, NULL, &W, &sw);
    cr_assert_eq(res.outcome, OVP_SOSP_FOUND);
    double fro, lam = dsyevr_min(&q, &W, &sw, &fro);
    cr_assert(res.hess_err == 0.0 && res.hess_min == lam, "%.17g vs %.17g (err %.3g)", res.hess_min, lam,
              res.hess_err);
    ovp_sosp_work_free(&sw);
    ovp_mat_free(&W);
    free_problem(&q);
}

/* H and F in a caller's pool, shared by works of different widths one after another: the
 * same bits as with the works' own buffers. */
Test(dulee2018_enclose, a_pool_for_h_and_f_changes_no_bit)
{
    ovp_work pool = {0};
    for (size_t k = 2; k <= 5; k++) {
        char name[32];
        snprintf(name, sizeof name, "enclose.pool%zu", k);
        problem q;
        make_problem(&q, 40, 6, k, name);
        ovp_sosp_work a, b;
        ovp_mat Wa, Wb;
        cr_assert_eq(ovp_mat_alloc(k, 6, &Wa), OVP_OK);
        cr_assert_eq(ovp_mat_alloc(k, 6, &Wb), OVP_OK);
        ovp_sosp_result ra = run(&q, NULL, &Wa, &a), rb = run(&q, &pool, &Wb, &b);
        cr_assert(ra.hess_min == rb.hess_min && ra.hess_err == rb.hess_err && ra.iters == rb.iters, "k = %zu", k);
        cr_assert(memcmp(Wa.data, Wb.data, k * 6 * sizeof(double)) == 0, "k = %zu", k);
        ovp_sosp_work_free(&a);
        ovp_sosp_work_free(&b);
        ovp_mat_free(&Wa);
        ovp_mat_free(&Wb);
        free_problem(&q);
    }
    cr_assert_geq(pool.nd, 2 * 30 * 30, "the pool holds H and F at k = 5");
    ovp_work_free(&pool);
}

/* From W = 0, a strict saddle when S(0) has a negative eigenvalue (labels ≥ 1): the first
 * Cholesky stops, dsyevr finds the negative curvature and the finder escapes. */
Test(dulee2018_enclose, the_strict_saddle_at_zero_is_still_escaped)
{
    problem q;
    make_problem(&q, 40, 6, 4, "enclose.zero");
    for (size_t i = 0; i < 40; i++)
        q.y[i] = 1.0 + fabs(q.y[i]);
    memset(q.W.data, 0, 4 * 6 * sizeof(double));
    ovp_sosp_work sw;
    ovp_mat W;
    cr_assert_eq(ovp_mat_alloc(4, 6, &W), OVP_OK);
    ovp_sosp_result res = run(&q, NULL, &W, &sw);
    cr_assert_eq(res.outcome, OVP_SOSP_FOUND);
    cr_assert(res.escapes >= 1, "W = 0 is a strict saddle: at least one escape");
    cr_assert(res.hess_min >= -OPTS.curv_tol);
    ovp_sosp_work_free(&sw);
    ovp_mat_free(&W);
    free_problem(&q);
}
