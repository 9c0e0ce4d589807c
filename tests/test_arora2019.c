/* tests/test_arora2019.c: P5 claims on a small instance, the negative controls
 * that must make each claim FAIL, and the bound formulas. */
#include "arora2019.h"
#include "config.h"
#include "status.h"
#include "testutil.h"
#include "theorems/arora2019.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

static arora2019_config base_config(void)
{
    arora2019_config c;
    cr_assert_eq(ovp_config_for_scale(&ovp_harness_arora2019, "ci", 11, &c), OVP_OK);
    c.n = 60;
    c.widths[0] = 4000;
    c.n_widths = 1;
    c.iters = 60;
    c.n_test = 500;
    c.label_ns[0] = 20; /* finish would derive n/8..n; set by hand here */
    c.label_ns[1] = 60;
    c.n_label_ns = 2;
    return c;
}

static const char *const all_ids[] = {"P5.T4.1", "P5.L5.3", "P5.T5.1", NULL};

/* Runs the harness on c and returns the first record of ids (in every scope: each width
 * and label set) that did not FAIL, as "id scope" in buf; NULL when all failed. Asserts
 * that each id was recorded. */
static const char *first_record_not_failing(const arora2019_config *c, const char *const *ids, char *buf,
                                            size_t len)
{
    ovp_run r;
    test_run_harness(&ovp_harness_arora2019, c, 1, &r);
    const char *held = NULL;
    for (const char *const *id = ids; *id; id++) {
        size_t seen = 0;
        for (size_t i = 0; i < r.n_claims; i++) {
            const ovp_claim *cl = r.claims[i];
            if (strcmp(cl->id, *id) != 0)
                continue;
            seen++;
            if (cl->verdict != OVP_FAIL && !held) {
                snprintf(buf, len, "%s %s (%s)", cl->id, cl->scope, ovp_run_verdict_name(cl->verdict));
                held = buf;
            }
        }
        cr_assert(seen > 0, "%s was not recorded", *id);
    }
    ovp_run_free(&r);
    return held;
}

Test(arora2019_claims, all_hold_on_a_small_wide_instance)
{
    arora2019_config c = base_config();
    ovp_run r;
    test_run_harness(&ovp_harness_arora2019, &c, 1, &r);
    for (size_t k = 0; all_ids[k]; k++)
        cr_assert_eq(test_verdict_of(&r, all_ids[k]), OVP_PASS, "%s should hold", all_ids[k]);
    /* the paper's experiment in shape: random labels have the larger y'H_inf^-1 y */
    double yhy = ovp_run_get_quantity(&r, "y_hinf_inv_y"), yhy_r = ovp_run_get_quantity(&r, "y_hinf_inv_y_random");
    cr_assert(yhy > 0 && yhy_r > 2 * yhy, "y'H^-1y true %g, random %g", yhy, yhy_r);
    ovp_run_free(&r);
}

/* Without ovp's tolerance the trajectory is not matched exactly, and the distance
 * exceeds the paper's sqrt(r0'H_inf^-1 r0) once GD has converged: every record of
 * both, for true and for random labels, must fail. */
Test(arora2019_controls, zero_tolerance_fails_the_trajectory_and_the_distance)
{
    arora2019_config c = base_config();
    c.eps = 0.0;
    c.iters = 300;
    const char *ids[] = {"P5.T4.1", "P5.L5.3", NULL};
    char buf[160];
    const char *held = first_record_not_failing(&c, ids, buf, sizeof buf);
    cr_assert(held == NULL, "%s held with eps = 0", held);
}

/* A step far beyond 2/lambda_max(H_inf) makes GD diverge: the trajectory, the
 * distance and the population loss (1 on every sample) all fail. */
Test(arora2019_controls, a_diverging_step_fails_every_claim)
{
    arora2019_config c = base_config();
    c.step = 100.0;
    char buf[160];
    const char *held = first_record_not_failing(&c, all_ids, buf, sizeof buf);
    cr_assert(held == NULL, "%s held with a diverging step", held);
}

/* The primal form (W <- W - eta grad) and sample space (Z <- Z - eta K B) are the same GD:
 * every observed value agrees up to rounding. GD contracts, so the two roundings stay
 * near u·K·(condition) ~ 1e-13 relative here; FORMS_AGREE leaves three orders for it. */
