/* tests/test_relu2inst.c: the two-layer ReLU model instance: its data, λ₀ and its bound, the refusal. */
#include "du2019.h"
#include "config.h"
#include "gram.h"
#include "linalg.h"
#include "relu2inst.h"
#include "rng.h"
#include "run.h"
#include "status.h"
#include "testutil.h"
#include "theorems/du2019.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

static ovp_relu2inst_spec synthetic_spec(size_t n, size_t d, uint64_t seed)
{
    return (ovp_relu2inst_spec){.stream = "du2019", .seed = seed, .n = n, .d = d, .delta = 0.01};
}

static void build(const ovp_relu2inst_spec *spec, ovp_relu2inst *in)
{
    char err[512] = "";
    int st = ovp_relu2inst_build(spec, in, err, sizeof err);
    cr_assert_eq(st, OVP_OK, "%s", err);
}

Test(relu2inst, synthetic_data_are_unit_rows_from_the_keyed_stream)
{
    ovp_relu2inst in;
    ovp_relu2inst_spec spec = synthetic_spec(20, 10, 7);
    build(&spec, &in);
    cr_assert_eq(in.n_not_unit, 0);
    cr_assert_leq(in.max_norm_dev, OVP_UNIT_NORM_TOL(10));
    cr_assert(!in.user_data);
    /* the stream (du2019, data, seed): points first, then labels */
    double x[200], y[20];
    ovp_mat X = ovp_mat_view(x, 20, 10);
    gsl_rng *g = ovp_rng_stream("du2019", "data", 7);
    cr_assert(g != NULL);
    ovp_rng_sphere_rows(g, &X);
    ovp_rng_gaussian(g, 1.0, y, 20);
    gsl_rng_free(g);
    cr_assert_eq(memcmp(x, in.X.data, sizeof x), 0);
    cr_assert_eq(memcmp(y, in.y, sizeof y), 0);
    /* K = XXᵀ in full; H∞'s diagonal is K_ii/2 (angle 0) up to a few roundings */
    for (size_t i = 0; i < 20; i++) {
        for (size_t j = i + 1; j < 20; j++)
            cr_assert_eq(OVP_AT(&in.K, i, j), OVP_AT(&in.K, j, i));
        cr_assert_leq(fabs(OVP_AT(&in.Hinf, i, i) - 0.5 * OVP_AT(&in.K, i, i)), 4 * DBL_EPSILON);
    }
    ovp_relu2inst_free(&in);
    cr_assert(in.X.data == NULL && in.y == NULL);
}

Test(relu2inst, lambda0_of_orthonormal_rows_is_one_half_within_its_bound)
{
    /* x_i = e_i: K = I and H∞ = I/2 exactly, so λ₀ = λ_max = 1/2 and η = 2 */
    double x[16] = {0}, y[4] = {1, -1, 1, -1};
    for (size_t i = 0; i < 4; i++)
        x[5 * i] = 1.0;
    ovp_relu2inst_spec spec = {.n = 4, .d = 4, .X = x, .y = y, .delta = 0.01, .refuse_degenerate = 1};
    ovp_relu2inst in;
    build(&spec, &in);
    cr_assert(in.user_data);
    cr_assert_eq(in.lambda0_error, ovp_gram_lambda_error(4, 4, in.lambda_max));
    cr_assert_gt(in.lambda0_error, 0.0);
    cr_assert_leq(fabs(in.lambda0 - 0.5), in.lambda0_error);
    cr_assert_leq(fabs(in.lambda_max - 0.5), in.lambda0_error);
    cr_assert_eq(in.eta, 1.0 / in.lambda_max);
    cr_assert(!in.step_given);
    cr_assert_eq(memcmp(y, in.y, sizeof y), 0, "labels copied");
    ovp_relu2inst_free(&in);
}

