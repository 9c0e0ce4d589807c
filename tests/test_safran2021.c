/* tests/test_safran2021.c: P4 pieces (certificate, merge up to permutation, the
 * split construction, the projection onto the global minima) and the harness's
 * claims on small instances, with the negative controls that must FAIL them. */
#include "config.h"
#include "linalg.h"
#include "poprelu_descent.h"
#include "rng.h"
#include "safran2021.h"
#include "safran2021_internal.h"
#include "safran2021_minima.h"
#include "status.h"
#include "testutil.h"
#include "theorems/safran2021.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void identity(size_t n, ovp_mat *V) { cr_assert_eq(safran2021_identity(n, V), OVP_OK); }

/* A certified spurious minimum of the n = 8, k = 8 problem: GD + Newton from
 * seeded starts until one ends spurious (about one run in six does). */
static void find_spurious(ovp_mat *V, ovp_mat *W)
{
    const size_t n = 8;
    identity(n, V);
    cr_assert_eq(ovp_mat_alloc(n, n, W), OVP_OK);
    ovp_mat W0, H;
    cr_assert_eq(ovp_mat_alloc(n, n, &W0), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(n * n, n * n, &H), OVP_OK);
    ovp_poprelu p;
    cr_assert_eq(ovp_poprelu_alloc(n, V, &p), OVP_OK);
    ovp_poprelu_descent_work dw;
    cr_assert_eq(ovp_poprelu_descent_work_alloc(n, n, &dw), OVP_OK);
    ovp_work ws = {0};
    gsl_rng *r = test_rng("spurious");
    ovp_poprelu_descent_opts o = {.step = 5.0 / n, .max_halvings = 4, .max_iters = 100000, .f_stop = 1e-3,
                          .newton_switch = 1e-1, .max_newton = 12, .grad_tol = SAFRAN_GRAD_TOL};
    safran2021_class cls = SAFRAN_GLOBAL;
    for (int run = 0; run < 200 && cls != SAFRAN_SPURIOUS; run++) {
        ovp_rng_gaussian_mat(r, 1.0 / sqrt((double)n), &W0);
        ovp_poprelu_descent_result res;
        double F, gn;
        cr_assert_eq(ovp_poprelu_descent_run(&p, &W0, W, &o, &dw, &res), OVP_OK);
        cr_assert_eq(safran2021_certify(&p, W, &dw.G, &H, &ws, &cls, &F, &gn), OVP_OK);
    }
    cr_assert_eq(cls, SAFRAN_SPURIOUS, "no spurious minimum in 200 runs at n = 8");
    gsl_rng_free(r);
    ovp_mat_free(&W0);
    ovp_mat_free(&H);
    ovp_poprelu_free(&p);
    ovp_poprelu_descent_work_free(&dw);
    ovp_work_free(&ws);
}

static safran2021_class certify(const ovp_mat *V, const ovp_mat *W, double *F, double *gn)
{
    size_t k = W->rows, d = W->cols;
    ovp_mat G, H;
    cr_assert_eq(ovp_mat_alloc(k, d, &G), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(k * d, k * d, &H), OVP_OK);
    ovp_poprelu p;
    cr_assert_eq(ovp_poprelu_alloc(k, V, &p), OVP_OK);
    ovp_work ws = {0};
    safran2021_class cls;
    cr_assert_eq(safran2021_certify(&p, W, &G, &H, &ws, &cls, F, gn), OVP_OK);
    ovp_mat_free(&G);
    ovp_mat_free(&H);
    ovp_poprelu_free(&p);
    ovp_work_free(&ws);
    return cls;
}

Test(safran2021_minima, certificate_accepts_a_minimum_and_refuses_a_non_stationary_point)
{
    ovp_mat V, W;
    find_spurious(&V, &W);
    double F, gn;
    cr_assert_eq(certify(&V, &W, &F, &gn), SAFRAN_SPURIOUS);
    cr_assert(F >= safran2018_spurious_loss() && gn <= SAFRAN_GRAD_TOL);
    OVP_AT(&W, 0, 0) += 1e-6; /* no longer stationary: ‖∇F‖ ~ 1e-7 */
    cr_assert_eq(certify(&V, &W, &F, &gn), SAFRAN_UNRESOLVED, "a non-stationary point must be refused");
    cr_assert(gn > SAFRAN_GRAD_TOL);
    cr_assert_eq(certify(&V, &V, &F, &gn), SAFRAN_GLOBAL);
    ovp_mat_free(&V);
    ovp_mat_free(&W);
}

Test(safran2021_minima, newton_finish_lands_where_long_gd_does)
{
    /* GD alone, run 20 times longer than the Newton switch, reaches the same minimum. */
    ovp_mat V, W;
    find_spurious(&V, &W);
    ovp_poprelu p;
    cr_assert_eq(ovp_poprelu_alloc(8, &V, &p), OVP_OK);
    ovp_mat G, Wg;
    cr_assert_eq(ovp_mat_alloc(8, 8, &G), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(8, 8, &Wg), OVP_OK);
    /* start GD a little off the minimum (in its basin) and let it crawl back */
    gsl_rng *r = test_rng("crawl");
    ovp_rng_gaussian_mat(r, 1e-3, &Wg);
    gsl_rng_free(r);
    for (size_t c = 0; c < 64; c++)
        Wg.data[c] += W.data[c];
    double F;
    for (int it = 0; it < 40000; it++) {
        cr_assert_eq(ovp_poprelu_eval(&p, &Wg, &F, &G, NULL), OVP_OK);
        for (size_t c = 0; c < 64; c++)
            Wg.data[c] -= (5.0 / 8) * G.data[c];
    }
    cr_assert(safran2021_same_up_to_permutation(&W, &Wg, 1e-6), "GD crawled to another point");
    ovp_poprelu_free(&p);
    ovp_mat_free(&G);
    ovp_mat_free(&Wg);
    ovp_mat_free(&V);
    ovp_mat_free(&W);
}

