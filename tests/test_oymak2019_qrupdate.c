/* tests/test_oymak2019_qrupdate.c: the Theorem 2 sweep's σ(Φ) from the triangular factor grown
 * across nested widths (kernels/numerics/qrupdate.h) against dgesdd of the whole prefix, the
 * certified ends of σ(R) (ovp_qrupdate_sigma_ends) against them, and the rank test on a
 * rank-deficient prefix (a negative control). */
#include "config.h"
#include "linalg.h"
#include "mat.h"
#include "net1.h"
#include "oymak2019_internal.h"
#include "qrupdate.h"
#include "rng.h"
#include "status.h"
#include "testutil.h"
#include "theorems/oymak2019.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Φ = relu(G), G iid N(0,1): kmax×n column-major (ld kmax), the sweep's layout (rows: neurons). */
static void relu_features(double *Phi, size_t kmax, size_t n, gsl_rng *g)
{
    for (size_t q = 0; q < kmax * n; q++)
        Phi[q] = fmax(0.0, gsl_ran_gaussian_ziggurat(g, 1.0));
}

/* The certified ends of σ(R) against dgesdd's σ of Φ(k) (s_a, descending): each enclosure holds
 * dgesdd's value to within tol (the QR's backward error, as in check_widths), each estimate lies
 * in its enclosure, and with budget 0 the certificate is complete. Returns it. */
static ovp_qrupdate_ends check_ends(const double *R, size_t n, const double *s_a, double tol, ovp_work *ws)
{
    ovp_mat G, F;
    cr_assert_eq(ovp_mat_alloc(n, n, &G), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &F), OVP_OK);
    ovp_qrupdate_ends e;
    cr_assert_eq(ovp_qrupdate_sigma_ends(R, n, 0.0, &G, &F, ws, &e), OVP_OK);
    if (e.certified) {
        cr_assert(e.smin_lo <= e.smin && e.smin <= e.smin_hi && e.smax_lo <= e.smax && e.smax <= e.smax_hi);
        cr_assert(e.smin_lo - tol <= s_a[n - 1] && s_a[n - 1] <= e.smin_hi + tol,
                  "sigma_min %.17g not in [%.17g, %.17g]", s_a[n - 1], e.smin_lo, e.smin_hi);
        cr_assert(e.smax_lo - tol <= s_a[0] && s_a[0] <= e.smax_hi + tol, "sigma_max %.17g not in [%.17g, %.17g]",
                  s_a[0], e.smax_lo, e.smax_hi);
        cr_assert(e.half_width >= fmax(e.smin - e.smin_lo, e.smax_hi - e.smax));
    }
    ovp_mat_free(&G);
    ovp_mat_free(&F);
    return e;
}

/* For k = n, n + step, …, kmax: σ(R) after appending rows to R against dgesdd of Φ(1:k, :).
 * Bound: |σ_i(R) − σ_i(Φ(k))| ≤ (k + n)·ε·σ_max (both backward stable: each within c·k·n·u·‖Φ‖
 * by Weyl; the measured gap is ~1e-15 σ_max, so (k + n)·ε holds c ≥ 1 with room). Returns the
 * last width's σ_min/σ_max from R. */
static double check_widths(const double *Phi, size_t kmax, size_t n, size_t step, size_t *ends,
                           size_t *certified_full)
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
        if (ends) {
            ovp_qrupdate_ends e = check_ends(R, n, s_a, tol, &ws);
            (*ends)++;
            *certified_full += e.certified && e.smin_lo > oymak2019_rank_tol(k, n, e.smax_hi);
        }
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
    size_t ends = 0, full = 0;
    double ratio = check_widths(Phi, kmax, n, 7, &ends, &full); /* blocks of 7 rows; the first block is n rows */
    cr_assert_gt(ratio, oymak2019_rank_tol(kmax, n, 1.0), "full rank expected: sigma_min/sigma_max = %g", ratio);
    /* the certificate proves full rank at most widths (near k = n σ_min is ~1e-3 of σ_max) */
    cr_assert_geq(full, ends - 2, "full rank certified at %zu of %zu widths", full, ends);
    /* one block of all rows, and one row at a time, agree too */
    check_widths(Phi, kmax, n, kmax - n, NULL, NULL);
    check_widths(Phi, n + 40, n, 1, NULL, NULL);
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
    size_t ends = 0, full = 0;
    double ratio = check_widths(Phi, kmax, n, 10, &ends, &full);
    cr_assert_leq(ratio, oymak2019_rank_tol(kmax, n, 1.0), "rank deficiency not flagged: sigma_min/sigma_max = %g",
                  ratio);
    /* nor can the certificate prove full rank (the sweep then falls back to dgesdd) */
    cr_assert(ends == 21 && full == 0, "full rank certified at %zu of %zu widths", full, ends);
    gsl_rng_free(g);
    free(Phi);
}