Test(relu2inst, lambda0_agrees_with_the_full_spectrum_within_its_bound)
{
    ovp_relu2inst in;
    ovp_relu2inst_spec spec = synthetic_spec(30, 5, 3);
    build(&spec, &in);
    ovp_mat H = {0};
    ovp_work ws = {0};
    double w[30];
    cr_assert_eq(ovp_mat_alloc(30, 30, &H), OVP_OK);
    cr_assert_eq(ovp_mat_copy(&in.Hinf, &H), OVP_OK);
    cr_assert_eq(ovp_linalg_eig_sym(&H, w, NULL, &ws), OVP_OK);
    /* two backward-stable solvers, each within the bound of the exact value */
    cr_assert_leq(fabs(in.lambda0 - w[0]), 2 * in.lambda0_error, "%.17g vs %.17g", in.lambda0, w[0]);
    cr_assert_leq(fabs(in.lambda_max - w[29]), 2 * in.lambda0_error);
    cr_assert_gt(in.lambda0, in.lambda0_error, "n = 30 points in R^5: H∞ is positive definite");
    /* the widths and step P3 asks, at this λ₀ */
    cr_assert_eq(in.width_gd, du2019_width_for_gd(30, in.lambda0, 0.01));
    cr_assert_eq(in.width_init, du2019_width_for_init(30, in.lambda0, 0.01));
    cr_assert_eq(in.step_gd, du2019_step_for_gd(30, in.lambda0));
    ovp_mat_free(&H);
    ovp_work_free(&ws);
    ovp_relu2inst_free(&in);
}

Test(relu2inst, a_given_step_is_kept)
{
    ovp_relu2inst in;
    ovp_relu2inst_spec spec = synthetic_spec(10, 4, 1);
    spec.step = 0.3;
    build(&spec, &in);
    cr_assert_eq(in.eta, 0.3);
    cr_assert(in.step_given);
    ovp_relu2inst_free(&in);
}

/* Rows 2 and 4 (1-based) are the same unit vector: H∞ is singular. */
static double parallel_rows[12] = {1, 0, 0, 0.6, 0.8, 0, 0, 0, 1, 0.6, 0.8, 0};
static double parallel_labels[4] = {1, 2, 3, 4};

Test(relu2inst, parallel_rows_are_refused_naming_them)
{
    ovp_relu2inst_spec spec = {.n = 4, .d = 3, .X = parallel_rows, .y = parallel_labels, .refuse_degenerate = 1};
    ovp_relu2inst in;
    char err[512] = "";
    cr_assert_eq(ovp_relu2inst_build(&spec, &in, err, sizeof err), OVP_EDATA);
    cr_assert(strstr(err, "data rows 2 and 4 point in the same direction"), "%s", err);
    cr_assert(strstr(err, "lambda0 = lambda_min(H_inf)"), "%s", err);
    cr_assert(strstr(err, "Assumption 3.1"), "%s", err);
    cr_assert(in.X.data == NULL && in.K.data == NULL && in.Hinf.data == NULL && in.y == NULL,
              "a refused instance holds nothing");
    /* without the refusal (synthetic data) the instance is built and λ₀ is within its bound of 0 */
    spec.refuse_degenerate = 0;
    build(&spec, &in);
    cr_assert_leq(fabs(in.lambda0), in.lambda0_error);
    ovp_relu2inst_free(&in);
}

Test(relu2inst, empty_sizes_are_refused)
{
    ovp_relu2inst_spec spec = synthetic_spec(0, 3, 1);
    ovp_relu2inst in;
    char err[256] = "";
    cr_assert_eq(ovp_relu2inst_build(&spec, &in, err, sizeof err), OVP_EINVAL);
    cr_assert(strstr(err, "n=0"), "%s", err);
}

