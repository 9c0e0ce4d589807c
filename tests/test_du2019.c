/* tests/test_du2019.c: P3 claims on small instances, and the negative controls
 * that must make each claim FAIL. */
#include "du2019.h"
#include "rng.h"
#include "status.h"
#include "testutil.h"
#include "theorems/du2019.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static du2019_config base_config(void)
{
    du2019_config c;
    du2019_config_for_scale("ci", 7, &c);
    c.n = 20;
    c.d = 10;
    c.widths[0] = 2000;
    c.n_widths = 1;
    c.iters = 30;
    return c;
}

/* n = 20 points on S^9 and N(0,1) labels, from the test's own stream. */
static void random_data(double *X, double *y, const char *name)
{
    ovp_mat Xm = ovp_mat_view(X, 20, 10);
    gsl_rng *g = test_rng(name);
    ovp_rng_sphere_rows(g, &Xm);
    ovp_rng_gaussian(g, 1.0, y, 20);
    gsl_rng_free(g);
}

static void run(const du2019_config *c, ovp_run *r, int threads)
{
    test_run_harness(&ovp_harness_du2019, c, threads, r);
}

Test(du2019_claims, all_hold_on_a_small_wide_instance)
{
    du2019_config c = base_config();
    ovp_run r;
    run(&c, &r, 1);
    const char *ids[] = {"P3.A3.1", "P3.L3.1", "P3.T4.1", "P3.C4.1", "P3.L3.2", "P3.L4.1"};
    for (size_t k = 0; k < sizeof ids / sizeof *ids; k++)
        cr_assert_eq(test_verdict_of(&r, ids[k]), OVP_PASS, "%s should hold", ids[k]);
    cr_assert_eq(ovp_run_verdict(&r), OVP_PASS);
    ovp_run_free(&r);
}

Test(du2019_claims, flip_lemma_is_evaluated_at_the_observed_radius)
{
    du2019_config c = base_config();
    ovp_run r;
    run(&c, &r, 1);
    const ovp_claim *cl = ovp_run_find_claim(&r, "P3.L4.1", NULL);
    cr_assert(cl != NULL);
    cr_assert_eq(cl->verdict, OVP_PASS, "evaluated, not skipped: %s", cl->note);
    double R = ovp_run_get_quantity(&r, "max_dist_m2000");
    cr_assert_float_eq(cl->bound, du2019_flip_fraction_bound(R), 1e-15);
    cr_assert(cl->bound < 1.0);
    cr_assert_float_eq(cl->observed, ovp_run_get_quantity(&r, "ever_flipped_m2000"), 0.0);
    /* every flip lies in the lemma's set |w_r(0)'x_i| <= R */
    cr_assert_leq(cl->observed, ovp_run_get_quantity(&r, "lemma41_set_fraction_m2000"));
    ovp_run_free(&r);
}

Test(du2019_claims, rate_and_radius_fail_when_the_step_is_far_too_large)
{
    du2019_config c = base_config();
    c.step = 20.0; /* η λ_max(H) ≫ 2: GD diverges */
    ovp_run r;
    run(&c, &r, 1);
    cr_assert_eq(test_verdict_of(&r, "P3.T4.1"), OVP_FAIL);
    cr_assert_eq(test_verdict_of(&r, "P3.C4.1"), OVP_FAIL);
    cr_assert_eq(ovp_run_verdict(&r), OVP_FAIL);
    ovp_run_free(&r);
}

Test(du2019_claims, lambda0_claim_fails_on_duplicated_inputs)
{
    du2019_config c = base_config();
    double X[20 * 10], y[20];
    random_data(X, y, "dup");
    memcpy(X + 10, X, 10 * sizeof(double)); /* x_2 = x_1 */
    c.X = X;
    c.y = y;
    ovp_run r;
    run(&c, &r, 1);
    cr_assert_eq(test_verdict_of(&r, "P3.A3.1"), OVP_FAIL);
    ovp_run_free(&r);
}

Test(du2019_claims, user_data_with_duplicates_is_refused_as_bad_input)
{
    du2019_config c = base_config();
    double X[20 * 10], y[20];
    random_data(X, y, "dup");
    memcpy(X + 50, X + 30, 10 * sizeof(double)); /* x_6 = x_4 */
    c.X = X;
    c.y = y;
    c.refuse_degenerate = 1;
    char err[512];
    cr_assert_eq(test_refusal(&ovp_harness_du2019, &c, err, sizeof err), OVP_EDATA, "not refused: %s", err);
    cr_assert(strstr(err, "rows 4 and 6"), "the message names the rows: %s", err);
}