#define FORMS_AGREE 1e-10
Test(arora2019_claims, the_primal_and_sample_space_forms_agree)
{
    arora2019_config c = base_config();
    ovp_run rp, rs;
    c.gd_form = "primal";
    test_run_harness(&ovp_harness_arora2019, &c, 1, &rp);
    c.gd_form = "sample";
    test_run_harness(&ovp_harness_arora2019, &c, 1, &rs);
    cr_assert_eq(rp.n_claims, rs.n_claims);
    for (size_t i = 0; i < rp.n_claims; i++) {
        const ovp_claim *a = rp.claims[i], *b = rs.claims[i];
        cr_assert_str_eq(a->scope, b->scope);
        cr_assert(fabs(a->observed - b->observed) <= FORMS_AGREE * fmax(fabs(b->observed), 1.0),
                  "%s %s: primal %.17g, sample space %.17g", a->id, a->scope, a->observed, b->observed);
        cr_assert_eq(a->verdict, b->verdict);
    }
    /* both through the shared kernel (kernels/models/relu2.h), named in the summary */
    const char *form[2] = {"", ""};
    const ovp_run *runs[2] = {&rp, &rs};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < runs[k]->n_params; i++)
            if (strcmp(runs[k]->params[i].name, "gd_form") == 0)
                form[k] = runs[k]->params[i].json;
    cr_assert_str_eq(form[0], "\"primal\"");
    cr_assert_str_eq(form[1], "\"sample space\"");
    char where[256];
    const char *diff = test_quantities_differ(&rp, &rs, FORMS_AGREE, where, sizeof where);
    cr_assert(diff == NULL, "primal vs sample space: %s", diff);
    ovp_run_free(&rp);
    ovp_run_free(&rs);
}

Test(arora2019_claims, results_do_not_depend_on_the_threads)
{
    arora2019_config c = base_config();
    c.widths[1] = 1000;
    c.n_widths = 2;
    char where[256];
    cr_assert(test_thread_difference(&ovp_harness_arora2019, &c, where, sizeof where) == NULL, "%s", where);
}

Test(arora2019_bounds, formulas_match_the_paper)
{
    /* eq. (5): λ = (1, 3), projections (3, 4), η = 0.5; at k = 0 the norm of the projections */
    const double lambda[] = {1.0, 3.0}, proj[] = {3.0, 4.0};
    cr_assert_float_eq(arora2019_trajectory(lambda, proj, 2, 0.5, 0), 5.0, 1e-15);
    /* (1 − 0.5)^2·3 = 0.75, (1 − 1.5)^2·4 = 1: sqrt(0.5625 + 1) = 1.25 */
    cr_assert_float_eq(arora2019_trajectory(lambda, proj, 2, 0.5, 2), 1.25, 1e-15);
    cr_assert_float_eq(arora2019_distance_bound(16.0), 4.0, 1e-15);
    /* sqrt(2·8/4) = 2; the lower-order term sqrt(log(4/(0.5·0.08))/4) = sqrt(log(100))/2 */
    cr_assert_float_eq(arora2019_generalization_bound(8.0, 4.0), 2.0, 1e-15);
    cr_assert_float_eq(arora2019_generalization_lower_order(4.0, 0.5, 0.08), sqrt(log(100.0)) / 2, 1e-15);
    /* n⁷/(λ₀⁴κ²δ⁴ε²) at n = 2, λ₀ = δ = ε = 1, κ = 0.5: 128·4 */
    cr_assert_float_eq(arora2019_width_for_trajectory(2, 1, 0.5, 1, 1), 512.0, 1e-12);
    cr_assert_float_eq(arora2019_kappa_for_trajectory(4, 0.5, 0.1, 0.2), 0.005, 1e-15);
}

Test(arora2019_bounds, the_loss_is_one_lipschitz_in_zero_one_and_vanishes_at_the_label)
{
    cr_assert_eq(arora2019_clipped_loss(0.3, 0.3), 0.0);
    cr_assert_float_eq(arora2019_clipped_loss(0.5, 0.25), 0.25, 1e-15);
    cr_assert_eq(arora2019_clipped_loss(-4.0, 1.0), 1.0);
    cr_assert(isnan(arora2019_clipped_loss(NAN, 1.0)), "a diverged net fails the claim, not a loss of 1");
    cr_assert(isnan(arora2019_clipped_loss(INFINITY, 1.0)));
}

