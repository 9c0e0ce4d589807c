/* tests/test_linalg.c: eigenvalues, the shifted-Cholesky PD test, SVD values. */
#include "linalg.h"
#include "status.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>

/* Eigenvalues of well-conditioned 2..50-sized matrices agree to ~n·ε·‖A‖. */
#define EIG_TOL 1e-12

/* A = Q diag(spec) Qᵀ with Q from a rotation sequence; upper triangle filled. */
static void known_spectrum(ovp_mat *A, const double *spec, gsl_rng *r)
{
    size_t n = A->rows;
    ovp_mat Q;
    cr_assert_eq(ovp_mat_alloc(n, n, &Q), OVP_OK);
    for (size_t i = 0; i < n; i++)
        OVP_AT(&Q, i, i) = 1.0;
    for (size_t sweep = 0; sweep < 3; sweep++) /* random Givens rotations keep Q orthogonal */
        for (size_t p = 0; p + 1 < n; p++) {
            double t = 2 * M_PI * gsl_rng_uniform(r), c = cos(t), s = sin(t);
            for (size_t i = 0; i < n; i++) {
                double a = OVP_AT(&Q, i, p), b = OVP_AT(&Q, i, p + 1);
                OVP_AT(&Q, i, p) = c * a - s * b;
                OVP_AT(&Q, i, p + 1) = s * a + c * b;
            }
        }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = 0;
            for (size_t k = 0; k < n; k++)
                v += OVP_AT(&Q, i, k) * spec[k] * OVP_AT(&Q, j, k);
            OVP_AT(A, i, j) = v;
        }
    ovp_mat_free(&Q);
}

Test(linalg, range_limited_eigenvalues_match_a_known_spectrum)
{
    gsl_rng *r = test_rng("eig");
    const size_t n = 40;
    double spec[40], w[3];
    for (size_t i = 0; i < n; i++)
        spec[i] = 0.1 + 0.05 * (double)i; /* ascending, 0.1 .. 2.05 */
    ovp_mat A, B;
    cr_assert_eq(ovp_mat_alloc(n, n, &A), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &B), OVP_OK);
    known_spectrum(&A, spec, r);
    ovp_work ws = {0};
    cr_assert_eq(ovp_mat_copy(&A, &B), OVP_OK);
    cr_assert_eq(ovp_linalg_eig_range(&B, 1, 3, w, &ws), OVP_OK);
    for (int k = 0; k < 3; k++)
        cr_assert(fabs(w[k] - spec[k]) < EIG_TOL, "lambda_%d = %.17g, expected %.17g", k + 1, w[k], spec[k]);
    cr_assert_eq(ovp_mat_copy(&A, &B), OVP_OK);
    cr_assert_eq(ovp_linalg_eig_range_method(&B, 1, 1, w, &ws, OVP_EIG_DSYEVR_2STAGE), OVP_OK);
    cr_assert(fabs(w[0] - spec[0]) < EIG_TOL, "two-stage lambda_min = %.17g", w[0]);
    cr_assert_eq(ovp_mat_copy(&A, &B), OVP_OK);
    cr_assert_eq(ovp_linalg_eig_max(&B, w, &ws), OVP_OK);
    cr_assert(fabs(w[0] - spec[n - 1]) < EIG_TOL);
    ovp_mat_free(&A);
    ovp_mat_free(&B);
    ovp_work_free(&ws);
    gsl_rng_free(r);
}

Test(linalg, full_eigendecomposition_reconstructs_the_matrix)
{
    gsl_rng *r = test_rng("eigsym");
    const size_t n = 12;
    double spec[12], w[12];
    for (size_t i = 0; i < n; i++)
        spec[i] = -1.0 + 0.3 * (double)i;
    ovp_mat A, B, V;
    cr_assert_eq(ovp_mat_alloc(n, n, &A), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &B), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &V), OVP_OK);
    known_spectrum(&A, spec, r);
    cr_assert_eq(ovp_mat_copy(&A, &B), OVP_OK);
    ovp_work ws = {0};
    cr_assert_eq(ovp_linalg_eig_sym(&B, w, &V, &ws), OVP_OK);
    double err = 0;
    for (size_t i = 0; i < n; i++) /* A v_k = w_k v_k with v_k the k-th column of V */
        for (size_t k = 0; k < n; k++) {
            double av = 0;
            for (size_t j = 0; j < n; j++)
                av += OVP_AT(&A, i, j) * OVP_AT(&V, j, k);
            err = fmax(err, fabs(av - w[k] * OVP_AT(&V, i, k)));
        }
    cr_assert(err < EIG_TOL * 10, "residual %.3g", err);
    for (size_t k = 0; k < n; k++)
        cr_assert(fabs(w[k] - spec[k]) < EIG_TOL);
    ovp_mat_free(&A);
    ovp_mat_free(&B);
    ovp_mat_free(&V);
    ovp_work_free(&ws);
    gsl_rng_free(r);
}

