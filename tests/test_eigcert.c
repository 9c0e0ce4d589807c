/* tests/test_eigcert.c: certified λ_min / λ_max (eigcert.h) against dsyevr. */
#include "eigcert.h"
#include "gram.h"
#include "linalg.h"
#include "rng.h"
#include "status.h"
#include "testutil.h"

#include <cblas.h>
#include <criterion/criterion.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>

/* dsyevr's value of one end (A kept). */
static double dsyevr_end(const ovp_mat *A, int largest)
{
    ovp_mat B;
    ovp_work ws = {0};
    double v = NAN;
    cr_assert_eq(ovp_mat_alloc(A->rows, A->cols, &B), OVP_OK);
    cr_assert_eq(ovp_mat_copy(A, &B), OVP_OK);
    cr_assert_eq(largest ? ovp_linalg_eig_max(&B, &v, &ws) : ovp_linalg_eig_min(&B, &v, &ws), OVP_OK);
    ovp_work_free(&ws);
    ovp_mat_free(&B);
    return v;
}

/* Runs one end, asserts it agrees with dsyevr within the reported half-width
 * plus dsyevr's own backward error n·u·‖A‖₂ (LAPACK Users' Guide §4.7), and
 * that dsyevr's value lies in the enclosure widened by that error. */
static ovp_eigcert check_end(const ovp_mat *A, int largest, double norm2)
{
    ovp_mat F;
    ovp_work ws = {0};
    ovp_eigcert e;
    cr_assert_eq(ovp_mat_alloc(A->rows, A->cols, &F), OVP_OK);
    cr_assert_eq(largest ? ovp_eigcert_max(A, &F, &ws, &e) : ovp_eigcert_min(A, &F, &ws, &e), OVP_OK);
    double ref = dsyevr_end(A, largest), solver = (double)A->rows * DBL_EPSILON * norm2;
    cr_assert(e.lower <= e.value && e.value <= e.upper, "value %.17g outside [%.17g, %.17g]", e.value, e.lower,
              e.upper);
    cr_assert(fabs(e.value - ref) <= e.half_width + solver, "n=%zu %s: %.17g vs dsyevr %.17g (hw %.3g)", A->rows,
              largest ? "max" : "min", e.value, ref, e.half_width);
    cr_assert(e.lower - solver <= ref && ref <= e.upper + solver, "dsyevr %.17g outside [%.17g, %.17g]", ref,
              e.lower, e.upper);
    ovp_work_free(&ws);
    ovp_mat_free(&F);
    return e;
}

/* A = Q diag(spec) Qᵀ, Q orthogonal from the QR of a Gaussian matrix; upper triangle. */
static void known_spectrum(ovp_mat *A, const double *spec, gsl_rng *r)
{
    size_t n = A->rows;
    ovp_mat Q, QD;
    double *tau = malloc(n * sizeof *tau);
    cr_assert(tau);
    cr_assert_eq(ovp_mat_alloc(n, n, &Q), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &QD), OVP_OK);
    ovp_rng_gaussian_mat(r, 1.0, &Q);
    cr_assert_eq(LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, (int)n, (int)n, Q.data, (int)Q.ld, tau), 0);
    cr_assert_eq(LAPACKE_dorgqr(LAPACK_ROW_MAJOR, (int)n, (int)n, (int)n, Q.data, (int)Q.ld, tau), 0);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            OVP_AT(&QD, i, j) = OVP_AT(&Q, i, j) * spec[j];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)n, 1.0, QD.data, (int)QD.ld, Q.data,
                (int)Q.ld, 0.0, A->data, (int)A->ld);
    ovp_mat_symmetrize_upper(A);
    free(tau);
    ovp_mat_free(&Q);
    ovp_mat_free(&QD);
}

