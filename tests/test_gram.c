/* tests/test_gram.c: closed-form kernels against their definitions, by Monte Carlo. */
#include "gram.h"
#include "linalg.h"
#include "rng.h"
#include "status.h"
#include "test_helpers.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>

/* A Monte Carlo mean is accepted within this many standard errors: a false
 * alarm has probability ~6e-7 per entry. */
#define MC_SIGMAS 5.0
/* Closed forms vs hand values: a handful of roundings. */
#define EXACT_TOL 1e-14

Test(gram, hinf_closed_form_matches_monte_carlo_expectation)
{
    gsl_rng *r = test_rng("hinf-mc");
    const size_t n = 6, d = 4, N = 400000;
    ovp_mat X, K, H, sum, sumsq;
    TEST_MATS_ALLOC({&X, n, d}, {&K, n, n}, {&H, n, n}, {&sum, n, n}, {&sumsq, n, n});
    ovp_rng_sphere_rows(r, &X);
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    cr_assert_eq(ovp_gram_hinf(&X, &K, &H), OVP_OK);
    double w[4], act[6];
    for (size_t s = 0; s < N; s++) { /* E_w[x_iᵀx_j 1{wᵀx_i ≥ 0, wᵀx_j ≥ 0}] */
        ovp_rng_gaussian(r, 1.0, w, d);
        for (size_t i = 0; i < n; i++) {
            double z = 0;
            for (size_t k = 0; k < d; k++)
                z += w[k] * OVP_AT(&X, i, k);
            act[i] = z >= 0;
        }
        for (size_t i = 0; i < n; i++)
            for (size_t j = i; j < n; j++) {
                double v = OVP_AT(&K, i, j) * act[i] * act[j];
                OVP_AT(&sum, i, j) += v;
                OVP_AT(&sumsq, i, j) += v * v;
            }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            double mean = OVP_AT(&sum, i, j) / N;
            double se = sqrt((OVP_AT(&sumsq, i, j) / N - mean * mean) / N);
            cr_assert(fabs(mean - OVP_AT(&H, i, j)) <= MC_SIGMAS * se + 1e-12,
                      "H_inf(%zu,%zu): closed form %.6f, Monte Carlo %.6f +- %.1e", i, j,
                      OVP_AT(&H, i, j), mean, se);
        }
    TEST_MATS_FREE(&X, &K, &H, &sum, &sumsq);
    gsl_rng_free(r);
}

Test(gram, lambda0_of_two_inputs_at_sixty_degrees_is_one_third)
{
    /* x1 = (1, 0), x2 = (1/2, √3/2): x1ᵀx2 = 1/2, arccos = π/3, so
     * H∞ = [[1/2, 1/6], [1/6, 1/2]] and λ₀ = 1/2 − 1/6 = 1/3. */
    double x[] = {1, 0, 0.5, sqrt(3.0) / 2}, k[4], h[4];
    ovp_mat X = ovp_mat_view(x, 2, 2), K = ovp_mat_view(k, 2, 2), H = ovp_mat_view(h, 2, 2);
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    cr_assert_eq(ovp_gram_hinf(&X, &K, &H), OVP_OK);
    cr_assert(fabs(h[1] - 1.0 / 6) < EXACT_TOL, "H12 = %.17g", h[1]);
    cr_assert(fabs(h[0] - 0.5) < EXACT_TOL);
    ovp_work ws = {0};
    double l0;
    cr_assert_eq(ovp_linalg_eig_min(&H, &l0, &ws), OVP_OK);
    cr_assert(fabs(l0 - 1.0 / 3) < EXACT_TOL, "lambda0 = %.17g", l0);
    ovp_work_free(&ws);
}

