/* tests/test_oymak2019_qrupdate.c: the Theorem 2 sweep's σ(Φ) from the triangular factor grown
 * across nested widths (kernels/numerics/qrupdate.h) against dgesdd of the whole prefix, and the
 * rank test on a rank-deficient prefix (a negative control). */
#include "linalg.h"
#include "oymak2019_internal.h"
#include "qrupdate.h"
#include "status.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <float.h>
#include <math.h>
#include <string.h>

/* Φ = relu(G), G iid N(0,1): kmax×n column-major (ld kmax), the sweep's layout (rows: neurons). */
static void relu_features(double *Phi, size_t kmax, size_t n, gsl_rng *g)
{
    for (size_t q = 0; q < kmax * n; q++)
        Phi[q] = fmax(0.0, gsl_ran_gaussian_ziggurat(g, 1.0));
}

/* For k = n, n + step, …, kmax: σ(R) after appending rows to R against dgesdd of Φ(1:k, :).
 * Bound: |σ_i(R) − σ_i(Φ(k))| ≤ (k + n)·ε·σ_max (both backward stable: each within c·k·n·u·‖Φ‖
 * by Weyl; the measured gap is ~1e-15 σ_max, so (k + n)·ε holds c ≥ 1 with room). Returns the
 * last width's σ_min/σ_max from R. */
static double check_widths(const double *Phi, size_t kmax, size_t n, size_t step)
{
    double *R = calloc(n * n, sizeof *R), *A = malloc(kmax * n * sizeof *A), *S = malloc(n * n * sizeof *S);
    double *s_r = malloc(n * sizeof *s_r), *s_a = malloc(n * sizeof *s_a), ratio = NAN;
    ovp_work ws = {0};
    cr_assert(R && A && S && s_r && s_a);
    size_t done = 0;
    for (size_t k = n; k <= kmax; k += step) {
        cr_assert_eq(ovp_qrupdate_append(R, n, Phi + done, k - done, kmax, &ws), OVP_OK);
        done = k;
        for (size_t j = 0; j < n; j++)
            memcpy(A + j * k, Phi + j * kmax, k * sizeof(double));
        memcpy(S, R, n * n * sizeof(double));
        ovp_mat vr = {S, n, n, n}, va = {A, n, k, k}; /* row-major views of the column-major R and Φ(k) */
        cr_assert_eq(ovp_linalg_svd_values(&vr, s_r, &ws), OVP_OK);
        cr_assert_eq(ovp_linalg_svd_values(&va, s_a, &ws), OVP_OK);
        const double tol = (double)(k + n) * DBL_EPSILON * s_a[0];
        for (size_t i = 0; i < n; i++)
            cr_assert_leq(fabs(s_r[i] - s_a[i]), tol, "k = %zu, sigma_%zu: %.17g vs %.17g (tol %.3g)", k, i,
                          s_r[i], s_a[i], tol);
        ratio = s_r[n - 1] / s_r[0];
    }
    ovp_work_free(&ws);
    free(R);
    free(A);
    free(S);
    free(s_r);
    free(s_a);
    return ratio;
}

Test(oymak2019_qrupdate, agrees_with_dgesdd_on_every_prefix)
{
    const size_t n = 70, kmax = 350;
    double *Phi = malloc(kmax * n * sizeof *Phi);
    gsl_rng *g = test_rng("oymak2019_qrupdate.agree");
    cr_assert(Phi && g);
    relu_features(Phi, kmax, n, g);
    double ratio = check_widths(Phi, kmax, n, 7); /* blocks of 7 rows; the first block is n rows */
    cr_assert_gt(ratio, oymak2019_rank_tol(kmax, n, 1.0), "full rank expected: sigma_min/sigma_max = %g", ratio);
    /* one block of all rows, and one row at a time, agree too */
    check_widths(Phi, kmax, n, kmax - n);
    check_widths(Phi, n + 40, n, 1);
    gsl_rng_free(g);
    free(Phi);
}

/* Negative control: two equal samples (columns of Φ) make every prefix rank n − 1; σ(R) still
 * agrees with dgesdd's, and the sweep's rank test (σ_min > max(k, n)·ε·σ_max) flags it. */
Test(oymak2019_qrupdate, duplicate_columns_fail_the_rank_test)
{
    const size_t n = 50, kmax = 250;
    double *Phi = malloc(kmax * n * sizeof *Phi);
    gsl_rng *g = test_rng("oymak2019_qrupdate.dup");
    cr_assert(Phi && g);
    relu_features(Phi, kmax, n, g);
    memcpy(Phi + 7 * kmax, Phi + 3 * kmax, kmax * sizeof(double)); /* sample 7 := sample 3 */
    double ratio = check_widths(Phi, kmax, n, 10);
    cr_assert_leq(ratio, oymak2019_rank_tol(kmax, n, 1.0), "rank deficiency not flagged: sigma_min/sigma_max = %g",
                  ratio);
    gsl_rng_free(g);
    free(Phi);
}
