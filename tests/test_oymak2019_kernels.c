/* tests/test_oymak2019_kernels.c: the kernels behind the P2 harness. The net's
 * Jacobian vs finite differences (and a planted wrong one failing the same
 * test), its Gram matrices vs the explicit J, sample-space GD vs primal GD, the
 * linear case's nearest solution vs an eigendecomposition, and the random
 * features' Gram matrix vs the arc-cosine closed form by Monte Carlo. */
#include "gram.h"
#include "linalg.h"
#include "lsq.h"
#include "net1.h"
#include "rng.h"
#include "status.h"
#include "test_helpers.h"
#include "testutil.h"

#include <cblas.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Central differences: error ~ h²|f'''| + ε|f|/h; at h = 1e-6 both are below
 * 1e-8 relative here (ReLU: no pre-activation within h of its kink w.p. ~1). */
#define FD_STEP 1e-6
#define FD_REL_TOL 1e-7
/* Two computations of the same matrix product in a different order: a few
 * hundred roundings of O(1) terms. */
#define PRODUCT_TOL 1e-12
/* Sample-space vs primal GD after 20 steps: each step adds O(n·ε) in a different order. */
#define FORMULATION_TOL 1e-11
/* Two O(ε·κ²) solutions of a system with κ(X)² ≈ 10. */
#define SOLVE_TOL 1e-12
/* A Monte Carlo mean is accepted within this many standard errors (false alarm ~6e-7 per entry). */
#define MC_SIGMAS 5.0

typedef struct {
    size_t n, d, k;
    ovp_mat X, W;
    double *v, *y;
} net;

static net make_net(size_t n, size_t d, size_t k, const char *name)
{
    net p = {.n = n, .d = d, .k = k};
    gsl_rng *r = test_rng(name);
    test_net_draw(r, n, d, k, sqrt((double)k), &p.X, &p.W, &p.v, &p.y);
    gsl_rng_free(r);
    return p;
}

static void free_net(net *p) { test_net_free(&p->X, &p->W, p->v, p->y); }

/* ‖J_fd − J‖_F/‖J‖_F for the kernel's Jacobian with its first row scaled by
 * 1 + planted: planted = 0 is the kernel, planted ≠ 0 a wrong Jacobian. */
static double fd_jacobian_error(ovp_act act, net *p, double planted)
{
    const size_t n = p->n, kd = p->k * p->d;
    ovp_mat J, Z;
    cr_assert_eq(ovp_mat_alloc(n, kd, &J), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, p->k, &Z), OVP_OK);
    double *up = malloc(n * sizeof *up), *um = malloc(n * sizeof *um);
    cr_assert_eq(ovp_net1_jacobian(act, &p->X, &p->W, p->v, &Z, &J), OVP_OK);
    cblas_dscal((int)kd, 1.0 + planted, J.data, 1);
    double num = 0, den = 0;
    for (size_t q = 0; q < kd; q++) {
        double *w = &p->W.data[q], w0 = *w;
        *w = w0 + FD_STEP;
        cr_assert_eq(ovp_net1_forward(act, &p->X, &p->W, p->v, &Z, up), OVP_OK);
        *w = w0 - FD_STEP;
        cr_assert_eq(ovp_net1_forward(act, &p->X, &p->W, p->v, &Z, um), OVP_OK);
        *w = w0;
        for (size_t i = 0; i < n; i++) {
            double fd = (up[i] - um[i]) / (2 * FD_STEP), a = OVP_AT(&J, i, q);
            num += (fd - a) * (fd - a);
            den += a * a;
        }
    }
    ovp_mat_free(&J);
    ovp_mat_free(&Z);
    free(up);
    free(um);
    return sqrt(num / den);
}

Test(net1, jacobian_matches_finite_differences_for_every_activation)
{
    for (int a = 0; a < OVP_ACT_COUNT; a++) {
        net p = make_net(7, 4, 6, "jacobian");
        double rel = fd_jacobian_error((ovp_act)a, &p, 0.0);
        cr_assert(rel < FD_REL_TOL, "%s: relative Jacobian error %.3g", ovp_net1_act_name((ovp_act)a), rel);
        free_net(&p);
    }
}

Test(net1, planted_wrong_jacobian_is_caught_by_finite_differences)
{
    for (int a = 0; a < OVP_ACT_COUNT; a++) {
        net p = make_net(7, 4, 6, "jacobian");
        double rel = fd_jacobian_error((ovp_act)a, &p, 1.0);
        cr_assert(rel > FD_REL_TOL, "%s: a wrong Jacobian must fail (error %.3g)", ovp_net1_act_name((ovp_act)a), rel);
        free_net(&p);
    }
}

