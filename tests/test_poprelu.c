/* tests/test_poprelu.c: the population ReLU loss F, its gradient and Hessian:
 * F against Monte Carlo, ∇F and ∇²F against finite differences (one shared
 * routine, which a planted wrong Hessian must fail), the limits at parallel
 * and antiparallel pairs, the zero-neuron convention, and the path-integral F. */
#include "poprelu.h"
#include "rng.h"
#include "status.h"
#include "testutil.h"

#include <cblas.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Central differences of smooth F: error ~ h²|F'''| + ε|F|/h ≈ 1e-10 at h = 1e-5. */
#define FD_STEP 1e-5
#define FD_REL_TOL 1e-7
/* At a parallel pair F is C² but its Hessian is only Lipschitz (f − wᵀu/2 ~ θ³):
 * a central difference of ∇F then errs by O(h); h = 1e-7 keeps that and ε/h < 1e-8. */
#define FD_STEP_PARALLEL 1e-7
#define FD_REL_TOL_PARALLEL 1e-6
/* Two implementations of the same closed form, rounding apart. */
#define FORMULA_TOL 1e-12
/* Monte Carlo: |F̂ − F| within this many standard errors (two-sided p ≈ 6e-5). */
#define MC_Z 4.0
#define MC_SAMPLES 400000

typedef struct {
    size_t k, n, d;
    ovp_mat W, V;
    ovp_poprelu p;
} problem;

static problem make_problem(size_t k, size_t n, size_t d, const char *name)
{
    problem q = {.k = k, .n = n, .d = d};
    gsl_rng *r = test_rng(name);
    cr_assert_eq(ovp_mat_alloc(k, d, &q.W), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, d, &q.V), OVP_OK);
    ovp_rng_gaussian_mat(r, 1.0, &q.W);
    ovp_rng_gaussian_mat(r, 1.0, &q.V);
    gsl_rng_free(r);
    cr_assert_eq(ovp_poprelu_alloc(k, &q.V, &q.p), OVP_OK);
    return q;
}

static void reset_teacher(problem *q)
{
    ovp_poprelu_free(&q->p);
    cr_assert_eq(ovp_poprelu_alloc(q->k, &q->V, &q->p), OVP_OK);
}

static void free_problem(problem *q)
{
    ovp_mat_free(&q->W);
    ovp_mat_free(&q->V);
    ovp_poprelu_free(&q->p);
}

static double eval_F(problem *q)
{
    double F;
    cr_assert_eq(ovp_poprelu_eval(&q->p, &q->W, &F, NULL, NULL), OVP_OK);
    return F;
}

/* ---- the shared finite-difference checks: relative Frobenius errors ---- */

static double fd_gradient_error(problem *q, const ovp_mat *G, double h)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < q->k; i++)
        for (size_t a = 0; a < q->d; a++) {
            double w = OVP_AT(&q->W, i, a);
            OVP_AT(&q->W, i, a) = w + h;
            double fp = eval_F(q);
            OVP_AT(&q->W, i, a) = w - h;
            double fm = eval_F(q);
            OVP_AT(&q->W, i, a) = w;
            double fd = (fp - fm) / (2 * h), g = OVP_AT(G, i, a);
            num += (fd - g) * (fd - g);
            den += g * g;
        }
    return sqrt(num / den);
}

/* H (kd×kd) against central differences of the kernel's gradient. */
static double fd_hessian_error(problem *q, const ovp_mat *H, double h)
{
    size_t kd = q->k * q->d;
    ovp_mat Gp, Gm;
    cr_assert_eq(ovp_mat_alloc(q->k, q->d, &Gp), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(q->k, q->d, &Gm), OVP_OK);
    double num = 0, den = 0, F;
    for (size_t c = 0; c < kd; c++) {
        double *w = &q->W.data[c];
        double w0 = *w;
        *w = w0 + h;
        cr_assert_eq(ovp_poprelu_eval(&q->p, &q->W, &F, &Gp, NULL), OVP_OK);
        *w = w0 - h;
        cr_assert_eq(ovp_poprelu_eval(&q->p, &q->W, &F, &Gm, NULL), OVP_OK);
        *w = w0;
        for (size_t r = 0; r < kd; r++) {
            double fd = (Gp.data[r] - Gm.data[r]) / (2 * h), hv = OVP_AT(H, r, c);
            num += (fd - hv) * (fd - hv);
            den += hv * hv;
        }
    }
    ovp_mat_free(&Gp);
    ovp_mat_free(&Gm);
    return sqrt(num / den);
}