/* The record keeps the paper's term and ovp's tolerance apart; their sum is the bound. */
Test(arora2019_claims, a_split_bound_keeps_the_paper_term_and_the_tolerance_apart)
{
    ovp_run r;
    ovp_run_init(&r, &arora2019_paper, "ci", 1);
    const ovp_claim *c = ovp_claim_le_tol(&r, "P5.L5.3", "a", 1.04, 1.0, 0.05, NAN);
    cr_assert_eq(c->verdict, OVP_PASS);
    cr_assert(c->paper_bound == 1.0 && c->tolerance == 0.05 && c->bound == 1.05);
    c = ovp_claim_le_tol(&r, "P5.L5.3", "b", 1.06, 1.0, 0.05, NAN);
    cr_assert_eq(c->verdict, OVP_FAIL, "beyond paper + tolerance");
    c = ovp_claim_le_tol(&r, "P5.T5.1", "c", 0.2, 0.98, 0.05, 1.0); /* a loss in [0, 1] under 1.03 */
    cr_assert_eq(c->verdict, OVP_SKIP, "a bound a loss cannot exceed is vacuous, never a pass");
    cr_assert(strstr(c->note, "vacuous"), "%s", c->note);
    cr_assert(c->paper_bound == 0.98 && c->tolerance == 0.05);
    c = ovp_claim_le(&r, "P5.T4.1", "d", 0.01, 0.05);
    cr_assert(isnan(c->paper_bound) && isnan(c->tolerance), "an unsplit bound has no parts");
    ovp_run_free(&r);
}

/* The harness configured from a command line, as `ovp verify arora2019 ARGS` would. */
static int configure(int argc, char **argv, void **config, char *err)
{
    static const ovp_opt_spec data_specs[] = {{"data", OVP_OPT_STRING, "FILE", "", 0, 0, NULL}};
    const ovp_harness *h = &ovp_harness_arora2019;
    const ovp_opt_spec *g[2] = {h->options, data_specs};
    size_t n[2] = {h->n_options, 1};
    ovp_args a;
    cr_assert_eq(ovp_args_parse(&a, argc, argv, g, n, 2, err, 256), 0, "%s", err);
    ovp_run r;
    ovp_run_init(&r, h->paper, "ci", 3);
    r.quiet = 1;
    int st = ovp_config_apply(h, &a, &r, config, err, 256);
    ovp_run_free(&r);
    return st;
}

#define DIGITS OVP_TEST_DATA "/arora2019_digits_0_1.csv"

/* Two classes of scikit-learn's digits (scripts/digits.sh 0 1): 360 rows, 72 held out by
 * --test-fraction 0.2; Theorem 5.1 is measured on them, and random labels cost far more. */
Test(arora2019_data, digits_hold_out_a_split_and_random_labels_cost_more)
{
    char *argv[] = {"--data", DIGITS, "--widths", "4000", "--iters", "100"};
    void *p = NULL;
    char err[256] = "";
    cr_assert_eq(configure(6, argv, &p, err), OVP_OK, "%s", err);
    const arora2019_config *c = p;
    cr_assert(c->n == 360 && c->d == 64 && c->n_hold == 72 && c->n_test == 72, "n %zu hold %zu", c->n, c->n_hold);
    cr_assert(c->n_label_ns == 4 && c->label_ns[0] == 36 && c->label_ns[3] == 288, "prefixes of the 288 training rows");
    ovp_run r;
    test_run_harness(&ovp_harness_arora2019, c, 1, &r);
    cr_assert_eq(test_verdict_of(&r, "P5.T5.1"), OVP_PASS, "measured on the held-out rows");
    const ovp_claim *t5 = ovp_run_find_claim(&r, "P5.T5.1", NULL);
    cr_assert(strstr(t5->note, "72 held-out rows"), "%s", t5->note);
    const char *n_param = NULL;
    for (size_t i = 0; i < r.n_params; i++)
        if (strcmp(r.params[i].name, "n") == 0)
            n_param = r.params[i].json;
    cr_assert(n_param && strcmp(n_param, "288") == 0, "the instance is the 288 training rows: n = %s", n_param);
    double yhy = ovp_run_get_quantity(&r, "y_hinf_inv_y"), yhy_r = ovp_run_get_quantity(&r, "y_hinf_inv_y_random");
    cr_assert(yhy > 0 && yhy_r > 10 * yhy, "y'H^-1y true %g, random %g", yhy, yhy_r);
    ovp_run_free(&r);
    ovp_config_free(&ovp_harness_arora2019, p);
}

Test(arora2019_data, a_split_that_leaves_no_test_or_training_rows_is_refused)
{
    void *p = NULL;
    char err[256] = "";
    char *tiny[] = {"--data", DIGITS, "--test-fraction", "0.001"};
    cr_assert_eq(configure(4, tiny, &p, err), OVP_EINVAL);
    cr_assert(strstr(err, "holds out 0") && strstr(err, "--test-fraction"), "%s", err);
    char *all[] = {"--data", DIGITS, "--test-fraction", "1"};
    cr_assert_eq(configure(4, all, &p, err), OVP_EINVAL);
    cr_assert(strstr(err, "holds out 360"), "%s", err);
    char *synthetic[] = {"--test-fraction", "0.2"};
    cr_assert_eq(configure(2, synthetic, &p, err), OVP_EINVAL);
    cr_assert(strstr(err, "--n-test"), "%s", err);
}