Test(du2019_claims, init_and_stability_fail_at_width_one)
{
    du2019_config c = base_config();
    c.widths[0] = 1; /* H(0) = D K D with D a 0/1 diagonal: singular */
    ovp_run r;
    run(&c, &r, 1);
    cr_assert_eq(test_verdict_of(&r, "P3.L3.1"), OVP_FAIL);
    cr_assert_eq(test_verdict_of(&r, "P3.L3.2"), OVP_FAIL);
    ovp_run_free(&r);
}

Test(du2019_claims, init_frobenius_bound_fails_without_unit_norm_inputs)
{
    du2019_config c = base_config();
    double X[20 * 10], y[20];
    random_data(X, y, "scale");
    for (size_t i = 0; i < 200; i++)
        X[i] *= 100.0; /* ‖x_i‖ = 100 violates the hypothesis ‖x_i‖ = 1 */
    c.X = X;
    c.y = y;
    ovp_run r;
    run(&c, &r, 1);
    cr_assert_eq(test_verdict_of(&r, "P3.L3.1.F"), OVP_FAIL);
    const ovp_claim *cl = ovp_run_find_claim(&r, "P3.L3.1.F", NULL);
    cr_assert(!strstr(cl->note, "vacuous"), "norms of 100 make the bound far below the largest value");
    cr_assert_eq(cl->regime, OVP_REGIME_EMPIRICAL, "the unit-norm hypothesis is checked and fails");
    ovp_run_free(&r);
}

Test(du2019_claims, init_frobenius_bound_is_vacuous_at_the_ci_instance)
{
    du2019_config c;
    du2019_config_for_scale("ci", 7, &c);
    c.widths[0] = 400; /* the ci sizes n = 100, d = 50 at the smallest ci width */
    c.n_widths = 1;
    c.iters = 2;
    ovp_run r;
    run(&c, &r, 1);
    const ovp_claim *cl = ovp_run_find_claim(&r, "P3.L3.1.F", NULL);
    cr_assert(cl != NULL);
    cr_assert_eq(cl->verdict, OVP_SKIP, "16 n^2 log^2(n/delta)/m exceeds every possible value: not a pass");
    cr_assert(strstr(cl->note, "vacuous"), "%s", cl->note);
    double mx = ovp_run_get_quantity(&r, "h0_hinf_frobenius_sq_max");
    cr_assert(cl->bound >= mx && cl->observed <= mx, "bound %g, observed %g, max %g", cl->bound, cl->observed, mx);
    cr_assert_eq(cl->regime, OVP_REGIME_MET, "synthetic inputs are unit norm, checked");
    ovp_run_free(&r);
}

Test(du2019_claims, init_frobenius_is_empirical_when_an_input_is_not_unit_norm)
{
    du2019_config c = base_config();
    double X[20 * 10], y[20];
    random_data(X, y, "one_row");
    for (size_t j = 0; j < 10; j++)
        X[30 + j] *= 1.5; /* ‖x_4‖ = 1.5 */
    c.X = X;
    c.y = y;
    ovp_run r;
    run(&c, &r, 1);
    const ovp_claim *cl = ovp_run_find_claim(&r, "P3.L3.1.F", NULL);
    cr_assert(cl != NULL);
    cr_assert_eq(cl->regime, OVP_REGIME_EMPIRICAL);
    cr_assert(strstr(cl->note, "not unit norm"), "%s", cl->note);
    cr_assert_eq(ovp_run_find_claim(&r, "P3.L3.1", NULL)->regime, OVP_REGIME_EMPIRICAL);
    cr_assert_float_eq(ovp_run_get_quantity(&r, "inputs_not_unit_norm"), 1.0, 0.0);
    ovp_run_free(&r);

    random_data(X, y, "one_row"); /* the same rows, unit norm: the hypothesis holds */
    run(&c, &r, 1);
    cr_assert_eq(ovp_run_find_claim(&r, "P3.L3.1.F", NULL)->regime, OVP_REGIME_MET);
    cr_assert_float_eq(ovp_run_get_quantity(&r, "inputs_not_unit_norm"), 0.0, 0.0);
    ovp_run_free(&r);
}