/* ---- a naive per-pair reference, in THEOREMS.md's n̄ notation ---- */

typedef struct {
    double nw, nu, th, s, c, wb[16], ub[16], nwu[16], nuw[16];
} pair;

static pair make_pair(const double *w, const double *u, size_t d)
{
    pair P = {0};
    for (size_t a = 0; a < d; a++)
        P.nw += w[a] * w[a], P.nu += u[a] * u[a];
    P.nw = sqrt(P.nw), P.nu = sqrt(P.nu);
    for (size_t a = 0; a < d; a++)
        P.wb[a] = w[a] / P.nw, P.ub[a] = u[a] / P.nu, P.c += P.wb[a] * P.ub[a];
    P.th = acos(P.c);
    P.s = sin(P.th);
    for (size_t a = 0; a < d; a++) {
        P.nwu[a] = (P.ub[a] - P.c * P.wb[a]) / P.s; /* normalise(ū − cos θ w̄) */
        P.nuw[a] = (P.wb[a] - P.c * P.ub[a]) / P.s;
    }
    return P;
}

/* The reference Hessian; theorems_h2 = 1 plants THEOREMS.md's printed h2,
 * (π − θ)I + n̄_{wv} v̄ᵀ + n̄_{vw} w̄ᵀ, instead of (π − θ)I + w̄ n̄_{wv}ᵀ + v̄ n̄_{vw}ᵀ. */
static void reference_hessian(const problem *q, int theorems_h2, ovp_mat *H)
{
    size_t k = q->k, n = q->n, d = q->d;
    for (size_t i = 0; i < k; i++) {
        const double *w = &OVP_AT(&q->W, i, 0);
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                OVP_AT(H, i * d + a, i * d + b) = a == b ? 0.5 : 0.0;
        for (size_t u = 0; u < k + n; u++) {
            if (u == i)
                continue;
            const double *x = u < k ? &OVP_AT(&q->W, u, 0) : &OVP_AT(&q->V, u - k, 0);
            pair P = make_pair(w, x, d);
            double g1 = (u < k ? 1.0 : -1.0) * P.s * P.nu / (2 * M_PI * P.nw);
            for (size_t a = 0; a < d; a++)
                for (size_t b = 0; b < d; b++)
                    OVP_AT(H, i * d + a, i * d + b) +=
                        g1 * ((a == b) - P.wb[a] * P.wb[b] + P.nwu[a] * P.nwu[b]);
            if (u >= k)
                continue;
            for (size_t a = 0; a < d; a++)
                for (size_t b = 0; b < d; b++) {
                    double t = theorems_h2 ? P.nwu[a] * P.ub[b] + P.nuw[a] * P.wb[b]
                                           : P.wb[a] * P.nwu[b] + P.ub[a] * P.nuw[b];
                    OVP_AT(H, i * d + a, u * d + b) = ((a == b) * (M_PI - P.th) + t) / (2 * M_PI);
                }
        }
    }
}

static void kernel_hessian(problem *q, ovp_mat *H)
{
    double F;
    cr_assert_eq(ovp_mat_alloc(q->k * q->d, q->k * q->d, H), OVP_OK);
    cr_assert_eq(ovp_poprelu_eval(&q->p, &q->W, &F, NULL, H), OVP_OK);
}

/* ---------------------------------------------------------------- tests */

Test(poprelu, loss_matches_monte_carlo)
{
    problem q = make_problem(4, 3, 5, "mc");
    gsl_rng *r = test_rng("mc-x");
    double x[5], s = 0, ss = 0;
    for (size_t t = 0; t < MC_SAMPLES; t++) {
        ovp_rng_gaussian(r, 1.0, x, 5);
        double y = 0;
        for (size_t i = 0; i < 4 + 3; i++) {
            const double *u = i < 4 ? &OVP_AT(&q.W, i, 0) : &OVP_AT(&q.V, i - 4, 0);
            double z = 0;
            for (size_t a = 0; a < 5; a++)
                z += u[a] * x[a];
            y += (i < 4 ? 1 : -1) * (z > 0 ? z : 0);
        }
        s += 0.5 * y * y;
        ss += 0.25 * y * y * y * y;
    }
    gsl_rng_free(r);
    double mean = s / MC_SAMPLES, se = sqrt((ss / MC_SAMPLES - mean * mean) / MC_SAMPLES);
    double F = eval_F(&q);
    cr_assert(fabs(mean - F) < MC_Z * se, "F = %.6g, Monte Carlo %.6g +- %.2g", F, mean, se);
    free_problem(&q);
}