Test(relu2inst, unit_norm_check_counts_rows_off_the_sphere)
{
    const size_t d = 3;
    const double tol = OVP_UNIT_NORM_TOL(d);
    /* K's diagonal: exactly 1, within the tolerance, off by 2 tolerances, norm 2 */
    double k[16] = {0};
    k[0] = 1.0;
    k[5] = (1.0 + 0.5 * tol) * (1.0 + 0.5 * tol);
    k[10] = (1.0 + 4.0 * tol) * (1.0 + 4.0 * tol);
    k[15] = 4.0;
    ovp_mat K = ovp_mat_view(k, 4, 4);
    size_t n_not_unit;
    double dev;
    ovp_relu2inst_check_unit_norm(&K, d, &n_not_unit, &dev);
    cr_assert_eq(n_not_unit, 2);
    cr_assert_eq(dev, 1.0);
    /* and on an instance from user data: row 1 has norm 2 */
    double x[6] = {2, 0, 0, 0, 1, 0}, y[2] = {1, -1};
    ovp_relu2inst_spec spec = {.n = 2, .d = 3, .X = x, .y = y, .refuse_degenerate = 1};
    ovp_relu2inst in;
    build(&spec, &in);
    cr_assert_eq(in.n_not_unit, 1);
    cr_assert_eq(in.max_norm_dev, 1.0);
    ovp_relu2inst_free(&in);
}

Test(relu2inst, h0_frobenius_max_bounds_the_extreme_patterns)
{
    ovp_relu2inst in;
    ovp_relu2inst_spec spec = synthetic_spec(12, 4, 5);
    build(&spec, &in);
    /* every neuron active on every input (H(0) = K) and none (H(0) = 0): each within the maximum */
    double all = 0.0, none = 0.0;
    for (size_t i = 0; i < 12; i++)
        for (size_t j = 0; j < 12; j++) {
            double h = OVP_AT(&in.Hinf, i <= j ? i : j, i <= j ? j : i), dk = OVP_AT(&in.K, i, j) - h;
            all += dk * dk;
            none += h * h;
        }
    cr_assert_leq(all, in.h0_frob_sq_max * (1 + 1e-14));
    cr_assert_leq(none, in.h0_frob_sq_max * (1 + 1e-14));
    cr_assert_eq(in.h0_frob_sq_max, ovp_relu2inst_h0_frobenius_sq_max(&in.K, &in.Hinf));
    ovp_relu2inst_free(&in);
}

Test(relu2inst, records_its_parameters_and_quantities)
{
    ovp_relu2inst in;
    ovp_relu2inst_spec spec = synthetic_spec(10, 4, 2);
    build(&spec, &in);
    ovp_run r;
    ovp_run_init(&r, &du2019_paper, "ci", 2);
    ovp_relu2inst_record_params(&r, &in);
    ovp_relu2inst_record_quantities(&r, &in);
    const char *params[] = {"n", "d", "step", "step_rule", "delta", "data_model", "gram"};
    cr_assert_eq(r.n_params, sizeof params / sizeof *params);
    for (size_t k = 0; k < r.n_params; k++)
        cr_assert_str_eq(r.params[k].name, params[k]);
    cr_assert_eq(ovp_run_get_quantity(&r, "lambda0"), in.lambda0);
    cr_assert_eq(ovp_run_get_quantity(&r, "lambda0_error_bound"), in.lambda0_error);
    cr_assert_eq(ovp_run_get_quantity(&r, "step"), in.eta);
    cr_assert_eq(ovp_run_get_quantity(&r, "width_required_gd"), in.width_gd);
    cr_assert_eq(ovp_run_get_quantity(&r, "inputs_not_unit_norm"), 0.0);
    ovp_run_free(&r);
    ovp_relu2inst_free(&in);
}

/* results/du2019/ci/summary.json (seed 1): the instance du2019 ran on at ci. */
#define CI_LAMBDA0 0.18809780406661392
#define CI_LAMBDA_MAX 1.683644266751832
#define CI_H0_FROB_SQ_MAX 136.66977784028214