Test(gram, lambda0_of_orthonormal_inputs_is_one_half)
{
    double x[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, k[9], h[9], l0;
    ovp_mat X = ovp_mat_view(x, 3, 3), K = ovp_mat_view(k, 3, 3), H = ovp_mat_view(h, 3, 3);
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    cr_assert_eq(ovp_gram_hinf(&X, &K, &H), OVP_OK);
    ovp_work ws = {0};
    cr_assert_eq(ovp_linalg_eig_min(&H, &l0, &ws), OVP_OK);
    cr_assert(fabs(l0 - 0.5) < EXACT_TOL);
    ovp_work_free(&ws);
}

Test(gram, duplicated_inputs_make_lambda0_zero)
{
    double x[] = {0.6, 0.8, 0.6, 0.8, 1, 0}, k[9], h[9], l0;
    ovp_mat X = ovp_mat_view(x, 3, 2), K = ovp_mat_view(k, 3, 3), H = ovp_mat_view(h, 3, 3);
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    cr_assert_eq(ovp_gram_hinf(&X, &K, &H), OVP_OK);
    ovp_work ws = {0};
    cr_assert_eq(ovp_linalg_eig_min(&H, &l0, &ws), OVP_OK);
    cr_assert(fabs(l0) < EXACT_TOL * 10, "lambda0 = %.3g", l0);
    ovp_work_free(&ws);
}

Test(gram, arccos_kernel_matches_monte_carlo)
{
    gsl_rng *r = test_rng("arccos-mc");
    const size_t n = 5, d = 3, N = 400000;
    ovp_mat X, K, A;
    TEST_MATS_ALLOC({&X, n, d}, {&K, n, n}, {&A, n, n});
    ovp_rng_gaussian_mat(r, 1.0, &X); /* not unit norm: the kernel carries ‖x_i‖‖x_j‖ */
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    cr_assert_eq(ovp_gram_arccos1(&X, &K, &A), OVP_OK);
    double sum[5][5] = {{0}}, sumsq[5][5] = {{0}}, g[3], f[5];
    for (size_t s = 0; s < N; s++) {
        ovp_rng_gaussian(r, 1.0, g, d);
        for (size_t i = 0; i < n; i++) {
            double z = 0;
            for (size_t k = 0; k < d; k++)
                z += g[k] * OVP_AT(&X, i, k);
            f[i] = z > 0 ? z : 0;
        }
        for (size_t i = 0; i < n; i++)
            for (size_t j = i; j < n; j++) {
                sum[i][j] += f[i] * f[j];
                sumsq[i][j] += f[i] * f[i] * f[j] * f[j];
            }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            double mean = sum[i][j] / N, se = sqrt((sumsq[i][j] / N - mean * mean) / N);
            cr_assert(fabs(mean - OVP_AT(&A, i, j)) <= MC_SIGMAS * se,
                      "arccos(%zu,%zu): closed %.6f MC %.6f +- %.1e", i, j, OVP_AT(&A, i, j), mean, se);
        }
    TEST_MATS_FREE(&X, &K, &A);
    gsl_rng_free(r);
}

Test(gram, hk_matches_its_definition)
{
    gsl_rng *r = test_rng("hk");
    const size_t n = 7, d = 5, m = 13;
    ovp_mat X, W, K, P, H;
    TEST_MATS_ALLOC({&X, n, d}, {&W, m, d}, {&K, n, n}, {&P, n, m}, {&H, n, n});
    ovp_rng_sphere_rows(r, &X);
    ovp_rng_gaussian_mat(r, 1.0, &W);
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < m; q++) {
            double z = 0;
            for (size_t k = 0; k < d; k++)
                z += OVP_AT(&W, q, k) * OVP_AT(&X, i, k);
            OVP_AT(&P, i, q) = z >= 0;
        }
    cr_assert_eq(ovp_gram_hk(&K, &P, &H), OVP_OK);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            double count = 0;
            for (size_t q = 0; q < m; q++)
                count += OVP_AT(&P, i, q) * OVP_AT(&P, j, q);
            double expect = OVP_AT(&K, i, j) * count / (double)m;
            cr_assert(fabs(OVP_AT(&H, i, j) - expect) < EXACT_TOL, "H(%zu,%zu)", i, j);
        }
    TEST_MATS_FREE(&X, &W, &K, &P, &H);
    gsl_rng_free(r);
}