Test(safran2021_minima, merge_up_to_permutation_on_a_hand_made_case)
{
    double a[] = {1, 2, 3, 4, 5, 6}, b[] = {5, 6 + 1e-8, 1, 2, 3 - 1e-8, 4}, c[] = {5, 6, 1, 2, 3, 4.001};
    double dup[] = {1, 1, 1, 1, 2, 2}, dup2[] = {1, 1, 2, 2, 2, 2};
    ovp_mat A = ovp_mat_view(a, 3, 2), B = ovp_mat_view(b, 3, 2), C = ovp_mat_view(c, 3, 2);
    ovp_mat D1 = ovp_mat_view(dup, 3, 2), D2 = ovp_mat_view(dup2, 3, 2);
    cr_assert(safran2021_same_up_to_permutation(&A, &B, SAFRAN_MERGE_TOL));
    cr_assert(!safran2021_same_up_to_permutation(&A, &C, SAFRAN_MERGE_TOL));
    cr_assert(!safran2021_same_up_to_permutation(&D1, &D2, SAFRAN_MERGE_TOL), "multiplicities must match");
    safran2021_minima m;
    safran2021_minima_init(&m, 3, 2);
    size_t id;
    int is_new;
    cr_assert_eq(safran2021_minima_add(&m, &B, 0.5, &id, &is_new), OVP_OK);
    cr_assert(is_new && id == 0);
    cr_assert_eq(safran2021_minima_add(&m, &A, 0.5, &id, &is_new), OVP_OK);
    cr_assert(!is_new && id == 0 && m.hits[0] == 2);
    cr_assert_eq(safran2021_minima_add(&m, &C, 0.5, &id, &is_new), OVP_OK);
    cr_assert(is_new && id == 1 && m.count == 2);
    /* C's entries are a multiset apart from A's: another orbit; A with its two
     * columns swapped (a coordinate permutation) is the same orbit. */
    double ac[] = {2, 1, 4, 3, 6, 5};
    ovp_mat AC = ovp_mat_view(ac, 3, 2);
    cr_assert_eq(safran2021_minima_add(&m, &AC, 0.5, &id, &is_new), OVP_OK);
    cr_assert(is_new && m.count == 3);
    cr_assert_eq(safran2021_minima_orbits(&m), 2);
    ovp_mat P = safran2021_minima_point(&m, 0); /* canonical: rows sorted */
    cr_assert(OVP_AT(&P, 0, 0) == 1 && fabs(OVP_AT(&P, 1, 0) - 3) < 1e-7 && OVP_AT(&P, 2, 0) == 5);
    safran2021_minima_free(&m);
}

Test(safran2021_split, split_preserves_F_and_criticality_and_the_curvature_formula)
{
    ovp_mat V, W;
    find_spurious(&V, &W);
    safran2021_split_report r;
    cr_assert_eq(safran2021_split_analysis(&V, &W, 0.5, &r), OVP_OK);
    cr_assert(r.max_split_F_gap <= SAFRAN_SPLIT_TOL, "F gap %.3g", r.max_split_F_gap);
    cr_assert(r.max_split_grad <= 2 * SAFRAN_GRAD_TOL, "split gradient %.3g", r.max_split_grad);
    cr_assert(r.max_curvature_gap <= SAFRAN_CURVATURE_TOL, "curvature gap %.3g", r.max_curvature_gap);
    cr_assert(r.saddle && r.best_quadform < 0, "a spurious minimum should split into a saddle");
    /* P4.d's own measurement: λ_min of the whole split Hessian, below the Rayleigh
     * quotient of the construction's direction z (‖z‖² = 2) */
    cr_assert(r.best_split_lambda < -SAFRAN_CURVATURE_TOL, "split lambda_min %.3g", r.best_split_lambda);
    cr_assert(r.best_split_lambda <= r.best_quadform / 2 + 1e-12, "lambda_min %.6g above z'Hz/|z|^2 = %.6g",
              r.best_split_lambda, r.best_quadform / 2);
    cr_assert(r.grad_norm <= SAFRAN_GRAD_TOL);
    cr_assert_eq(safran2021_split_analysis(&V, &W, 0.3, &r), OVP_OK); /* any a in (0, 1) */
    cr_assert(r.max_curvature_gap <= SAFRAN_CURVATURE_TOL && r.saddle);
    /* a outside (0, 1) is not a split: F changes and the formula is wrong */
    cr_assert_eq(safran2021_split_analysis(&V, &W, 1.5, &r), OVP_OK);
    cr_assert(r.max_split_F_gap > 1e3 * SAFRAN_SPLIT_TOL && r.max_curvature_gap > 1e3 * SAFRAN_CURVATURE_TOL);
    ovp_mat_free(&V);
    ovp_mat_free(&W);
}

Test(safran2021_split, global_minimum_does_not_split_into_a_saddle)
{
    ovp_mat V;
    identity(5, &V);
    safran2021_split_report r;
    cr_assert_eq(safran2021_split_analysis(&V, &V, 0.5, &r), OVP_OK);
    cr_assert(!r.saddle && r.negative_blocks == 0, "H'_ii = 0 at W = V");
    /* the split of a global minimum is a minimum: lambda_min = 0 (the split family is flat) */
    cr_assert(fabs(r.best_split_lambda) < 1e-12, "split lambda_min %.3g", r.best_split_lambda);
    ovp_mat_free(&V);
}