Test(poprelu, pair_kernel_matches_its_closed_form)
{
    /* θ = π/2 between unit vectors: f = 1/2π; θ = 0: f = ‖w‖‖u‖/2; θ = π: 0. */
    double e1[3] = {1, 0, 0}, e2[3] = {0, 2, 0}, m1[3] = {-3, 0, 0}, w2[3] = {2, 0, 0};
    cr_assert_float_eq(ovp_poprelu_f(e1, e2, 3), 2.0 / (2 * M_PI), 1e-15);
    cr_assert_float_eq(ovp_poprelu_f(e1, w2, 3), 1.0, 1e-15);
    cr_assert_float_eq(ovp_poprelu_f(e1, m1, 3), 0.0, 1e-15);
}

Test(poprelu, gradient_matches_finite_differences)
{
    problem q = make_problem(4, 3, 5, "grad");
    ovp_mat G;
    cr_assert_eq(ovp_mat_alloc(4, 5, &G), OVP_OK);
    double F;
    cr_assert_eq(ovp_poprelu_eval(&q.p, &q.W, &F, &G, NULL), OVP_OK);
    double rel = fd_gradient_error(&q, &G, FD_STEP);
    cr_assert(rel < FD_REL_TOL, "relative gradient error %.3g", rel);
    ovp_mat_free(&G);
    free_problem(&q);
}

Test(poprelu, hessian_matches_finite_differences_and_the_reference)
{
    problem q = make_problem(4, 3, 5, "hess");
    ovp_mat H, R;
    kernel_hessian(&q, &H);
    cr_assert_eq(ovp_mat_alloc(20, 20, &R), OVP_OK);
    reference_hessian(&q, 0, &R);
    double rel = fd_hessian_error(&q, &H, FD_STEP);
    cr_assert(rel < FD_REL_TOL, "relative Hessian error %.3g", rel);
    cr_assert(max_abs_diff(&H, &R) < FORMULA_TOL, "kernel vs naive reference %.3g", max_abs_diff(&H, &R));
    ovp_mat_free(&H);
    ovp_mat_free(&R);
    free_problem(&q);
}

Test(poprelu, planted_wrong_hessian_fails_the_finite_difference_test)
{
    problem q = make_problem(4, 3, 5, "hess");
    ovp_mat R;
    cr_assert_eq(ovp_mat_alloc(20, 20, &R), OVP_OK);
    reference_hessian(&q, 1, &R); /* THEOREMS.md's h2 as printed */
    double rel = fd_hessian_error(&q, &R, FD_STEP);
    cr_assert(rel > 1e3 * FD_REL_TOL, "the printed h2 must fail the FD test (error %.3g)", rel);
    ovp_mat_free(&R);
    free_problem(&q);
}

/* W = V (k = n): every student is parallel to one teacher, h1 → 0 there. */
Test(poprelu, hessian_at_the_global_minimum_is_the_parallel_limit)
{
    problem q = make_problem(3, 3, 4, "atV");
    cr_assert_eq(ovp_mat_copy(&q.V, &q.W), OVP_OK);
    ovp_mat H, G;
    kernel_hessian(&q, &H);
    cr_assert_eq(ovp_mat_alloc(3, 4, &G), OVP_OK);
    double F;
    cr_assert_eq(ovp_poprelu_eval(&q.p, &q.W, &F, &G, NULL), OVP_OK);
    cr_assert(fabs(F) < 1e-14 && max_abs(&G) < 1e-14, "F = %.3g, |G| = %.3g at W = V", F, max_abs(&G));
    double rel = fd_hessian_error(&q, &H, FD_STEP_PARALLEL);
    cr_assert(rel < FD_REL_TOL_PARALLEL, "relative Hessian error %.3g at W = V", rel);
    ovp_mat_free(&H);
    ovp_mat_free(&G);
    free_problem(&q);
}

/* A split neuron (θ = 0 between two students: h2 → I/2), an antiparallel pair
 * (θ = π: h2 → 0), and nearly parallel ones at θ = 1e-5 and 1e-9. */
