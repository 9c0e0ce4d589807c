/* tests/test_rademacher.c: the sup formula of Σ(M) against brute-force maximisation over W,
 * and Theorem 5.2's fourth-moment term against its definition. */
#include "rademacher.h"
#include "rng.h"
#include "status.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Power iteration on A + cI (c ≥ ‖A‖) converges linearly; 2000 steps reach the top
 * eigenvalue to rounding for these 3×3 matrices with gaps ≳ 1e-3. */
#define ASCENT_STEPS 2000
#define SUP_TOL 1e-9

/* Σ σ_i ‖W x_i‖² for W (k×d). */
static double objective(const ovp_mat *X, const double *sigma, const double *W, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < X->rows; i++)
        for (size_t j = 0; j < k; j++) {
            double z = 0;
            for (size_t a = 0; a < X->cols; a++)
                z += W[j * X->cols + a] * OVP_AT(X, i, a);
            s += sigma[i] * z * z;
        }
    return s;
}

/* max over ‖W‖_F ≤ M by brute force: W = 0, 2000 random W on the sphere ‖W‖_F = M, and
 * projected gradient ascent (W ← normalise(W + ∇/(2c))) from each of 5 random starts. */
static double brute_sup(const ovp_mat *X, const double *sigma, double M, gsl_rng *r)
{
    const size_t d = X->cols, k = d, N = k * d;
    double W[64], G[64], best = 0.0; /* W = 0 is in the ball */
    double c = 0;
    for (size_t i = 0; i < X->rows; i++)
        for (size_t a = 0; a < d; a++)
            c += OVP_AT(X, i, a) * OVP_AT(X, i, a); /* ≥ ‖Σ σ_i x_i x_iᵀ‖ */
    for (int trial = 0; trial < 2005; trial++) {
        double nrm = 0;
        for (size_t q = 0; q < N; q++) {
            W[q] = gsl_rng_uniform(r) - 0.5;
            nrm += W[q] * W[q];
        }
        for (size_t q = 0; q < N; q++)
            W[q] *= M / sqrt(nrm);
        for (int step = 0; trial >= 2000 && step < ASCENT_STEPS; step++) {
            memset(G, 0, sizeof G); /* ∇ = 2 W Σ σ_i x_i x_iᵀ */
            for (size_t i = 0; i < X->rows; i++)
                for (size_t j = 0; j < k; j++) {
                    double z = 0;
                    for (size_t a = 0; a < d; a++)
                        z += W[j * d + a] * OVP_AT(X, i, a);
                    for (size_t a = 0; a < d; a++)
                        G[j * d + a] += 2 * sigma[i] * z * OVP_AT(X, i, a);
                }
            nrm = 0;
            for (size_t q = 0; q < N; q++) {
                W[q] += G[q] / (2 * c);
                nrm += W[q] * W[q];
            }
            for (size_t q = 0; q < N; q++)
                W[q] *= M / sqrt(nrm);
        }
        best = fmax(best, objective(X, sigma, W, k));
    }
    return best;
}

Test(rademacher, sup_formula_matches_brute_force_maximisation)
{
    const size_t n = 7, d = 3;
    gsl_rng *r = test_rng("sup");
    ovp_mat X;
    cr_assert_eq(ovp_mat_alloc(n, d, &X), OVP_OK);
    ovp_rng_gaussian_mat(r, 1.0, &X);
    ovp_rademacher_work w;
    cr_assert_eq(ovp_rademacher_work_alloc(n, d, &w), OVP_OK);
    double sigma[7];
    const double M = 1.7;
    size_t zero_sups = 0;
    for (unsigned mask = 0; mask < (1u << n); mask += 9) { /* every 9th sign vector, including all −1 */
        for (size_t i = 0; i < n; i++)
            sigma[i] = (mask >> i) & 1 ? 1.0 : -1.0;
        double formula, brute = brute_sup(&X, sigma, M, r);
        cr_assert_eq(ovp_rademacher_sup(&X, sigma, M, &w, &formula), OVP_OK);
        zero_sups += formula == 0.0;
        cr_assert(fabs(formula - brute) <= SUP_TOL * fmax(1.0, formula), "sigma mask %u: formula %.12g, brute %.12g",
                  mask, formula, brute);
    }
    cr_assert(zero_sups >= 1, "the test should include a sign vector whose sup is attained at W = 0");
    ovp_rademacher_work_free(&w);
    ovp_mat_free(&X);
    gsl_rng_free(r);
}

Test(rademacher, fourth_moment_term_matches_its_definition)
{
    const size_t n = 9, d = 4;
    gsl_rng *r = test_rng("s");
    ovp_mat X, A;
    cr_assert_eq(ovp_mat_alloc(n, d, &X), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(d, d, &A), OVP_OK);
    ovp_rng_gaussian_mat(r, 1.0, &X);
    gsl_rng_free(r);
    for (size_t i = 0; i < n; i++) { /* Σ (x_i x_iᵀ)² = Σ ‖x_i‖² x_i x_iᵀ, by hand */
        double q = 0;
        for (size_t a = 0; a < d; a++)
            q += OVP_AT(&X, i, a) * OVP_AT(&X, i, a);
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                OVP_AT(&A, a, b) += q * OVP_AT(&X, i, a) * OVP_AT(&X, i, b);
    }
    double v[4] = {1, 0, 0, 0}, lam = 0; /* its top eigenvalue by power iteration */
    for (int it = 0; it < 5000; it++) {
        double u[4] = {0}, nrm = 0;
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                u[a] += OVP_AT(&A, a, b) * v[b];
        for (size_t a = 0; a < d; a++)
            nrm += u[a] * u[a];
        lam = sqrt(nrm);
        for (size_t a = 0; a < d; a++)
            v[a] = u[a] / lam;
    }
    ovp_rademacher_work w;
    cr_assert_eq(ovp_rademacher_work_alloc(n, d, &w), OVP_OK);
    double s;
    cr_assert_eq(ovp_rademacher_s(&X, &w, &s), OVP_OK);
    cr_assert_float_eq(s, lam, 1e-12 * lam);
    ovp_rademacher_work_free(&w);
    ovp_mat_free(&X);
    ovp_mat_free(&A);
}