Test(safran2021_minima, projection_onto_the_split_family)
{
    ovp_mat V, W, P;
    identity(3, &V);
    cr_assert_eq(ovp_mat_alloc(4, 3, &W), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(4, 3, &P), OVP_OK);
    for (size_t j = 0; j < 3; j++)
        OVP_AT(&W, j, j) = 1.0;
    OVP_AT(&W, 1, 1) = 0.7, OVP_AT(&W, 3, 1) = 0.3;   /* v_1 split 0.7 / 0.3 */
    OVP_AT(&W, 1, 2) = 1e-3, OVP_AT(&W, 3, 2) = -1e-3; /* the halves turned apart */
    double dist = safran2021_project_split_family(&V, &W, &P);
    cr_assert_float_eq(dist, sqrt(2e-6), 1e-15);
    cr_assert_float_eq(OVP_AT(&P, 1, 1), 0.7, 1e-15);
    cr_assert_float_eq(OVP_AT(&P, 3, 1), 0.3, 1e-15);
    OVP_AT(&W, 3, 1) = -0.3; /* the extra neuron points away: nearest is a = 0, the zero neuron */
    OVP_AT(&W, 1, 1) = 1.0;
    safran2021_project_split_family(&V, &W, &P);
    for (size_t a = 0; a < 3; a++)
        cr_assert_eq(OVP_AT(&P, 3, a), 0.0);
    ovp_mat_free(&V);
    ovp_mat_free(&W);
    ovp_mat_free(&P);
}

Test(safran2021_minima, projection_onto_the_split_family_with_two_and_three_extras)
{
    /* k = n + 2: v_0 and v_2 split between (0, 3) and (2, 4); each pair projects on its own */
    ovp_mat V, W, P;
    identity(3, &V);
    cr_assert_eq(ovp_mat_alloc(5, 3, &W), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(5, 3, &P), OVP_OK);
    for (size_t j = 0; j < 3; j++)
        OVP_AT(&W, j, j) = 1.0;
    OVP_AT(&W, 0, 0) = 0.6, OVP_AT(&W, 3, 0) = 0.4;
    OVP_AT(&W, 2, 2) = 0.5, OVP_AT(&W, 4, 2) = 0.5;
    OVP_AT(&W, 0, 1) = 1e-3, OVP_AT(&W, 3, 1) = -1e-3; /* v_0's halves turned apart */
    double dist = safran2021_project_split_family(&V, &W, &P);
    cr_assert_float_eq(dist, sqrt(2e-6), 1e-15);
    cr_assert_float_eq(OVP_AT(&P, 0, 0), 0.6, 1e-15);
    cr_assert_float_eq(OVP_AT(&P, 3, 0), 0.4, 1e-15);
    cr_assert_float_eq(OVP_AT(&P, 4, 2), 0.5, 1e-15);
    cr_assert_float_eq(OVP_AT(&P, 0, 1), 0.0, 0.0);
    ovp_mat_free(&W);
    ovp_mat_free(&P);
    /* k = n + 3 and the zero extra: (0, 3), (1, 4) split, student 5 zero */
    cr_assert_eq(ovp_mat_alloc(6, 3, &W), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(6, 3, &P), OVP_OK);
    for (size_t j = 0; j < 3; j++)
        OVP_AT(&W, j, j) = 1.0;
    OVP_AT(&W, 0, 0) = OVP_AT(&W, 3, 0) = 0.5;
    OVP_AT(&W, 1, 1) = OVP_AT(&W, 4, 1) = 0.5;
    OVP_AT(&W, 5, 0) = -2e-3; /* points away from every teacher: nearest is a = 0 */
    OVP_AT(&W, 5, 1) = -1e-3;
    dist = safran2021_project_split_family(&V, &W, &P);
    cr_assert_float_eq(dist, sqrt(5e-6), 1e-15);
    for (size_t a = 0; a < 3; a++)
        cr_assert_eq(OVP_AT(&P, 5, a), 0.0);
    cr_assert_float_eq(OVP_AT(&P, 4, 1), 0.5, 1e-15);
    ovp_mat_free(&V);
    ovp_mat_free(&W);
    ovp_mat_free(&P);
}

Test(safran2021_minima, orthonormality_gap)
{
    ovp_mat V;
    identity(4, &V);
    cr_assert_eq(safran2021_orthonormality_gap(&V), 0.0);
    OVP_AT(&V, 1, 1) = 0.0, OVP_AT(&V, 1, 0) = 2.0; /* v_1 = 2 v_0 */
    cr_assert_float_eq(safran2021_orthonormality_gap(&V), 3.0, 1e-15);
    ovp_mat_free(&V);
}

Test(safran2021_minima, excess_quadrature_converges_along_the_split_sequence)
{
    /* F − F* ~ ε³ at ε = 1e-4: 16 and 32 nodes agree to the integrand's rounding,
     * |δ∇F|·‖Δ‖ ≈ 1e-15 · 1.4e-4, i.e. ~1e-6 of F − F* ≈ 4e-13. */
    ovp_mat V, W0, W, Wt, G;
    identity(4, &V);
    cr_assert_eq(ovp_mat_alloc(5, 4, &W0), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(5, 4, &W), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(5, 4, &Wt), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(5, 4, &G), OVP_OK);
    for (size_t j = 0; j < 4; j++)
        OVP_AT(&W0, j, j) = 1.0;
    OVP_AT(&W0, 0, 0) = OVP_AT(&W0, 4, 0) = 0.5;
    cr_assert_eq(ovp_mat_copy(&W0, &W), OVP_OK);
    OVP_AT(&W, 0, 1) = 1e-4, OVP_AT(&W, 4, 1) = -1e-4;
    ovp_poprelu p;
    cr_assert_eq(ovp_poprelu_alloc(5, &V, &p), OVP_OK);
    gsl_integration_glfixed_table *t16 = gsl_integration_glfixed_table_alloc(16);
    gsl_integration_glfixed_table *t32 = gsl_integration_glfixed_table_alloc(32);
    double e16, e32;
    cr_assert_eq(ovp_poprelu_excess(&p, &W0, &W, t16, &Wt, &G, &e16), OVP_OK);
    cr_assert_eq(ovp_poprelu_excess(&p, &W0, &W, t32, &Wt, &G, &e32), OVP_OK);
    cr_assert(e16 > 0 && fabs(e16 - e32) < 1e-6 * e32, "16 nodes %.17g, 32 nodes %.17g", e16, e32);
    cr_assert(e16 < 1e-11, "F - F* = %.3g should be O(eps^3)", e16);
    gsl_integration_glfixed_table_free(t16);
    gsl_integration_glfixed_table_free(t32);
    ovp_poprelu_free(&p);
    ovp_mat *ms[] = {&V, &W0, &W, &Wt, &G};
    for (int i = 0; i < 5; i++)
        ovp_mat_free(ms[i]);
}