Test(poprelu, hessian_at_and_near_parallel_pairs)
{
    const double angles[] = {0.0, 1e-9, 1e-5, M_PI};
    for (size_t t = 0; t < sizeof angles / sizeof *angles; t++) {
        problem q = make_problem(4, 3, 4, "split");
        double *w0 = &OVP_AT(&q.W, 0, 0), *w1 = &OVP_AT(&q.W, 1, 0), *v0 = &OVP_AT(&q.V, 0, 0);
        /* w0 = 0.3 v0, w1 = 0.7 R(angle) v0 with R a rotation in the (e_2, e_3) plane... */
        double nv = hypot(v0[2], v0[3]), ph = atan2(v0[3], v0[2]);
        for (size_t a = 0; a < 4; a++)
            w0[a] = 0.3 * v0[a], w1[a] = 0.7 * v0[a];
        w1[2] = 0.7 * nv * cos(ph + angles[t]);
        w1[3] = 0.7 * nv * sin(ph + angles[t]);
        if (angles[t] == M_PI)
            for (size_t a = 0; a < 4; a++)
                w1[a] = -0.7 * v0[a];
        ovp_mat H;
        kernel_hessian(&q, &H);
        double rel = fd_hessian_error(&q, &H, FD_STEP_PARALLEL);
        cr_assert(rel < FD_REL_TOL_PARALLEL, "angle %g: relative Hessian error %.3g", angles[t], rel);
        if (angles[t] == 0.0 || angles[t] == M_PI) { /* block (0,1) is exactly the limit */
            double want = angles[t] == 0.0 ? 0.5 : 0.0;
            for (size_t a = 0; a < 4; a++)
                for (size_t b = 0; b < 4; b++)
                    cr_assert(fabs(OVP_AT(&H, a, 4 + b) - want * (a == b)) < FORMULA_TOL);
        }
        ovp_mat_free(&H);
        free_problem(&q);
    }
}

Test(poprelu, planted_wrong_parallel_limit_fails)
{
    problem q = make_problem(4, 3, 4, "split");
    for (size_t a = 0; a < 4; a++) /* w1 = 2 w0: θ = 0 */
        OVP_AT(&q.W, 1, a) = 2 * OVP_AT(&q.W, 0, a);
    ovp_mat H;
    kernel_hessian(&q, &H);
    for (size_t a = 0; a < 4; a++) /* plant h2 = 0 instead of I/2 at θ = 0 */
        OVP_AT(&H, a, 4 + a) = OVP_AT(&H, 4 + a, a) = 0.0;
    double rel = fd_hessian_error(&q, &H, FD_STEP_PARALLEL);
    cr_assert(rel > 1e3 * FD_REL_TOL_PARALLEL, "a wrong limit must fail (error %.3g)", rel);
    ovp_mat_free(&H);
    free_problem(&q);
}

Test(poprelu, zero_student_neuron_returns_F_and_EDOM)
{
    problem q = make_problem(4, 3, 5, "zero");
    memset(&OVP_AT(&q.W, 2, 0), 0, 5 * sizeof(double));
    ovp_mat G, H;
    cr_assert_eq(ovp_mat_alloc(4, 5, &G), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(20, 20, &H), OVP_OK);
    OVP_AT(&G, 0, 0) = 42.0;
    double F, F3;
    cr_assert_eq(ovp_poprelu_eval(&q.p, &q.W, &F, &G, &H), OVP_EDOM);
    cr_assert_eq(OVP_AT(&G, 0, 0), 42.0, "G must be left untouched");
    /* F equals the loss of the three non-zero neurons. */
    ovp_mat W3;
    cr_assert_eq(ovp_mat_alloc(3, 5, &W3), OVP_OK);
    for (size_t i = 0, r = 0; i < 4; i++)
        if (i != 2)
            memcpy(&OVP_AT(&W3, r++, 0), &OVP_AT(&q.W, i, 0), 5 * sizeof(double));
    ovp_poprelu p3;
    cr_assert_eq(ovp_poprelu_alloc(3, &q.V, &p3), OVP_OK);
    cr_assert_eq(ovp_poprelu_eval(&p3, &W3, &F3, NULL, NULL), OVP_OK);
    cr_assert(fabs(F - F3) < FORMULA_TOL, "F %.17g vs %.17g", F, F3);
    /* ... and a non-finite entry is refused. */
    OVP_AT(&q.W, 0, 0) = NAN;
    cr_assert_eq(ovp_poprelu_eval(&q.p, &q.W, &F, NULL, NULL), OVP_EDOM);
    ovp_poprelu_free(&p3);
    ovp_mat_free(&W3);
    ovp_mat_free(&G);
    ovp_mat_free(&H);
    free_problem(&q);
}