Test(net1, derivative_bounds_hold_on_a_grid)
{
    /* φ' by central differences, and sup|φ'| ≤ B, sup|φ''| ≤ M where finite. */
    for (int a = 0; a < OVP_ACT_COUNT; a++) {
        ovp_act act = (ovp_act)a;
        double B = ovp_net1_act_dphi_sup(act), M = ovp_net1_act_ddphi_sup(act), dmax = 0, ddmax = 0;
        for (double z = -8.0 + 1e-3; z < 8.0; z += 1.0 / 64) {
            double d0, dp, dm;
            ovp_net1_act_eval(act, z, &d0);
            double fd = (ovp_net1_act_eval(act, z + FD_STEP, &dp) - ovp_net1_act_eval(act, z - FD_STEP,
                                                                                      &dm)) / (2 * FD_STEP);
            cr_assert(fabs(fd - d0) < FD_REL_TOL * fmax(1.0, fabs(d0)), "%s: phi'(%g)", ovp_net1_act_name(act), z);
            dmax = fmax(dmax, fabs(d0));
            ddmax = fmax(ddmax, fabs(dp - dm) / (2 * FD_STEP));
        }
        if (isfinite(B))
            cr_assert(dmax <= B, "%s: |phi'| = %g > B = %g", ovp_net1_act_name(act), dmax, B);
        if (isfinite(M))
            cr_assert(ddmax <= M * (1 + 1e-6), "%s: |phi''| = %g > M = %g", ovp_net1_act_name(act), ddmax, M);
    }
    cr_assert_float_eq(ovp_net1_act_ddphi_sup(OVP_ACT_SOFTPLUS), 0.25, 0); /* attained at z = 0 */
}

/* The upper triangles of A and B agree to tol relative to the largest entry. */
static void assert_upper_close(const ovp_mat *A, const ovp_mat *B, double tol, const char *what)
{
    double scale = 0, gap = 0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = i; j < A->cols; j++) {
            scale = fmax(scale, fabs(OVP_AT(B, i, j)));
            gap = fmax(gap, fabs(OVP_AT(A, i, j) - OVP_AT(B, i, j)));
        }
    cr_assert(gap <= tol * scale, "%s: gap %.3g of %.3g", what, gap, scale);
}

Test(net1, sample_space_gd_matches_primal_gd_and_the_explicit_jacobian)
{
    const double eta = 0.1; /* stable for all three: ‖J‖² ≲ 5 here */
    const size_t steps = 20;
    for (int a = 0; a < OVP_ACT_COUNT; a++) {
        ovp_act act = (ovp_act)a;
        net p = make_net(9, 5, 12, "formulations");
        const size_t n = p.n, k = p.k, d = p.d;
        ovp_mat K, W0, Wp, Ws, J, J0, Z, G, Ge;
        TEST_MATS_ALLOC({&K, n, n}, {&W0, k, d}, {&Wp, k, d}, {&Ws, k, d}, {&J, n, k * d}, {&J0, n, k * d}, {&Z, n, k},
                        {&G, n, n}, {&Ge, n, n});
        double *u = malloc(n * sizeof *u);
        cr_assert_eq(ovp_gram_inner(&p.X, &K), OVP_OK);
        ovp_mat_symmetrize_upper(&K);
        cr_assert_eq(ovp_mat_copy(&p.W, &W0), OVP_OK);
        cr_assert_eq(ovp_mat_copy(&p.W, &Wp), OVP_OK);
        cr_assert_eq(ovp_net1_jacobian(act, &p.X, &W0, p.v, &Z, &J0), OVP_OK);

        ovp_net1_gd gd;
        cr_assert_eq(ovp_net1_gd_alloc(n, k, act, &gd), OVP_OK);
        cr_assert_eq(ovp_net1_gd_start(&gd, &p.X, &W0, p.v), OVP_OK);
        ovp_net1_stats st;
        for (size_t t = 0; t <= steps; t++) {
            cr_assert_eq(ovp_net1_gd_eval(&gd, p.v, p.y, &st), OVP_OK);
            /* primal: r = f − y, W ← W − η·reshape(Jᵀr) */
            cr_assert_eq(ovp_net1_forward(act, &p.X, &Wp, p.v, &Z, u), OVP_OK);
            double res2 = 0;
            for (size_t i = 0; i < n; i++) {
                u[i] -= p.y[i];
                res2 += u[i] * u[i];
            }
            cr_assert(fabs(st.residual_norm - sqrt(res2)) <= FORMULATION_TOL * sqrt(res2),
                      "%s step %zu: residual %.17g vs %.17g", ovp_net1_act_name(act), t, st.residual_norm, sqrt(res2));
            if (t == steps)
                break;
            cr_assert_eq(ovp_net1_jacobian(act, &p.X, &Wp, p.v, &Z, &J), OVP_OK);
            cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)(k * d), -eta, J.data, (int)J.ld, u, 1,
                        1.0, Wp.data, 1);
            cr_assert_eq(ovp_net1_gd_step(&gd, &K, eta), OVP_OK);
        }
        /* J Jᵀ and (J − J₀)(J − J₀)ᵀ from the n×n formulas vs the explicit Jacobians. */
        cr_assert_eq(ovp_net1_jacobian(act, &p.X, &Wp, p.v, &Z, &J), OVP_OK);
        cr_assert_eq(ovp_net1_gd_jjt(&gd, &K, &G), OVP_OK);
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)(k * d), 1.0, J.data,
                    (int)J.ld, 0.0, Ge.data, (int)n);
        assert_upper_close(&G, &Ge, PRODUCT_TOL, "J J'");
        cblas_daxpy((int)(n * k * d), -1.0, J0.data, 1, J.data, 1);
        cr_assert_eq(ovp_net1_gd_jjt_change(&gd, &K, &G), OVP_OK);
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)(k * d), 1.0, J.data,
                    (int)J.ld, 0.0, Ge.data, (int)n);
        assert_upper_close(&G, &Ge, FORMULATION_TOL, "(J - J0)(J - J0)'");
        /* W = W₀ + EᵀX, and ‖θ − θ₀‖ from the O(nk) formula. */
        cr_assert_eq(ovp_net1_gd_weights(&gd, &p.X, &W0, &Ws), OVP_OK);
        double wgap = max_abs_diff(&Ws, &Wp) / max_abs(&Wp);
        cr_assert(wgap < FORMULATION_TOL, "%s: W gap %.3g", ovp_net1_act_name(act), wgap);
        double dist = ovp_mat_dist_fro(&Wp, &W0);
        cr_assert(fabs(st.dist_from_init - dist) <= FORMULATION_TOL * dist, "%s: distance %.17g vs %.17g",
                  ovp_net1_act_name(act), st.dist_from_init, dist);
        TEST_MATS_FREE(&K, &W0, &Wp, &Ws, &J, &J0, &Z, &G, &Ge);
        free(u);
        ovp_net1_gd_free(&gd);
        free_net(&p);
    }
}