/* ---------------------------------------------------------------- harness */

static safran2021_config small_config(void)
{
    safran2021_config c;
    cr_assert_eq(ovp_config_for_scale(&ovp_harness_safran2021, "ci", 3, &c), OVP_OK);
    c.n_min = 7, c.n_max = 8, c.extra_max = 1, c.runs = 120;
    c.local_n[0] = 4, c.n_local = 1;
    c.random_teachers = 3, c.eps_points = 6, c.directions = 60;
    return c;
}

static void run(const safran2021_config *c, ovp_run *r) { test_run_harness(&ovp_harness_safran2021, c, 2, r); }

static const ovp_claim *find(const ovp_run *r, const char *id, const char *scope)
{
    const ovp_claim *cl = ovp_run_find_claim(r, id, scope);
    cr_assert_not_null(cl, "no record %s %s", id, scope);
    return cl;
}

Test(safran2021_claims, all_hold_on_a_small_instance)
{
    safran2021_config c = small_config();
    ovp_run r;
    run(&c, &r);
    const char *ids[] = {"P4.a", "P4.b", "P4.b.PL", "P4.b.OP", "P4.b.kn.PL", "P4.b.kn.OP", "P4.c",
                         "P4.d", "P4.d.crit", "P4.d.curv", "P4.d.cond", "P4.d.common", "P4.d.grow", "P4.d.fewer"};
    for (size_t k = 0; k < sizeof ids / sizeof *ids; k++)
        cr_assert_eq(test_verdict_of(&r, ids[k]), OVP_PASS, "%s should hold", ids[k]);
    cr_assert(!isnan(ovp_run_get_quantity(&r, "spurious_rate_n8_k8")));
    /* P4.P21 counts the first min(runs, runs_2021) runs of the k = n cell: all 120 here, so
     * its rate is the table's */
    cr_assert_eq(ovp_run_get_quantity(&r, "nonglobal_rate_2021_n8"), ovp_run_get_quantity(&r, "spurious_rate_n8_k8"));
    /* P4.P21 is evaluated here, but 120 runs at n = 7 vs 8 cannot separate the intervals
     * (about 5% vs 14%: hi(7) ~ lo(8)); it passes at ci (500 runs, n = 6 vs 8) and on the
     * planted rising rates below */
    const ovp_claim *p21 = find(&r, "P4.P21", "n=8 vs n=7");
    cr_assert(p21->verdict != OVP_SKIP && p21->regime == OVP_REGIME_EMPIRICAL, "%s", p21->note);
    cr_assert(!isnan(ovp_run_get_quantity(&r, "hess_min_at_global_n7")));
    /* the records the negative controls below must fail are hypotheses-met here */
    const char *met[][2] = {{"P4.a", "n=7 V=I"}, {"P4.a", "n=8 V=I"}, {"P4.d", "n=7 k=n"}, {"P4.d", "n=8 k=n"},
                            {"P4.d.crit", "n=8 k=n"}, {"P4.d.crit", "n=8 k=n F"}, {"P4.d.curv", "n=8 k=n"},
                            {"P4.b", "n=4 k=n+1"}};
    for (size_t i = 0; i < sizeof met / sizeof *met; i++) {
        const ovp_claim *cl = find(&r, met[i][0], met[i][1]);
        cr_assert_eq(cl->regime, OVP_REGIME_MET, "%s %s should be hypotheses-met: %s", met[i][0], met[i][1],
                     cl->note);
        cr_assert_eq(cl->verdict, OVP_PASS);
    }
    /* the ratio claims' floors are operationalisations, not the theorem's: empirical on every
     * instance (their controls below still fail them) */
    const char *emp[][2] = {{"P4.b.PL", "n=4 k=n+1"}, {"P4.b.OP", "n=4 k=n+1"}, {"P4.b.kn.PL", "n=4 k=n"},
                            {"P4.b.kn.OP", "n=4 k=n"}};
    for (size_t i = 0; i < sizeof emp / sizeof *emp; i++) {
        const ovp_claim *cl = find(&r, emp[i][0], emp[i][1]);
        cr_assert_eq(cl->regime, OVP_REGIME_EMPIRICAL, "%s %s: %s", emp[i][0], emp[i][1], cl->note);
        cr_assert(strstr(cl->note, "operationalisation"), "%s %s says why: %s", emp[i][0], emp[i][1], cl->note);
    }
    ovp_run_free(&r);
}