Test(relu2inst, the_ci_instance_is_the_one_du2019_recorded)
{
    du2019_config c;
    cr_assert_eq(ovp_config_for_scale(&ovp_harness_du2019, "ci", 1, &c), OVP_OK);
    ovp_relu2inst_spec spec = synthetic_spec(c.n, c.d, c.seed);
    spec.delta = c.delta;
    ovp_relu2inst in;
    build(&spec, &in);
    /* within λ₀'s error bound of the recorded value (another BLAS may round differently) */
    cr_assert_leq(fabs(in.lambda0 - CI_LAMBDA0), 2 * in.lambda0_error, "lambda0 %.17g", in.lambda0);
    cr_assert_leq(fabs(in.lambda_max - CI_LAMBDA_MAX), 2 * in.lambda0_error, "lambda_max %.17g", in.lambda_max);
    cr_assert_leq(fabs(in.h0_frob_sq_max - CI_H0_FROB_SQ_MAX), 1e-12 * CI_H0_FROB_SQ_MAX);
    cr_assert_eq(in.n_not_unit, 0);

    /* and du2019 builds exactly this instance from its ci config (one small task, no flow) */
    c.widths[0] = 400;
    c.n_widths = 1;
    c.iters = 1;
    c.flow_widths[0] = 0;
    c.n_flow_widths = 1;
    ovp_run r;
    test_run_harness(&ovp_harness_du2019, &c, 1, &r);
    cr_assert_eq(ovp_run_get_quantity(&r, "lambda0"), in.lambda0);
    cr_assert_eq(ovp_run_get_quantity(&r, "lambda0_error_bound"), in.lambda0_error);
    cr_assert_eq(ovp_run_get_quantity(&r, "lambda_max_hinf"), in.lambda_max);
    cr_assert_eq(ovp_run_get_quantity(&r, "step"), in.eta);
    cr_assert_eq(ovp_run_get_quantity(&r, "h0_hinf_frobenius_sq_max"), in.h0_frob_sq_max);
    cr_assert_eq(ovp_run_get_quantity(&r, "width_required_init"), in.width_init);
    ovp_run_free(&r);
    ovp_relu2inst_free(&in);
}

/* V diag(w) Vᵀ = H∞ and VᵀV = I, to the rounding of dsyevr (backward stable: a
 * residual of a few n·ε·‖H∞‖); the smallest eigenvalue is λ₀ within its bound. */
#define EIGENPAIR_TOL(n, norm) (10.0 * (double)(n) * DBL_EPSILON * (norm))

Test(relu2inst, the_eigenpairs_of_hinf_rebuild_it_and_are_orthonormal)
{
    enum { N = 30 };
    ovp_relu2inst in;
    ovp_relu2inst_spec spec = synthetic_spec(N, 5, 3);
    build(&spec, &in);
    double w[N];
    ovp_mat V = {0}, wrong = {0};
    cr_assert_eq(ovp_mat_alloc(N, N, &V), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(N, N - 1, &wrong), OVP_OK);
    cr_assert_eq(ovp_relu2inst_eigenpairs(&in, w, &wrong), OVP_EINVAL);
    cr_assert_eq(ovp_relu2inst_eigenpairs(&in, w, &V), OVP_OK);
    cr_assert_leq(fabs(w[0] - in.lambda0), 2 * in.lambda0_error);
    cr_assert_leq(fabs(w[N - 1] - in.lambda_max), 2 * in.lambda0_error);
    const double tol = EIGENPAIR_TOL(N, in.lambda_max);
    double worst_h = 0.0, worst_i = 0.0;
    for (size_t i = 0; i < N; i++)
        for (size_t j = i; j < N; j++) {
            double h = 0.0, g = 0.0;
            for (size_t k = 0; k < N; k++) {
                h += OVP_AT(&V, i, k) * w[k] * OVP_AT(&V, j, k);
                g += OVP_AT(&V, k, i) * OVP_AT(&V, k, j);
            }
            worst_h = fmax(worst_h, fabs(h - OVP_AT(&in.Hinf, i, j)));
            worst_i = fmax(worst_i, fabs(g - (i == j)));
        }
    cr_assert_leq(worst_h, tol, "|V diag(w) V' - H| = %.3g", worst_h);
    cr_assert_leq(worst_i, 10.0 * N * DBL_EPSILON, "|V'V - I| = %.3g", worst_i);
    ovp_mat_free(&V);
    ovp_mat_free(&wrong);
    ovp_relu2inst_free(&in);
}