Test(poprelu, excess_by_quadrature_matches_the_direct_difference)
{
    problem q = make_problem(4, 3, 5, "excess");
    ovp_mat W0, Wt, G;
    cr_assert_eq(ovp_mat_alloc(4, 5, &W0), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(4, 5, &Wt), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(4, 5, &G), OVP_OK);
    gsl_rng *r = test_rng("excess-dir");
    ovp_rng_gaussian_mat(r, 0.3, &W0);
    gsl_rng_free(r);
    for (size_t c = 0; c < 20; c++)
        W0.data[c] += q.W.data[c];
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(16);
    double ex, F1 = eval_F(&q), F0;
    cr_assert_eq(ovp_poprelu_eval(&q.p, &W0, &F0, NULL, NULL), OVP_OK);
    cr_assert_eq(ovp_poprelu_excess(&q.p, &W0, &q.W, t, &Wt, &G, &ex), OVP_OK);
    cr_assert(fabs(ex - (F1 - F0)) < 1e-12 * fabs(F1 - F0) + 1e-14, "excess %.17g vs %.17g", ex, F1 - F0);
    gsl_integration_glfixed_table_free(t);
    ovp_mat_free(&W0);
    ovp_mat_free(&Wt);
    ovp_mat_free(&G);
    free_problem(&q);
}

Test(poprelu, loss_is_zero_at_a_split_teacher)
{
    problem q = make_problem(4, 3, 5, "splitmin");
    for (size_t a = 0; a < 5; a++) {
        OVP_AT(&q.W, 0, a) = 0.25 * OVP_AT(&q.V, 0, a);
        OVP_AT(&q.W, 3, a) = 0.75 * OVP_AT(&q.V, 0, a);
        OVP_AT(&q.W, 1, a) = OVP_AT(&q.V, 1, a);
        OVP_AT(&q.W, 2, a) = OVP_AT(&q.V, 2, a);
    }
    reset_teacher(&q);
    ovp_mat G;
    cr_assert_eq(ovp_mat_alloc(4, 5, &G), OVP_OK);
    double F;
    cr_assert_eq(ovp_poprelu_eval(&q.p, &q.W, &F, &G, NULL), OVP_OK);
    cr_assert(fabs(F) < 1e-14 && max_abs(&G) < 1e-14, "F = %.3g |G| = %.3g", F, max_abs(&G));
    ovp_mat_free(&G);
    free_problem(&q);
}

/* The products' kernels (poprelu.c): the AVX2+FMA clone and the generic loop compute the
 * same fma chains, so F, ∇F and ∇²F agree bit for bit; both agree with dgemm's products
 * (another summation order) to rounding. Shapes with every tile tail (k odd, k + n and d
 * not multiples of the tiles), and a student row parallel to a teacher (the refined angles). */
Test(poprelu, product_kernels_are_bitwise_portable_and_match_dgemm)
{
    const size_t shapes[][3] = {{1, 1, 1}, {3, 2, 5}, {7, 6, 6}, {9, 8, 9}, {17, 16, 16}, {22, 20, 20}, {31, 30, 30}};
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        const size_t k = shapes[s][0], n = shapes[s][1], d = shapes[s][2];
        problem q = make_problem(k, n, d, "poprelu product kernels");
        memcpy(&OVP_AT(&q.W, 0, 0), &OVP_AT(&q.V, 0, 0), d * sizeof(double)); /* a parallel pair */
        ovp_mat G[2], H[2], R = {0};
        double F[2];
        cr_assert_eq(ovp_mat_alloc(k, d, &R), OVP_OK);
        for (int v = 0; v < 2; v++) {
            cr_assert_eq(ovp_mat_alloc(k, d, &G[v]), OVP_OK);
            cr_assert_eq(ovp_mat_alloc(k * d, k * d, &H[v]), OVP_OK);
        }
        const int vector = q.p.use_fma;
        for (int v = 0; v < 2; v++) {
            q.p.use_fma = v; /* 0: the generic loop; 1: the clone, when the CPU has it */
            if (v && !vector)
                q.p.use_fma = 0;
            cr_assert_eq(ovp_poprelu_eval(&q.p, &q.W, &F[v], &G[v], &H[v]), OVP_OK);
        }
        cr_assert(F[0] == F[1], "F differs between the kernels at k=%zu n=%zu d=%zu", k, n, d);
        cr_assert(memcmp(G[0].data, G[1].data, k * d * sizeof(double)) == 0, "gradient bits at k=%zu", k);
        cr_assert(memcmp(H[0].data, H[1].data, k * d * k * d * sizeof(double)) == 0, "Hessian bits at k=%zu", k);
        /* the gradient from dgemm on the same coefficients (left in p.C by the last eval) */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)d, (int)(k + n), 1.0, q.p.C.data,
                    (int)q.p.C.ld, q.p.S.data, (int)q.p.S.ld, 0.0, R.data, (int)R.ld);
        double gmax = 0.0, err = 0.0;
        for (size_t c = 0; c < k * d; c++) {
            gmax = fmax(gmax, fabs(R.data[c]));
            err = fmax(err, fabs(R.data[c] - G[1].data[c]));
        }
        cr_assert_leq(err, 1e-13 * fmax(gmax, 1.0), "gradient vs dgemm at k=%zu: %g", k, err);
        cr_assert(F[1] == eval_F(&q), "F alone differs from F with the derivatives");
        for (int v = 0; v < 2; v++) {
            ovp_mat_free(&G[v]);
            ovp_mat_free(&H[v]);
        }
        ovp_mat_free(&R);
        free_problem(&q);
    }
}