Test(safran2021_claims, landscape_claims_hold_at_k_n_plus_2_and_n_plus_3)
{
    /* "any amount of over-parameterization": P4.b, P4.b.PL and P4.b.OP at k = n + 2 and
     * n + 3, P4.b hypotheses-met, the ratio claims empirical, with P4.c at k = n + 1 only */
    safran2021_config c = small_config();
    c.runs = 5;
    ovp_run r;
    run(&c, &r);
    const char *ids[] = {"P4.b", "P4.b.PL", "P4.b.OP"}, *scopes[] = {"n=4 k=n+1", "n=4 k=n+2", "n=4 k=n+3"};
    for (size_t s = 0; s < 3; s++)
        for (size_t i = 0; i < 3; i++) {
            const ovp_claim *cl = find(&r, ids[i], scopes[s]);
            cr_assert_eq(cl->verdict, OVP_PASS, "%s %s: %s", ids[i], scopes[s], cl->note);
            cr_assert_eq(cl->regime, i == 0 ? OVP_REGIME_MET : OVP_REGIME_EMPIRICAL, "%s %s", ids[i], scopes[s]);
        }
    /* O(1) negative curvature at every distance, both ratios down by eps_max/eps_min */
    cr_assert(find(&r, "P4.b", "n=4 k=n+3")->observed < -1e-2);
    cr_assert(ovp_run_get_quantity(&r, "pl_ratio_at_eps_min_n4_k6") < 1e-3);
    cr_assert(ovp_run_get_quantity(&r, "one_point_ratio_at_eps_min_n4_k7") < 1e-3);
    cr_assert_not_null(find(&r, "P4.c", "n=4 k=n+1"));
    cr_assert_null(ovp_run_find_claim(&r, "P4.c", "n=4 k=n+2"));
    ovp_run_free(&r);
}

/* The first of the listed claims that did not FAIL on control c (NULL: all failed). */
#define FIRST_NOT_FAILING(c, ...)                                                                  \
    test_first_not_failing(&ovp_harness_safran2021, c, 2, (const char *const[]){__VA_ARGS__, NULL})

Test(safran2021_claims, strong_convexity_fails_for_a_teacher_with_parallel_neurons)
{
    safran2021_config c = small_config();
    c.runs = 5, c.parallel_teacher = 1; /* v_1 = 2 v_0: W = V is not an isolated minimum */
    const char *held = FIRST_NOT_FAILING(&c, "P4.a");
    cr_assert(held == NULL, "%s must FAIL on this control", held);
    /* the record that is hypotheses-met on V = I fails too: planted on V = I the teacher is
     * no longer orthonormal (the regime says so) and (e_0, -e_0) on students 0, 1 is flat */
    ovp_run r;
    run(&c, &r);
    for (int n = 7; n <= 8; n++) {
        char scope[32];
        snprintf(scope, sizeof scope, "n=%d V=I", n);
        const ovp_claim *cl = find(&r, "P4.a", scope);
        cr_assert_eq(cl->verdict, OVP_FAIL, "P4.a %s must FAIL on this control (observed %.3g)", scope,
                     cl->observed);
        cr_assert(fabs(cl->observed) < 1e-12, "lambda_min = %.3g, should be 0 up to rounding", cl->observed);
        cr_assert_eq(cl->regime, OVP_REGIME_EMPIRICAL);
        cr_assert(strstr(cl->note, "not orthonormal") && strstr(cl->note, "planted"), "note: %s", cl->note);
    }
    ovp_run_free(&r);
}

Test(safran2021_claims, non_local_convexity_is_not_confirmed_at_k_equal_n)
{
    safran2021_config c = small_config();
    c.runs = 5, c.local_extra = c.local_extra_max = 0; /* the "over-parameterized" task at k = n */
    const char *held = FIRST_NOT_FAILING(&c, "P4.b", "P4.b.PL", "P4.b.OP");
    cr_assert(held == NULL, "%s must FAIL on this control", held);
}

Test(safran2021_claims, one_point_fraction_fails_near_a_spurious_minimum)
{
    safran2021_config c = small_config();
    c.runs = 5, c.local_extra = c.local_extra_max = 0, c.spurious_base = 1; /* near a spurious min, k = n = 8 */
    c.local_n[0] = 8;
    const char *held = FIRST_NOT_FAILING(&c, "P4.c");
    cr_assert(held == NULL, "%s must FAIL on this control", held);
}

Test(safran2021_claims, contrast_fails_when_over_parameterized)
{
    safran2021_config c = small_config();
    c.runs = 5, c.contrast_extra = 1; /* the k = n contrast run at k = n + 1 */
    const char *held = FIRST_NOT_FAILING(&c, "P4.b.kn.PL", "P4.b.kn.OP");
    cr_assert(held == NULL, "%s must FAIL on this control", held);
}

Test(safran2021_claims, split_claims_fail_on_the_global_minimum_and_outside_the_split_range)
{
    safran2021_config c = small_config();
    c.split_teacher_min = 1; /* W = V: H'_ii = 0, no saddle */
    const char *held = FIRST_NOT_FAILING(&c, "P4.d", "P4.d.cond");
    cr_assert(held == NULL, "%s must FAIL on this control", held);
    c = small_config();
    c.split_weight = 1.5; /* (1.5 w, −0.5 w) is not a split: F and the curvature change */
    held = FIRST_NOT_FAILING(&c, "P4.d.crit", "P4.d.curv");
    cr_assert(held == NULL, "%s must FAIL on this control", held);
}