Test(linalg, shifted_cholesky_decides_lambda_min_against_the_shift)
{
    gsl_rng *r = test_rng("chol");
    const size_t n = 30;
    double spec[30];
    for (size_t i = 0; i < n; i++)
        spec[i] = 0.5 + 0.1 * (double)i; /* λ_min = 0.5 */
    ovp_mat A;
    cr_assert_eq(ovp_mat_alloc(n, n, &A), OVP_OK);
    known_spectrum(&A, spec, r);
    ovp_work ws = {0};
    int pd = -1;
    cr_assert_eq(ovp_linalg_is_pd_shifted(&A, 0.49, &ws, &pd), OVP_OK);
    cr_assert_eq(pd, 1, "A - 0.49 I is positive definite");
    cr_assert_eq(ovp_linalg_is_pd_shifted(&A, 0.51, &ws, &pd), OVP_OK);
    cr_assert_eq(pd, 0, "A - 0.51 I has a negative eigenvalue");
    cr_assert(fabs(OVP_AT(&A, 0, 0) - OVP_AT(&A, 0, 0)) == 0, "A is kept");
    ovp_mat_free(&A);
    ovp_work_free(&ws);
    gsl_rng_free(r);
}

Test(linalg, singular_values_of_a_rectangular_matrix)
{
    /* rows (3,0), (0,4), (0,0): singular values 4 and 3 */
    double a[] = {3, 0, 0, 4, 0, 0}, s[2];
    ovp_mat A = ovp_mat_view(a, 3, 2);
    ovp_work ws = {0};
    cr_assert_eq(ovp_linalg_svd_values(&A, s, &ws), OVP_OK);
    cr_assert(fabs(s[0] - 4) < EIG_TOL && fabs(s[1] - 3) < EIG_TOL, "got %g %g", s[0], s[1]);
    ovp_work_free(&ws);
}

Test(linalg, bad_arguments_are_refused)
{
    double a[6] = {0};
    ovp_mat A = ovp_mat_view(a, 2, 3), E = {0};
    ovp_work ws = {0};
    double w;
    int pd;
    cr_assert_eq(ovp_linalg_eig_min(&A, &w, &ws), OVP_EINVAL, "not square");
    cr_assert_eq(ovp_linalg_is_pd_shifted(&A, 0, &ws, &pd), OVP_EINVAL);
    cr_assert_eq(ovp_linalg_eig_min(&E, &w, &ws), OVP_EINVAL, "empty");
    ovp_mat B = ovp_mat_view(a, 2, 2);
    cr_assert_eq(ovp_linalg_eig_range(&B, 2, 3, &w, &ws), OVP_EINVAL, "index past n");
    cr_assert_eq(ovp_mat_alloc(0, 3, &A), OVP_EINVAL);
    cr_assert_eq(ovp_mat_alloc((size_t)1 << 62, (size_t)1 << 62, &A), OVP_EINVAL, "size overflow");
    ovp_work_free(&ws);
}

Test(linalg, clustered_spectrum_never_writes_past_the_requested_values)
{
    /* A multiple of the identity: every eigenvalue ties with λ_min, which makes
     * dstebz use LAPACK's n-long W as scratch. The caller's buffer holds one
     * value; the guard words around it must survive. */
    const size_t n = 16;
    ovp_mat A;
    cr_assert_eq(ovp_mat_alloc(n, n, &A), OVP_OK);
    for (size_t i = 0; i < n; i++)
        OVP_AT(&A, i, i) = 2.0;
    double buf[3] = {-7.0, 0.0, -7.0};
    ovp_work ws = {0};
    cr_assert_eq(ovp_linalg_eig_min(&A, &buf[1], &ws), OVP_OK);
    cr_assert(buf[0] == -7.0 && buf[2] == -7.0, "the eigen-solver wrote outside its output");
    cr_assert(fabs(buf[1] - 2.0) < EIG_TOL);
    for (size_t i = 0; i < n; i++)
        OVP_AT(&A, i, i) = 0.0;
    cr_assert_eq(ovp_linalg_eig_max(&A, &buf[1], &ws), OVP_OK);
    cr_assert(buf[0] == -7.0 && buf[2] == -7.0 && buf[1] == 0.0);
    ovp_mat_free(&A);
    ovp_work_free(&ws);
}