/* The budget: a σ_min enclosure wider than it stops before λ_max (certified = 0, nothing claimed),
 * a generous one changes nothing. */
Test(oymak2019_qrupdate, sigma_ends_budget_stops_early)
{
    const size_t n = 40, k = 120;
    double *Phi = malloc(k * n * sizeof *Phi), *R = calloc(n * n, sizeof *R);
    gsl_rng *g = test_rng("oymak2019_qrupdate.budget");
    cr_assert(Phi && R && g);
    relu_features(Phi, k, n, g);
    ovp_work ws = {0};
    ovp_mat G, F;
    cr_assert_eq(ovp_mat_alloc(n, n, &G), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &F), OVP_OK);
    cr_assert_eq(ovp_qrupdate_append(R, n, Phi, k, k, &ws), OVP_OK);
    ovp_qrupdate_ends full, tight, loose;
    cr_assert_eq(ovp_qrupdate_sigma_ends(R, n, 0.0, &G, &F, &ws, &full), OVP_OK);
    cr_assert(full.certified && full.half_width > 0.0);
    cr_assert_eq(ovp_qrupdate_sigma_ends(R, n, 1e-300, &G, &F, &ws, &tight), OVP_OK);
    cr_assert(!tight.certified && isnan(tight.smax));
    cr_assert_eq(ovp_qrupdate_sigma_ends(R, n, 1.0, &G, &F, &ws, &loose), OVP_OK);
    cr_assert(loose.certified && loose.smin == full.smin && loose.smax == full.smax);
    ovp_mat_free(&G);
    ovp_mat_free(&F);
    ovp_work_free(&ws);
    gsl_rng_free(g);
    free(Phi);
    free(R);
}

/* The sweep task at n = 600 (≥ SIGMA_ENDS_MIN_N), one seed: every row's σ_min/√k and σ_max/√k
 * equals, bit for bit, either dgesdd's of the same R or ovp_qrupdate_sigma_ends' (recomputed
 * here from Φ = relu(W Xᵀ), W redrawn from the task's stream), both paths occur, and each
 * agrees with dgesdd of the whole prefix Φ(k) to (k + n)·ε·σ_max. */