Test(safran2021_claims, saddle_record_itself_fails_when_the_global_minimum_is_split)
{
    /* P4.d's own measurement, lambda_min of the full Hessian at the split point, on the
     * control W = V planted in every k = n cell: the split of a global minimum is a
     * (degenerate) minimum, lambda_min = 0, so the hypotheses-met records n=7 k=n and
     * n=8 k=n fail; their regime says which hypotheses the planted point breaks. */
    safran2021_config c = small_config();
    c.split_teacher_min = 1;
    ovp_run r;
    run(&c, &r);
    for (int n = 7; n <= 8; n++) {
        char scope[32];
        snprintf(scope, sizeof scope, "n=%d k=n", n);
        const ovp_claim *cl = find(&r, "P4.d", scope);
        cr_assert_eq(cl->verdict, OVP_FAIL, "P4.d %s must FAIL on this control (observed %.3g)", scope,
                     cl->observed);
        cr_assert(cl->observed > -SAFRAN_CURVATURE_TOL && cl->observed < 1e-12, "observed %.3g", cl->observed);
        cr_assert_eq(cl->regime, OVP_REGIME_EMPIRICAL, "the planted W = V is not a spurious minimum");
        cr_assert(strstr(cl->note, "planted"), "note: %s", cl->note);
        /* P4.d.curv still holds: P4.d fails on its own measurement, not through the formula */
        cr_assert_eq(find(&r, "P4.d.curv", scope)->verdict, OVP_PASS);
    }
    ovp_run_free(&r);
    /* a outside (0, 1): P4.d.crit and P4.d.curv fail and no longer claim hypotheses-met */
    c = small_config();
    c.split_weight = 1.5;
    run(&c, &r);
    const ovp_claim *crit = find(&r, "P4.d.crit", "n=8 k=n"), *curv = find(&r, "P4.d.curv", "n=8 k=n");
    cr_assert(crit->verdict == OVP_FAIL && curv->verdict == OVP_FAIL);
    cr_assert(crit->regime == OVP_REGIME_EMPIRICAL && curv->regime == OVP_REGIME_EMPIRICAL);
    ovp_run_free(&r);
}

Test(safran2021_claims, no_spurious_minimum_below_n6_or_without_convergence)
{
    safran2021_config c = small_config();
    c.n_min = c.n_max = 3, c.runs = 100; /* Safran-Shamir: none below n = 6 */
    const char *held = FIRST_NOT_FAILING(&c, "P4.d.common");
    cr_assert(held == NULL, "%s must FAIL on this control", held);
    ovp_run r;
    c = small_config();
    c.max_iters = 20; /* runs stop far from any minimum: none is certified */
    run(&c, &r);
    cr_assert_eq(test_verdict_of(&r, "P4.d.common"), OVP_FAIL);
    cr_assert(ovp_run_get_quantity(&r, "unresolved_runs") > 0);
    ovp_run_free(&r);
}

/* The tasks in their order, each labelled through its part: P4.P21's rate-only cell, the
 * table's cells from the largest, P4.b/c, P4.a. */
Test(safran2021_setup, tasks_keep_their_order_and_labels_through_the_parts)
{
    safran2021_config c = small_config();
    c.rate_n[0] = 9, c.n_rate = 1;
    const char *want[] = {"P4.P21 n=9 k=9", "cell n=8 k=9",   "cell n=8 k=8", "cell n=7 k=8", "cell n=7 k=7",
                          "P4.b/c n=4 k=5", "P4.b/c n=4 k=4", "P4.a n=8 k=8", "P4.a n=7 k=7"};
    ovp_run r;
    void *state;
    size_t n_tasks;
    char err[256], label[64];
    ovp_run_init(&r, &safran2021_paper, "ci", 1);
    cr_assert_eq(ovp_harness_safran2021.setup(&r, &c, &state, &n_tasks, err, sizeof err), OVP_OK, "%s", err);
    cr_assert_eq(n_tasks, sizeof want / sizeof *want);
    for (size_t i = 0; i < n_tasks; i++) {
        ovp_harness_safran2021.task_label(state, i, label, sizeof label);
        cr_assert_str_eq(label, want[i], "task %zu", i);
    }
    ovp_harness_safran2021.free_state(state);
    ovp_run_free(&r);
}

/* Task outputs to plant by hand: setup on c, one output per task holding its n
 * and run count; the caller sets the counts, reduces, then planted_end. */
static ovp_task_out **planted_begin(const safran2021_config *c, ovp_run *r, void **state, size_t *n_tasks)
{
    char err[256];
    ovp_run_init(r, &safran2021_paper, "ci", 1);
    cr_assert_eq(ovp_harness_safran2021.setup(r, c, state, n_tasks, err, sizeof err), OVP_OK, "%s", err);
    const safran2021_state *s = *state;
    ovp_task_out **outs = calloc(*n_tasks, sizeof *outs);
    cr_assert_not_null(outs);
    for (size_t i = 0; i < *n_tasks; i++) {
        outs[i] = ovp_task_out_new(i, ovp_harness_safran2021.n_tables);
        ovp_task_set(outs[i], "n", (double)s->tasks[i].n);
        ovp_task_set(outs[i], "runs", (double)c->runs);
    }
    return outs;
}

static void planted_end(void *state, ovp_task_out **outs, size_t n_tasks, ovp_run *r)
{
    for (size_t i = 0; i < n_tasks; i++)
        ovp_task_out_free(outs[i]);
    free(outs);
    ovp_harness_safran2021.free_state(state);
    ovp_run_free(r);
}

/* Every hypotheses-met record of P4 fails, still hypotheses-met, on planted task outputs that
 * keep each hypothesis true and plant one wrong measurement, and only the records that read it
 * fail (each control's failure is its own); the same code passes them all on right values.
 * Hypotheses kept: k = n (P4.a), k > n (P4.b), an orthonormal teacher (ortho_gap 0), every
 * split point a certified non-global minimum meeting the technical conditions, a = 1/2 (P4.d).
 * The wrong measurements, one per control (`wrong` names the output, "" none):
 *   lambda_identity          lambda_min(Hess F(V)) = 0                      P4.a
 *   worst_hess               no negative eigenvalue within eps, +1e-3       P4.b (k = n+1, n+2, n+3)
 *   split_weakest_saddle     the split's lambda_min 0, not a saddle         P4.d
 *   split_max_grad           a split gradient of 1e-9                       P4.d.crit
 *   split_max_F_gap          F moved by 1e-9 by the split                   P4.d.crit (F)
 *   split_max_curvature_gap  the curvature formula off by 1e-6              P4.d.curv */