Test(net1, paired_neurons_give_zero_output_at_init)
{
    net p = make_net(5, 3, 8, "pairs");
    for (size_t r = 0; r < 4; r++) {
        memcpy(&OVP_AT(&p.W, r + 4, 0), &OVP_AT(&p.W, r, 0), 3 * sizeof(double));
        p.v[r + 4] = -p.v[r];
    }
    ovp_mat Z;
    cr_assert_eq(ovp_mat_alloc(5, 8, &Z), OVP_OK);
    double u[5];
    for (int a = 0; a < OVP_ACT_COUNT; a++) {
        cr_assert_eq(ovp_net1_forward((ovp_act)a, &p.X, &p.W, p.v, &Z, u), OVP_OK);
        for (size_t i = 0; i < 5; i++)
            cr_assert(fabs(u[i]) < 1e-15, "%s: f(x_%zu) = %g", ovp_net1_act_name((ovp_act)a), i, u[i]);
    }
    ovp_mat_free(&Z);
    free_net(&p);
}

Test(net1, relu_features_gram_matches_the_arccos_kernel_by_monte_carlo)
{
    /* (1/k) ΦᵀΦ averages relu(w_rᵀx_i) relu(w_rᵀx_j) over k iid rows w_r ~ N(0, I):
     * its expectation is Assumption 4's matrix, the degree-1 arc-cosine kernel. */
    gsl_rng *r = test_rng("features-mc");
    const size_t n = 5, d = 3, k = 400000;
    ovp_mat X, W, Phi, K, A;
    TEST_MATS_ALLOC({&X, n, d}, {&W, k, d}, {&Phi, k, n}, {&K, n, n}, {&A, n, n});
    ovp_rng_sphere_rows(r, &X);
    ovp_rng_gaussian_mat(r, 1.0, &W);
    cr_assert_eq(ovp_net1_features(OVP_ACT_RELU, &W, &X, &Phi), OVP_OK);
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    cr_assert_eq(ovp_gram_arccos1(&X, &K, &A), OVP_OK);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            double s = 0, ss = 0;
            for (size_t q = 0; q < k; q++) {
                double v = OVP_AT(&Phi, q, i) * OVP_AT(&Phi, q, j);
                s += v;
                ss += v * v;
            }
            double mean = s / k, se = sqrt((ss / k - mean * mean) / k);
            cr_assert(fabs(mean - OVP_AT(&A, i, j)) <= MC_SIGMAS * se, "(%zu,%zu): closed %.6f MC %.6f +- %.1e",
                      i, j, OVP_AT(&A, i, j), mean, se);
        }
    TEST_MATS_FREE(&X, &W, &Phi, &K, &A);
    gsl_rng_free(r);
}