Test(du2019_claims, flip_trend_claim_fails_on_planted_growing_flips)
{
    du2019_config c = base_config();
    c.widths[0] = 100;
    c.widths[1] = 1000;
    c.n_widths = 2;
    ovp_run r;
    ovp_run_init(&r, &du2019_paper, "ci", 1);
    void *state;
    size_t n_tasks;
    char err[256];
    cr_assert_eq(ovp_harness_du2019.setup(&r, &c, &state, &n_tasks, err, sizeof err), OVP_OK);
    ovp_task_out *outs[2];
    const double m[2] = {100, 1000}, flipped[2] = {0.01, 0.05}; /* planted: grows with m */
    for (int i = 0; i < 2; i++) {
        outs[i] = ovp_task_out_new((size_t)i, ovp_harness_du2019.n_tables);
        ovp_task_set(outs[i], "m", m[i]);
        ovp_task_set(outs[i], "ever_flipped", flipped[i]);
    }
    ovp_harness_du2019.reduce(&r, state, outs, 2);
    cr_assert_eq(test_verdict_of(&r, "P3.L4.1.m"), OVP_FAIL);
    for (int i = 0; i < 2; i++)
        ovp_task_out_free(outs[i]);
    ovp_harness_du2019.free_state(state);
    ovp_run_free(&r);
}

/* Planted task outputs for reduce, one width: the quantities P3.L4.1 reads. */
static void reduce_planted(ovp_run *r, double m, double max_dist, double ever_flipped, double Rprime)
{
    du2019_config c = base_config();
    c.widths[0] = m;
    ovp_run_init(r, &du2019_paper, "ci", 1);
    void *state;
    size_t n_tasks;
    char err[256];
    cr_assert_eq(ovp_harness_du2019.setup(r, &c, &state, &n_tasks, err, sizeof err), OVP_OK);
    ovp_task_out *out = ovp_task_out_new(0, ovp_harness_du2019.n_tables);
    ovp_task_set(out, "m", m);
    ovp_task_set(out, "max_dist", max_dist);
    ovp_task_set(out, "ever_flipped", ever_flipped);
    ovp_task_set(out, "Rprime", Rprime);
    ovp_harness_du2019.reduce(r, state, &out, 1);
    ovp_task_out_free(out);
    ovp_harness_du2019.free_state(state);
}

Test(du2019_claims, flip_lemma_fails_on_planted_flips_above_its_bound)
{
    ovp_run r;
    /* every neuron within R = 0.1 (bound 2R/sqrt(2 pi) = 0.0798) yet half the patterns flipped */
    reduce_planted(&r, 1000, 0.1, 0.5, 5.0);
    const ovp_claim *cl = ovp_run_find_claim(&r, "P3.L4.1", NULL);
    cr_assert(cl != NULL);
    cr_assert_eq(cl->verdict, OVP_FAIL, "%s", cl->note);
    cr_assert_float_eq(cl->bound, 0.2 / sqrt(2 * M_PI), 1e-15);
    /* the same flips against R' = 5: 2R'/sqrt(2 pi) = 3.99 >= 1, vacuous */
    cr_assert_eq(test_verdict_of(&r, "P3.L4.1.Rprime"), OVP_SKIP);
    ovp_run_free(&r);
}

Test(du2019_claims, vacuous_flip_bound_is_reported_as_skip_not_pass)
{
    du2019_config c = base_config();
    ovp_run r;
    run(&c, &r, 1);
    const ovp_claim *cl = ovp_run_find_claim(&r, "P3.L4.1.Rprime", NULL);
    cr_assert(cl != NULL);
    cr_assert_eq(cl->verdict, OVP_SKIP, "2R'/sqrt(2pi) >= 1 here; the claim cannot fail");
    cr_assert(strstr(cl->note, "vacuous"));
    ovp_run_free(&r);
}

/* ---- the claim recorder's vacuity test (verify/run.c) ---- */