static const char *const met_records[][3] = {
    /* id, scope, the planted output it reads */
    {"P4.a", "n=7 V=I", "lambda_identity"},          {"P4.a", "n=8 V=I", "lambda_identity"},
    {"P4.b", "n=4 k=n+1", "worst_hess"},             {"P4.b", "n=4 k=n+2", "worst_hess"},
    {"P4.b", "n=4 k=n+3", "worst_hess"},             {"P4.d", "n=7 k=n", "split_weakest_saddle"},
    {"P4.d", "n=8 k=n", "split_weakest_saddle"},     {"P4.d.crit", "n=7 k=n", "split_max_grad"},
    {"P4.d.crit", "n=8 k=n", "split_max_grad"},      {"P4.d.crit", "n=7 k=n F", "split_max_F_gap"},
    {"P4.d.crit", "n=8 k=n F", "split_max_F_gap"},   {"P4.d.curv", "n=7 k=n", "split_max_curvature_gap"},
    {"P4.d.curv", "n=8 k=n", "split_max_curvature_gap"},
};

/* Reduces planted outputs with one wrong measurement (`wrong`: a task value, or "" for none)
 * and returns how many hypotheses-met records came out other than expected (each logged): the
 * records that value feeds must FAIL, every other one pass, all still hypotheses-met; a control
 * that reaches no record counts as one more. */
static int planted_met(const char *wrong)
{
#define WRONG(name, bad, good) (!strcmp(wrong, name) ? (bad) : (good))
    safran2021_config c = small_config();
    ovp_run r;
    void *state;
    size_t n_tasks;
    ovp_task_out **outs = planted_begin(&c, &r, &state, &n_tasks);
    const safran2021_state *s = state;
    for (size_t i = 0; i < n_tasks; i++) {
        const task_desc *t = &s->tasks[i];
        ovp_task_out *o = outs[i];
        ovp_task_set(o, "k", (double)t->k);
        if (t->kind == TASK_GLOBAL) {
            ovp_task_set(o, "ortho_gap_identity", 0.0);
            ovp_task_set(o, "lambda_identity", WRONG("lambda_identity", 0.0, 0.09));
            ovp_task_set(o, "lambda_random_min", 0.005);
        } else if (t->kind == TASK_LOCAL) {
            const char *pfx[] = {"", "k6_", "k7_"};
            for (size_t q = 0; q < (t->contrast ? 1u : 3u); q++) {
                const char *names[] = {"ortho_gap", "lambda_ref", "worst_hess", "frac_min", "pl_min", "op_min",
                                       "pl_first", "pl_last", "op_first", "op_last"};
                const double vals[] = {0.0, 0.09, WRONG("worst_hess", 1e-3, -0.4), 1.0, 0.18, 0.09, 0.1, 1e-6, 0.05,
                                       5e-7};
                for (size_t v = 0; v < sizeof vals / sizeof *vals; v++) {
                    char name[48];
                    snprintf(name, sizeof name, "%s%s", pfx[q], names[v]);
                    ovp_task_set(o, name, vals[v]);
                }
            }
        } else {
            ovp_task_set(o, "spurious", t->k > t->n ? 0 : (t->n == 7 ? 10 : 20));
            ovp_task_set(o, "unresolved", 0);
            if (t->k == t->n) {
                const char *names[] = {"split_checked", "split_saddles", "split_cond_crit", "split_cond_min",
                                       "split_cond_norm", "split_cond_pd", "split_cond_block", "split_max_grad",
                                       "split_max_F_gap", "split_max_curvature_gap", "split_weakest_saddle",
                                       "split_weakest_quadform"};
                const double vals[] = {3, 3, 0, 0, 0, 0, 0, WRONG("split_max_grad", 1e-9, 1e-11),
                                       WRONG("split_max_F_gap", 1e-9, 1e-14), WRONG("split_max_curvature_gap", 1e-6, 1e-15),
                                       WRONG("split_weakest_saddle", 0.0, -0.2), -0.4};
                for (size_t v = 0; v < sizeof vals / sizeof *vals; v++)
                    ovp_task_set(o, names[v], vals[v]);
            }
        }
    }
#undef WRONG
    ovp_harness_safran2021.reduce(&r, state, outs, n_tasks);
    int failed = 0, wrong_records = 0;
    for (size_t i = 0; i < sizeof met_records / sizeof *met_records; i++) {
        const char *id = met_records[i][0], *scope = met_records[i][1];
        const int planted = !strcmp(wrong, met_records[i][2]);
        const ovp_claim *cl = find(&r, id, scope);
        if (cl->regime != OVP_REGIME_MET || cl->verdict != (planted ? OVP_FAIL : OVP_PASS)) {
            cr_log_error("%s %s must be hypotheses-met (the planted outputs keep its hypotheses) and %s on control "
                         "'%s' (observed %.3g): %s", id, scope, planted ? "FAIL" : "pass", wrong, cl->observed,
                         cl->note);
            wrong_records++;
        }
        failed += planted;
    }
    if (*wrong != '\0' && failed == 0) {
        cr_log_error("control '%s' reaches no record", wrong);
        wrong_records++;
    }
    planted_end(state, outs, n_tasks, &r);
    return wrong_records;
}

Test(safran2021_claims, met_records_fail_on_planted_wrong_measurements_with_their_hypotheses_kept)
{
    const char *controls[] = {"lambda_identity",  "worst_hess",      "split_weakest_saddle",
                              "split_max_grad",   "split_max_F_gap", "split_max_curvature_gap"};
    for (size_t i = 0; i < sizeof controls / sizeof *controls; i++)
        cr_assert_eq(planted_met(controls[i]), 0, "control %s: records above", controls[i]);
    cr_assert_eq(planted_met(""), 0, "the same code passes them on right values");
}