/* The split is a permutation of the rows: every row once, train and test disjoint, each
 * label with its row; the same seed gives the same split, another seed another. */
Test(arora2019_data, the_split_puts_every_row_in_exactly_one_part)
{
    enum { N = 50, D = 2, HOLD = 10 };
    double X[N * D], y[N], Xtr[(N - HOLD) * D], ytr[N - HOLD], Xte[HOLD * D], yte[HOLD];
    for (size_t i = 0; i < N; i++)
        X[i * D] = (double)i, X[i * D + 1] = -(double)i, y[i] = 1000.0 + (double)i;
    cr_assert_eq(arora2019_split(X, y, N, D, HOLD, 5, Xtr, ytr, Xte, yte), OVP_OK);
    int count[N] = {0};
    for (size_t i = 0; i < N; i++) {
        const int train = i < N - HOLD;
        const double *x = train ? &Xtr[i * D] : &Xte[(i - (N - HOLD)) * D];
        const double lab = train ? ytr[i] : yte[i - (N - HOLD)];
        const size_t row = (size_t)x[0];
        cr_assert(row < N && x[1] == -x[0] && lab == 1000.0 + x[0], "row %zu came apart", row);
        count[row]++;
    }
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(count[i], 1, "row %zu appears %d times", i, count[i]);
    int moved = 0;
    for (size_t i = 0; i < HOLD; i++)
        moved += yte[i] != 1000.0 + (double)(N - HOLD + i);
    cr_assert(moved > 0, "the held-out rows are not simply the last ones");
    double yte2[HOLD];
    cr_assert_eq(arora2019_split(X, y, N, D, HOLD, 5, Xtr, ytr, Xte, yte2), OVP_OK);
    cr_assert(memcmp(yte, yte2, sizeof yte) == 0, "the same seed, the same split");
    cr_assert_eq(arora2019_split(X, y, N, D, HOLD, 6, Xtr, ytr, Xte, yte2), OVP_OK);
    cr_assert(memcmp(yte, yte2, sizeof yte) != 0, "another seed, another split");
    cr_assert_eq(arora2019_split(X, y, N, D, 0, 5, Xtr, ytr, Xte, yte), OVP_EINVAL);
    cr_assert_eq(arora2019_split(X, y, N, D, N - 1, 5, Xtr, ytr, Xte, yte), OVP_EINVAL);
}

/* Without --label-ns the prefixes are n/8, n/4, n/2, n of whatever n is given, and
 * --n-test with --data is refused (the test rows are the held-out ones). */
Test(arora2019_data, prefixes_follow_n_and_n_test_needs_synthetic_data)
{
    void *p = NULL;
    char err[256] = "";
    char *small[] = {"--n", "50"};
    cr_assert_eq(configure(2, small, &p, err), OVP_OK, "%s", err);
    const arora2019_config *c = p;
    cr_assert(c->n_label_ns == 4 && c->label_ns[0] == 6 && c->label_ns[1] == 12 && c->label_ns[2] == 25 &&
                  c->label_ns[3] == 50,
              "prefixes %zu", c->n_label_ns);
    ovp_config_free(&ovp_harness_arora2019, p);
    char *tiny[] = {"--n", "3"}; /* random labels and the prefixes need a few samples */
    cr_assert_eq(configure(2, tiny, &p, err), OVP_EINVAL);
    cr_assert(strstr(err, "at least 4 training samples") && strstr(err, "--n"), "%s", err);
    char *ntest[] = {"--data", DIGITS, "--n-test", "100"};
    cr_assert_eq(configure(4, ntest, &p, err), OVP_EINVAL);
    cr_assert(strstr(err, "--test-fraction"), "%s", err);
}

/* Coincident synthetic points (d = 1: every x is +1 or -1) leave H_inf singular: refused
 * with the cause and the fix, never a claim computed from H_inf^-1. */
Test(arora2019_data, a_singular_h_inf_is_refused)
{
    arora2019_config c = base_config();
    c.d = 1;
    char err[512] = "";
    cr_assert_eq(test_refusal(&ovp_harness_arora2019, &c, err, sizeof err), OVP_EINVAL, "%s", err);
    cr_assert(strstr(err, "not certified positive definite") && strstr(err, "--d"), "%s", err);
}