Test(oymak2019_qrupdate, sweep_takes_certified_ends_only_where_they_agree_with_dgesdd)
{
    oymak2019_config c;
    cr_assert_eq(ovp_config_for_scale(&ovp_harness_oymak2019, "ci", 3, &c), OVP_OK);
    const double ratios[] = {1.0, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0};
    const size_t n = 600, nr = sizeof ratios / sizeof *ratios, kmax = 1800;
    c.parts = OYMAK2019_SWEEP;
    c.sweep_n[0] = (double)n;
    c.n_sweep = 1;
    c.seeds = 1;
    c.fit_gd_iters = 0;
    memcpy(c.ratios, ratios, sizeof ratios);
    c.n_ratios = nr;
    ovp_run r;
    void *state;
    size_t n_tasks;
    char err[256];
    ovp_run_init(&r, &oymak2019_paper, "ci", 1);
    cr_assert_eq(ovp_harness_oymak2019.setup(&r, &c, &state, &n_tasks, err, sizeof err), OVP_OK, "%s", err);
    cr_assert_eq(n_tasks, 1);
    ovp_task_out *out = ovp_task_out_new(0, ovp_harness_oymak2019.n_tables);
    cr_assert_eq(ovp_harness_oymak2019.task(state, 0, out), OVP_OK, "%s", out->error);
    /* Φᵀ (n×kmax) as the task builds it */
    const oymak2019_state *s = state;
    const ovp_mat *X = &s->sets[0].X;
    ovp_mat W, PhiT;
    cr_assert_eq(ovp_mat_alloc(kmax, X->cols, &W), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, kmax, &PhiT), OVP_OK);
    gsl_rng *g = ovp_rng_stream("oymak2019", "sweep n=600 seed=0", c.seed);
    cr_assert(g);
    ovp_rng_gaussian_mat(g, 1.0, &W);
    gsl_rng_free(g);
    cr_assert_eq(ovp_net1_features(OVP_ACT_RELU, X, &W, &PhiT), OVP_OK);
    double *R = calloc(n * n, sizeof *R), *S = malloc(n * kmax * sizeof *S), *sv = malloc(n * sizeof *sv);
    cr_assert(R && S && sv);
    ovp_mat G, F;
    cr_assert_eq(ovp_mat_alloc(n, n, &G), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n, n, &F), OVP_OK);
    ovp_work ws = {0};
    const char *row = out->tables[T_SWEEP].data;
    size_t done = 0, by_ends = 0, by_svd = 0;
    for (size_t j = 0; j < nr; j++) {
        const size_t k = (size_t)round(ratios[j] * (double)n);
        double cells[11];
        cr_assert(row && sscanf(row, "%lf,%lf,%lf,%lf,%lf,%lf", &cells[0], &cells[1], &cells[2], &cells[3], &cells[4],
                                &cells[5]) == 6, "row %zu", j);
        row = strchr(row, '\n');
        row = row ? row + 1 : NULL;
        cr_assert_eq((size_t)cells[1], k);
        const double rk = sqrt((double)k);
        /* dgesdd of the whole prefix Φ(k): the reference */
        for (size_t q = 0; q < n; q++)
            memcpy(S + q * k, &OVP_AT(&PhiT, q, 0), k * sizeof(double));
        ovp_mat P = {S, n, k, k};
        cr_assert_eq(ovp_linalg_svd_values(&P, sv, &ws), OVP_OK);
        const double tol = (double)(k + n) * DBL_EPSILON * sv[0], ref_min = sv[n - 1], ref_max = sv[0];
        cr_assert(fabs(cells[4] * rk - ref_min) <= tol && fabs(cells[5] * rk - ref_max) <= tol,
                  "k = %zu: %.17g, %.17g vs dgesdd %.17g, %.17g", k, cells[4] * rk, cells[5] * rk, ref_min, ref_max);
        /* the two paths on the same R, grown as the task grows it */
        cr_assert_eq(ovp_qrupdate_append(R, n, PhiT.data + done, k - done, kmax, &ws), OVP_OK);
        done = k;
        memcpy(S, R, n * n * sizeof(double));
        ovp_mat Rv = {S, n, n, n};
        cr_assert_eq(ovp_linalg_svd_values(&Rv, sv, &ws), OVP_OK);
        ovp_qrupdate_ends e;
        cr_assert_eq(ovp_qrupdate_sigma_ends(R, n, 0.0, &G, &F, &ws, &e), OVP_OK);
        const int svd = cells[4] == sv[n - 1] / rk && cells[5] == sv[0] / rk;
        const int ends = e.certified && cells[4] == e.smin / rk && cells[5] == e.smax / rk;
        cr_assert(svd || ends, "k = %zu: the row is neither path's", k);
        by_svd += svd && !ends;
        by_ends += ends && !svd;
    }
    cr_assert(by_svd >= 1 && by_ends >= 2, "dgesdd at %zu widths, certified ends at %zu", by_svd, by_ends);
    free(R);
    free(S);
    free(sv);
    ovp_work_free(&ws);
    ovp_mat_free(&W);
    ovp_mat_free(&PhiT);
    ovp_mat_free(&G);
    ovp_mat_free(&F);
    ovp_task_out_free(out);
    ovp_harness_oymak2019.free_state(state);
    ovp_run_free(&r);
}