Test(eigcert, hinf_gram_matrices_agree_with_dsyevr)
{
    static const size_t ns[] = {50, 137, 300, 800};
    gsl_rng *r = test_rng("eigcert.hinf");
    for (size_t t = 0; t < sizeof ns / sizeof *ns; t++) {
        size_t n = ns[t], d = 10 + n / 20;
        ovp_mat X, K, H;
        cr_assert_eq(ovp_mat_alloc(n, d, &X), OVP_OK);
        cr_assert_eq(ovp_mat_alloc(n, n, &K), OVP_OK);
        cr_assert_eq(ovp_mat_alloc(n, n, &H), OVP_OK);
        ovp_rng_sphere_rows(r, &X);
        cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
        cr_assert_eq(ovp_gram_hinf(&X, &K, &H), OVP_OK);
        ovp_eigcert hi = check_end(&H, 1, dsyevr_end(&H, 1));
        ovp_eigcert lo = check_end(&H, 0, hi.value);
        cr_assert(lo.certified && hi.certified, "n=%zu: certified %d %d", n, lo.certified, hi.certified);
        /* H, H − σ₁I (σ₁ 1% below the first estimate), the certificate; a retry at most */
        cr_assert(lo.factorizations >= 3 && lo.factorizations <= 5, "%d", lo.factorizations);
        cr_assert_eq(hi.factorizations, 1);
        /* Tight: the enclosure is far below λ₀ itself. */
        cr_assert(lo.half_width < 1e-8 * lo.value, "n=%zu: half-width %.3g, lambda0 %.3g", n, lo.half_width,
                  lo.value);
        ovp_mat_free(&X), ovp_mat_free(&K), ovp_mat_free(&H);
    }
    gsl_rng_free(r);
}

Test(eigcert, plain_gram_xxt_agrees_with_dsyevr)
{
    gsl_rng *r = test_rng("eigcert.xxt");
    size_t n = 400, p = 600;
    ovp_mat X, G;
    cr_assert_eq(ovp_mat_alloc(n, p, &X), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &G), OVP_OK);
    ovp_rng_gaussian_mat(r, 1.0, &X);
    cr_assert_eq(ovp_gram_inner(&X, &G), OVP_OK);
    ovp_eigcert hi = check_end(&G, 1, dsyevr_end(&G, 1));
    ovp_eigcert lo = check_end(&G, 0, hi.value);
    cr_assert(lo.certified && hi.certified);
    ovp_mat_free(&X), ovp_mat_free(&G);
    gsl_rng_free(r);
}

/* λ_min ≈ 1e-10·λ_max, and a cluster λ₁ ≈ λ₂ (relative gap 1e-12) at the bottom. */
Test(eigcert, near_singular_and_clustered_spectra)
{
    gsl_rng *r = test_rng("eigcert.spectra");
    size_t n = 200;
    double *spec = malloc(n * sizeof *spec);
    ovp_mat A;
    cr_assert(spec);
    cr_assert_eq(ovp_mat_alloc(n, n, &A), OVP_OK);
    for (int kind = 0; kind < 2; kind++) {
        for (size_t i = 0; i < n; i++)
            spec[i] = 1.0 + (double)i / (double)n;
        spec[n - 1] = 10.0;
        if (kind == 0)
            spec[0] = 1e-9;
        else
            spec[0] = 0.5, spec[1] = 0.5 * (1 + 1e-12), spec[2] = 0.5 * (1 + 2e-12);
        known_spectrum(&A, spec, r);
        ovp_eigcert lo = check_end(&A, 0, 10.0), hi = check_end(&A, 1, 10.0);
        cr_assert(lo.certified && hi.certified, "kind %d: certified %d %d", kind, lo.certified, hi.certified);
        cr_assert(fabs(lo.value - spec[0]) <= lo.half_width + 1e-12, "kind %d: %.17g vs %.17g", kind, lo.value,
                  spec[0]);
        cr_assert(fabs(hi.value - 10.0) <= hi.half_width + 1e-12);
    }
    free(spec);
    ovp_mat_free(&A);
    gsl_rng_free(r);
}