/* Planted cell outputs: the rate falls with n and rises with k. */
Test(safran2021_claims, growth_and_over_parameterization_claims_fail_on_planted_rates)
{
    safran2021_config c = small_config();
    c.n_local = 0;
    ovp_run r;
    void *state;
    size_t n_tasks;
    ovp_task_out **outs = planted_begin(&c, &r, &state, &n_tasks);
    const safran2021_state *s = state;
    for (size_t i = 0; i < n_tasks; i++) {
        const task_desc *t = &s->tasks[i];
        /* planted: 60 spurious at n = 7, 10 at n = 8 (falls with n), 100 at k = n + 1 */
        double sp = t->k > t->n ? 100 : (t->n == 7 ? 60 : 10);
        ovp_task_set(outs[i], "spurious", sp);
        ovp_task_set(outs[i], "split_checked", 0);
        ovp_task_set(outs[i], "unresolved", 0);
    }
    ovp_harness_safran2021.reduce(&r, state, outs, n_tasks);
    cr_assert_eq(test_verdict_of(&r, "P4.d.grow"), OVP_FAIL);
    cr_assert_eq(test_verdict_of(&r, "P4.d.fewer"), OVP_FAIL);
    planted_end(state, outs, n_tasks, &r);
}

/* P4.P21's negative control: planted k = n outputs whose 2021 rate is flat (30 of 120 at
 * n = 7 and n = 8), then falling (30, then 10); and a rate-only task above the table. */
static ovp_verdict planted_2021(size_t ng7, size_t ng8, size_t n_rate)
{
    safran2021_config c = small_config();
    c.n_local = 0;
    c.rate_n[0] = 9, c.n_rate = n_rate;
    ovp_run r;
    void *state;
    size_t n_tasks;
    ovp_task_out **outs = planted_begin(&c, &r, &state, &n_tasks);
    const safran2021_state *s = state;
    for (size_t i = 0; i < n_tasks; i++) {
        const task_desc *t = &s->tasks[i];
        /* the table itself grows with n (P4.d.grow passes): only the 2021 counts are planted */
        ovp_task_set(outs[i], "spurious", t->k > t->n ? 0 : (t->n == 7 ? 10 : 60));
        ovp_task_set(outs[i], "split_checked", 0);
        ovp_task_set(outs[i], "unresolved", 0);
        ovp_task_set(outs[i], "runs_2021", (double)c.runs);
        ovp_task_set(outs[i], "nonglobal_2021", (double)(t->n == 7 ? ng7 : t->n == 8 ? ng8 : ng8));
    }
    ovp_harness_safran2021.reduce(&r, state, outs, n_tasks);
    ovp_verdict got = test_verdict_of(&r, "P4.P21");
    cr_assert_eq(test_verdict_of(&r, "P4.d.grow"), OVP_PASS);
    cr_assert_eq(ovp_run_get_quantity(&r, "nonglobal_rate_2021_n7"), (double)ng7 / (double)c.runs);
    if (n_rate)
        cr_assert_eq(ovp_run_get_quantity(&r, "nonglobal_rate_2021_n9"), (double)ng8 / (double)c.runs);
    planted_end(state, outs, n_tasks, &r);
    return got;
}

Test(safran2021_claims, rate_2021_claim_fails_on_planted_flat_or_falling_rates)
{
    cr_assert_eq(planted_2021(30, 30, 0), OVP_FAIL, "flat");
    cr_assert_eq(planted_2021(30, 10, 0), OVP_FAIL, "falling");
    cr_assert_eq(planted_2021(30, 10, 1), OVP_FAIL, "falling, with a rate-only task at n = 9");
    cr_assert_eq(planted_2021(30, 36, 0), OVP_FAIL, "rising, but inside the intervals");
    cr_assert_eq(planted_2021(10, 60, 1), OVP_PASS, "rising beyond them: the same code passes");
}

Test(safran2021_claims, rate_2021_task_above_the_table)
{
    /* a rate-only task at n = 9 above the table n = 7..8: k = n, runs_2021 runs, counted in
     * P4.P21 and in no table record; the rate is bounded by the same runs' classes */
    safran2021_config c = small_config();
    c.n_local = 0, c.random_teachers = 0, c.extra_max = 0, c.runs = 40;
    c.runs_2021 = 30, c.rate_n[0] = 9, c.n_rate = 1;
    ovp_run r;
    run(&c, &r);
    double q9 = ovp_run_get_quantity(&r, "nonglobal_rate_2021_n9"), q8 = ovp_run_get_quantity(&r, "nonglobal_rate_2021_n8");
    cr_assert(q9 >= 0 && q9 <= 1 && !isnan(q8), "n9 %g n8 %g", q9, q8);
    cr_assert(isnan(ovp_run_get_quantity(&r, "spurious_rate_n9_k9")), "no table cell at n = 9");
    cr_assert_not_null(ovp_run_find_claim(&r, "P4.P21", "n=9 vs n=7"));
    ovp_run_free(&r);
}

Test(safran2021_claims, results_do_not_depend_on_the_thread_count)
{
    safran2021_config c = small_config();
    c.runs = 40;
    char where[256];
    cr_assert(test_thread_difference(&ovp_harness_safran2021, &c, where, sizeof where) == NULL, "%s", where);
}

Test(safran2021_bounds, formulas)
{
    cr_assert_float_eq(safran2021_split_curvature(0.5, -1.0), -4.0, 1e-15);
    cr_assert_float_eq(safran2021_split_curvature(0.25, 3.0), 3.0 * (4.0 + 4.0 / 3.0), 1e-14);
    cr_assert_float_eq(safran2021_step(20), 0.25, 1e-15);
    cr_assert_eq(safran2018_spurious_loss(), 1e-3);
}