Test(claim_within, a_bound_at_or_above_the_largest_value_is_a_vacuous_skip)
{
    ovp_run r;
    ovp_run_init(&r, &du2019_paper, "ci", 1);
    const ovp_claim *c = ovp_claim_le_within(&r, "P3.L4.1", "a", 0.3, 1.5, 1.0);
    cr_assert_eq(c->verdict, OVP_SKIP, "a fraction bounded by 1.5 cannot fail: never a pass");
    cr_assert(strstr(c->note, "vacuous: the bound 1.5 is at least the largest value"), "%s", c->note);
    cr_assert_str_eq(c->relation, "<=");
    cr_assert_float_eq(c->observed, 0.3, 0.0);
    cr_assert_float_eq(c->bound, 1.5, 0.0);
    cr_assert(isnan(c->margin) && isnan(c->slack));
    c = ovp_claim_le_within(&r, "P3.L4.1", "b", 0.3, 1.0, 1.0); /* equal: still cannot fail */
    cr_assert_eq(c->verdict, OVP_SKIP);
    c = ovp_claim_ge_within(&r, "P3.L3.2", "c", 0.2, -0.1, 0.0); /* >= below the smallest value */
    cr_assert_eq(c->verdict, OVP_SKIP);
    cr_assert(strstr(c->note, "vacuous: the bound -0.1 is at most the smallest value"), "%s", c->note);
    cr_assert_eq(ovp_run_verdict(&r), OVP_PASS);
    ovp_run_free(&r);
}

Test(claim_within, a_bound_that_can_fail_is_compared)
{
    ovp_run r;
    ovp_run_init(&r, &du2019_paper, "ci", 1);
    const ovp_claim *c = ovp_claim_le_within(&r, "P3.L4.1", "a", 0.3, 0.5, 1.0);
    cr_assert_eq(c->verdict, OVP_PASS);
    cr_assert_float_eq(c->margin, 0.5 / 0.3, 1e-15);
    cr_assert(!strstr(c->note, "vacuous"));
    c = ovp_claim_le_within(&r, "P3.L4.1", "b", 0.6, 0.5, 1.0);
    cr_assert_eq(c->verdict, OVP_FAIL);
    c = ovp_claim_ge_within(&r, "P3.L3.2", "c", 0.2, 0.1, 0.0);
    cr_assert_eq(c->verdict, OVP_PASS);
    c = ovp_claim_ge_within(&r, "P3.L3.2", "d", 0.05, 0.1, 0.0);
    cr_assert_eq(c->verdict, OVP_FAIL);
    /* no limit known: a plain comparison */
    c = ovp_claim_le_within(&r, "P3.L4.1", "e", 0.3, 2.0, NAN);
    cr_assert_eq(c->verdict, OVP_PASS);
    /* NaN observed is a failure, never vacuous */
    c = ovp_claim_le_within(&r, "P3.L4.1", "f", NAN, 2.0, 1.0);
    cr_assert_eq(c->verdict, OVP_FAIL);
    /* an observed value beyond its stated limit: the limit is wrong, compare and say so */
    c = ovp_claim_le_within(&r, "P3.L4.1", "g", 1.2, 1.5, 1.0);
    cr_assert_eq(c->verdict, OVP_PASS);
    cr_assert(strstr(c->note, "the limit is wrong"), "%s", c->note);
    /* an unknown id fails even where the bound would be vacuous */
    c = ovp_claim_le_within(&r, "P3.NOPE", "h", 0.3, 1.5, 1.0);
    cr_assert_eq(c->verdict, OVP_FAIL);
    ovp_run_free(&r);
}

Test(du2019_claims, results_do_not_depend_on_the_thread_count)
{
    du2019_config c = base_config();
    c.widths[1] = 500;
    c.widths[2] = 800;
    c.n_widths = 3;
    char where[256];
    cr_assert(test_thread_difference(&ovp_harness_du2019, &c, where, sizeof where) == NULL, "%s", where);
}

Test(du2019_bounds, formulas_match_the_paper)
{
    /* R' = 4√n‖y − u(0)‖/(√m λ₀): n = 4, residual 3, m = 16, λ₀ = 0.5 → 4·2·3/(4·0.5) = 12 */
    cr_assert_float_eq(du2019_radius_Rprime(4, 3, 16, 0.5), 12.0, 1e-15);
    cr_assert_float_eq(du2019_radius_flow(4, 3, 16, 0.5), 6.0, 1e-15);
    /* (1 − ηλ₀/2)^k: η = 0.5, λ₀ = 0.4, k = 2 → 0.9² */
    cr_assert_float_eq(du2019_rate_bound(0.5, 0.4, 2), 0.81, 1e-15);
    /* 16 n² log²(n/δ)/m at n = e·δ... n/δ = e: 16 n²/m */
    cr_assert_float_eq(du2019_init_frobenius_bound(M_E * 0.5, 2.0, 0.5), 16 * M_E * M_E * 0.25 / 2, 1e-12);
    cr_assert_float_eq(du2019_flip_fraction_bound(sqrt(2 * M_PI)), 2.0, 1e-15);
}