/* An indefinite matrix: the first Cholesky fails, dsyevr answers, nothing certified. */
Test(eigcert, indefinite_matrix_falls_back_to_dsyevr)
{
    gsl_rng *r = test_rng("eigcert.indefinite");
    size_t n = 120;
    double spec[120];
    ovp_mat A, F;
    ovp_work ws = {0};
    ovp_eigcert e;
    for (size_t i = 0; i < n; i++)
        spec[i] = (double)i - 3.5;
    cr_assert_eq(ovp_mat_alloc(n, n, &A), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &F), OVP_OK);
    known_spectrum(&A, spec, r);
    cr_assert_eq(ovp_eigcert_min(&A, &F, &ws, &e), OVP_OK);
    cr_assert_eq(e.certified, 0);
    cr_assert_eq(e.factorizations, 1);
    cr_assert_eq(e.value, dsyevr_end(&A, 0), "fallback is dsyevr's value, bit for bit");
    cr_assert(fabs(e.value + 3.5) < 1e-10);
    cr_assert_eq(e.half_width, 0.0);
    cr_assert_eq(ovp_eigcert_min(&A, &(ovp_mat){0}, &ws, &e), OVP_EINVAL);
    ovp_work_free(&ws);
    ovp_mat_free(&A), ovp_mat_free(&F);
    gsl_rng_free(r);
}

/* Negative control: a shift just past the true end must not certify; one just inside must. */
Test(eigcert, a_wrong_candidate_fails_certification)
{
    gsl_rng *r = test_rng("eigcert.negative");
    size_t n = 150;
    double spec[150];
    ovp_mat A, F;
    for (size_t i = 0; i < n; i++)
        spec[i] = 0.25 + (double)i / 16.0;
    cr_assert_eq(ovp_mat_alloc(n, n, &A), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &F), OVP_OK);
    known_spectrum(&A, spec, r);
    double lo = dsyevr_end(&A, 0), hi = dsyevr_end(&A, 1), bound = 0.0;
    int ok = -1;
    cr_assert_eq(ovp_eigcert_check(&A, 0, lo + 1e-6, &F, &ok, &bound), OVP_OK);
    cr_assert_eq(ok, 0, "lambda_min >= %.17g must not certify (lambda_min = %.17g)", lo + 1e-6, lo);
    cr_assert(isnan(bound));
    cr_assert_eq(ovp_eigcert_check(&A, 1, hi - 1e-6, &F, &ok, &bound), OVP_OK);
    cr_assert_eq(ok, 0, "lambda_max <= %.17g must not certify", hi - 1e-6);
    cr_assert_eq(ovp_eigcert_check(&A, 0, lo - 1e-6, &F, &ok, &bound), OVP_OK);
    cr_assert(ok && bound < lo - 1e-6 && bound > lo - 2e-6, "ok %d bound %.17g", ok, bound);
    cr_assert_eq(ovp_eigcert_check(&A, 1, hi + 1e-6, &F, &ok, &bound), OVP_OK);
    cr_assert(ok && bound > hi + 1e-6 && bound < hi + 2e-6, "ok %d bound %.17g", ok, bound);
    ovp_mat_free(&A), ovp_mat_free(&F);
    gsl_rng_free(r);
}

/* Rank-deficient XXᵀ (p < n): λ_min is zero to within the rounding of the
 * products. Either the first Cholesky stops (dsyevr answers) or the
 * certified enclosure reaches down to that floor: never a certified λ_min > 0. */
Test(eigcert, singular_gram_is_never_certified_positive)
{
    gsl_rng *r = test_rng("eigcert.singular");
    size_t n = 150, p = 40;
    ovp_mat X, G, F;
    ovp_work ws = {0};
    ovp_eigcert e, top;
    cr_assert_eq(ovp_mat_alloc(n, p, &X), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &G), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &F), OVP_OK);
    ovp_rng_gaussian_mat(r, 1.0, &X);
    cr_assert_eq(ovp_gram_inner(&X, &G), OVP_OK);
    cr_assert_eq(ovp_eigcert_max(&G, &F, &ws, &top), OVP_OK);
    cr_assert_eq(ovp_eigcert_min(&G, &F, &ws, &e), OVP_OK);
    double floor = ovp_linalg_zero_floor(n, p, top.upper);
    cr_assert(e.lower <= floor, "certified %d: lower %.3g above the zero floor %.3g", e.certified, e.lower, floor);
    cr_assert(fabs(e.value) <= floor, "value %.3g, floor %.3g", e.value, floor);
    ovp_work_free(&ws);
    ovp_mat_free(&X), ovp_mat_free(&G), ovp_mat_free(&F);
    gsl_rng_free(r);
}