Test(linalg, gemm_computes_transposed_products_and_refuses_bad_shapes)
{
    /* A = [[1, 2], [3, 4], [5, 6]] (3×2): AᵀA = [[35, 44], [44, 56]] */
    double a[6] = {1, 2, 3, 4, 5, 6}, c[4] = {1, 1, 1, 1}, bad[9];
    ovp_mat A = ovp_mat_view(a, 3, 2), C = ovp_mat_view(c, 2, 2), B = ovp_mat_view(bad, 3, 3);
    cr_assert_eq(ovp_linalg_gemm(1.0, &A, 1, &A, 0, -1.0, &C), OVP_OK);
    cr_assert(c[0] == 34 && c[1] == 43 && c[2] == 43 && c[3] == 55, "AᵀA − 1: %g %g %g %g", c[0], c[1], c[2], c[3]);
    cr_assert_eq(ovp_linalg_gemm(1.0, &A, 0, &A, 0, 0.0, &C), OVP_EINVAL, "3×2 by 3×2");
    cr_assert_eq(ovp_linalg_gemm(1.0, &A, 0, &A, 1, 0.0, &C), OVP_EINVAL, "AAᵀ is 3×3, not 2×2");
    cr_assert_eq(ovp_linalg_gemm(1.0, &A, 0, &A, 1, 0.0, &B), OVP_OK);
    cr_assert(bad[4] == 25, "(AAᵀ)_22 = 3·3 + 4·4");
}

Test(linalg, eig_end_gives_either_end_and_nan_on_failure)
{
    gsl_rng *r = test_rng("eigend");
    const size_t n = 10;
    double spec[10];
    for (size_t i = 0; i < n; i++)
        spec[i] = -1.0 + 0.25 * (double)i;
    ovp_mat A, B;
    cr_assert_eq(ovp_mat_alloc(n, n, &A), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &B), OVP_OK);
    known_spectrum(&A, spec, r);
    ovp_work ws = {0};
    double lo, hi, bad = 0;
    cr_assert_eq(ovp_mat_copy(&A, &B), OVP_OK);
    cr_assert_eq(ovp_linalg_eig_end(&B, 0, &ws, &lo), OVP_OK);
    cr_assert_eq(ovp_mat_copy(&A, &B), OVP_OK);
    cr_assert_eq(ovp_linalg_eig_end(&B, 1, &ws, &hi), OVP_OK);
    cr_assert(fabs(lo - spec[0]) < EIG_TOL && fabs(hi - spec[n - 1]) < EIG_TOL, "%.17g %.17g", lo, hi);
    ovp_mat R = ovp_mat_view(A.data, n, n - 1); /* not square: refused */
    cr_assert_eq(ovp_linalg_eig_end(&R, 1, &ws, &bad), OVP_EINVAL);
    cr_assert(isnan(bad));
    ovp_mat_free(&A);
    ovp_mat_free(&B);
    ovp_work_free(&ws);
    gsl_rng_free(r);
}

Test(linalg, zero_floor_is_weyl_with_gamma_len_plus_two)
{
    const double u = DBL_EPSILON / 2;
    /* n (γ_{len+2} + u) |λ_max|: n = 10, len = 98, λ_max = −4 */
    double want = 10.0 * (100 * u / (1 - 100 * u) + u) * 4.0;
    cr_assert(fabs(ovp_linalg_zero_floor(10, 98, -4.0) - want) <= 1e-15 * want);
    cr_assert_eq(ovp_linalg_zero_floor(10, 98, 0.0), 0.0);
    cr_assert(ovp_linalg_zero_floor(20, 98, 1.0) > ovp_linalg_zero_floor(10, 98, 1.0));
    cr_assert(ovp_linalg_zero_floor(10, 198, 1.0) > ovp_linalg_zero_floor(10, 98, 1.0));
}