/* ---------------------------------------------------------------- linear case */

Test(lsq, nearest_solution_is_pseudo_inverse_plus_null_projection)
{
    /* θ† + Π_null(θ₀) from the eigendecomposition of XᵀX (p×p): an independent route. */
    const size_t n = 6, p = 15;
    gsl_rng *r = test_rng("lsq");
    ovp_mat X, G, XtX, V;
    TEST_MATS_ALLOC({&X, n, p}, {&G, n, n}, {&XtX, p, p}, {&V, p, p});
    double y[6], c[6], theta0[15], near[15], lam[15], expect[15] = {0}, Xty[15];
    ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)p), &X);
    ovp_rng_gaussian(r, 1.0, y, n);
    ovp_rng_gaussian(r, 1.0, theta0, p);
    ovp_work ws = {0};
    cr_assert_eq(ovp_lsq_nearest_solution(&X, y, theta0, &G, c, near, &ws), OVP_OK);

    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)p, (int)p, (int)n, 1.0, X.data, (int)p,
                X.data, (int)p, 0.0, XtX.data, (int)p);
    cr_assert_eq(ovp_linalg_eig_sym(&XtX, lam, &V, &ws), OVP_OK);
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)p, 1.0, X.data, (int)p, y, 1, 0.0, Xty, 1);
    for (size_t e = 0; e < p; e++) { /* eigenvalues ascending: the first p − n span the null space */
        double a = 0;
        for (size_t q = 0; q < p; q++)
            a += OVP_AT(&V, q, e) * (e < p - n ? theta0[q] : Xty[q]);
        double coef = e < p - n ? a : a / lam[e]; /* Π_null θ₀, or θ† = (XᵀX)⁺Xᵀy */
        for (size_t q = 0; q < p; q++)
            expect[q] += coef * OVP_AT(&V, q, e);
    }
    for (size_t q = 0; q < p; q++)
        cr_assert(fabs(near[q] - expect[q]) < SOLVE_TOL, "theta[%zu]: %.17g vs %.17g", q, near[q], expect[q]);
    TEST_MATS_FREE(&X, &G, &XtX, &V);
    ovp_work_free(&ws);
    gsl_rng_free(r);
}

Test(lsq, gd_converges_to_the_nearest_solution_and_keeps_the_null_component)
{
    const size_t n = 8, p = 32;
    gsl_rng *r = test_rng("lsq-gd");
    ovp_mat X, G;
    cr_assert_eq(ovp_mat_alloc(n, p, &X), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &G), OVP_OK);
    double y[8], c[8], res[8], theta0[32], theta[32], near[32];
    ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)p), &X);
    ovp_rng_gaussian(r, 1.0, y, n);
    ovp_rng_gaussian(r, 1.0, theta0, p);
    ovp_work ws = {0};
    cr_assert_eq(ovp_lsq_nearest_solution(&X, y, theta0, &G, c, near, &ws), OVP_OK);
    memcpy(theta, theta0, sizeof theta);
    for (int t = 0; t < 2000; t++) {
        cr_assert_eq(ovp_lsq_residual(&X, y, theta, res), OVP_OK);
        cr_assert_eq(ovp_lsq_gd_step(&X, res, 0.5, theta), OVP_OK); /* η = 0.5 < 2/‖X‖² ≈ 0.9: stable */
    }
    double err = 0, scale = 0;
    for (size_t q = 0; q < p; q++) {
        err = fmax(err, fabs(theta[q] - near[q]));
        scale = fmax(scale, fabs(near[q]));
    }
    cr_assert(err < SOLVE_TOL * scale, "GD limit vs theta_dagger + Pi_null(theta_0): %.3g", err);
    ovp_mat_free(&X);
    ovp_mat_free(&G);
    ovp_work_free(&ws);
    gsl_rng_free(r);
}

Test(linalg_spd, solve_matches_and_refuses_an_indefinite_matrix)
{
    double a[9] = {4, 1, 0.5, 0, 3, 0.2, 0, 0, 2}; /* upper triangle of an SPD matrix */
    double b[3] = {1, 2, 3}, x[3];
    memcpy(x, b, sizeof b);
    ovp_mat A = ovp_mat_view(a, 3, 3);
    ovp_work ws = {0};
    cr_assert_eq(ovp_linalg_spd_solve(&A, x, &ws), OVP_OK);
    double full[3][3] = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
    for (int i = 0; i < 3; i++)
        cr_assert(fabs(full[i][0] * x[0] + full[i][1] * x[1] + full[i][2] * x[2] - b[i]) < SOLVE_TOL);
    a[8] = -2; /* no longer positive definite */
    cr_assert_eq(ovp_linalg_spd_solve(&A, x, &ws), OVP_EDOM);
    ovp_work_free(&ws);
}