/* ovp_poprelu_eval_pair: F, ∇F and the 2d×2d submatrix on neurons (i, j) are ovp_poprelu_eval's
 * bits, for every pair, with a parallel pair among them (the limits), on both kernel paths. */
Test(poprelu, pair_hessian_is_the_full_hessians_submatrix_bit_for_bit)
{
    const size_t k = 6, n = 5, d = 7;
    problem q = make_problem(k, n, d, "poprelu pair hessian");
    memcpy(&OVP_AT(&q.W, 2, 0), &OVP_AT(&q.V, 1, 0), d * sizeof(double)); /* parallel to a teacher */
    for (size_t a = 0; a < d; a++)
        OVP_AT(&q.W, 4, a) = 0.5 * OVP_AT(&q.W, 3, a); /* a split pair: θ = 0 */
    ovp_mat G, Gp, H, B;
    cr_assert_eq(ovp_mat_alloc(k, d, &G), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(k, d, &Gp), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(k * d, k * d, &H), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(2 * d, 2 * d, &B), OVP_OK);
    const int vector = q.p.use_fma;
    size_t checked = 0;
    for (int v = 0; v <= vector; v++) {
        q.p.use_fma = v;
        double F, Fp;
        cr_assert_eq(ovp_poprelu_eval(&q.p, &q.W, &F, &G, &H), OVP_OK);
        for (size_t i = 0; i < k; i++)
            for (size_t j = i + 1; j < k; j++) {
                memset(B.data, 0xff, B.rows * B.ld * sizeof(double)); /* NaN: every entry must be written */
                cr_assert_eq(ovp_poprelu_eval_pair(&q.p, &q.W, i, j, &Fp, &Gp, &B), OVP_OK);
                cr_assert(Fp == F, "F differs at pair (%zu, %zu)", i, j);
                cr_assert(memcmp(G.data, Gp.data, k * d * sizeof(double)) == 0, "gradient bits at (%zu, %zu)", i, j);
                const size_t at[2] = {i * d, j * d};
                for (size_t r = 0; r < 2 * d; r++)
                    for (size_t c = 0; c < 2 * d; c++) {
                        double h = OVP_AT(&H, at[r / d] + r % d, at[c / d] + c % d), b = OVP_AT(&B, r, c);
                        cr_assert(memcmp(&h, &b, sizeof h) == 0, "(%zu, %zu) entry (%zu, %zu): %a vs %a", i, j,
                                  r, c, b, h);
                    }
                checked++;
            }
    }
    cr_assert_eq(checked, (size_t)(1 + vector) * k * (k - 1) / 2);
    double F;
    cr_assert_eq(ovp_poprelu_eval_pair(&q.p, &q.W, 3, 3, &F, &Gp, &B), OVP_EINVAL);
    cr_assert_eq(ovp_poprelu_eval_pair(&q.p, &q.W, 4, 2, &F, &Gp, &B), OVP_EINVAL);
    cr_assert_eq(ovp_poprelu_eval_pair(&q.p, &q.W, 2, k, &F, &Gp, &B), OVP_EINVAL);
    ovp_mat_free(&G);
    ovp_mat_free(&Gp);
    ovp_mat_free(&H);
    ovp_mat_free(&B);
    free_problem(&q);
}
