/* verify/models/relu2inst.c: an instance of the two-layer ReLU model of P3 (data, K, H∞, λ₀, the refusal). */
#include "relu2inst.h"
#include "eigcert.h"
#include "relu2inst_gram.h"
#include "gram.h"
#include "linalg.h"
#include "rng.h"
#include "work.h"

#include "theorems/du2019.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The unit-norm check on squared norms sq[i·stride], i < n. */
static void unit_norm(const double *sq, size_t stride, size_t n, size_t d, size_t *n_not_unit, double *max_dev)
{
    *n_not_unit = 0;
    *max_dev = 0.0;
    for (size_t i = 0; i < n; i++) {
        double dev = fabs(sqrt(sq[i * stride]) - 1.0);
        *max_dev = fmax(*max_dev, dev);
        *n_not_unit += !(dev <= OVP_UNIT_NORM_TOL(d));
    }
}

void ovp_relu2inst_check_unit_norm(const ovp_mat *K, size_t d, size_t *n_not_unit, double *max_dev)
{
    unit_norm(K->data, K->ld + 1, K->rows, d, n_not_unit, max_dev);
}

/* On K's diagonal, or (no K held) on the rows' sums of squares, the same d-term sums. */
static void check_norms(ovp_relu2inst *in)
{
    if (!in->data_only) {
        ovp_relu2inst_check_unit_norm(&in->K, in->d, &in->n_not_unit, &in->max_norm_dev);
        return;
    }
    double *sq = malloc(in->n * sizeof *sq);
    for (size_t i = 0; sq && i < in->n; i++)
        sq[i] = cblas_ddot((int)in->d, &OVP_AT(&in->X, i, 0), 1, &OVP_AT(&in->X, i, 0), 1);
    if (sq)
        unit_norm(sq, 1, in->n, in->d, &in->n_not_unit, &in->max_norm_dev);
    else /* cannot check: counted as not met */
        in->n_not_unit = in->n, in->max_norm_dev = NAN;
    free(sq);
}

/* H(0)_ij = K_ij · c_ij with c_ij ∈ [0, 1] the fraction of neurons active on
 * both x_i and x_j (c_ii on x_i), so the entry's deviation from H∞_ij is at most
 * max(|H∞_ij|, |K_ij − H∞_ij|) (a linear function of c_ij is extreme at an end);
 * the sum of their squares bounds the sum of the squared deviations. (The ends
 * need not be reachable together, so this may exceed the true maximum: a bound
 * at or above it still cannot fail.) */
double ovp_relu2inst_h0_frobenius_sq_max(const ovp_mat *K, const ovp_mat *Hinf)
{
    double s = 0.0;
    for (size_t i = 0; i < K->rows; i++)
        for (size_t j = i; j < K->cols; j++) {
            double t = du2019_h0_entry_deviation_max(OVP_AT(K, i, j), OVP_AT(Hinf, i, j));
            s += (i == j ? 1.0 : 2.0) * t * t;
        }
    return s;
}

int ovp_relu2inst_eigenpairs(const ovp_relu2inst *in, double *w, ovp_mat *V)
{
    if (V->rows != in->n || V->cols != in->n)
        return OVP_EINVAL;
    ovp_mat H = {0};
    ovp_work ws = {0};
    int st = ovp_mat_alloc(in->n, in->n, &H);
    if (!st)
        st = ovp_mat_copy(&in->Hinf, &H);
    if (!st)
        st = ovp_linalg_eig_sym(&H, w, V, &ws);
    ovp_work_free(&ws);
    ovp_mat_free(&H);
    return st;
}

void ovp_relu2inst_free(ovp_relu2inst *in)
{
    if (!in)
        return;
    if (!in->X_borrowed)
        ovp_mat_free(&in->X);
    ovp_mat_free(&in->K);
    ovp_mat_free(&in->Hinf);
    ovp_relu2inst_gram_free(in);
    free(in->y);
    memset(in, 0, sizeof *in);
}

/* X and y: the spec's copied, or drawn from the keyed stream (points, then labels). */
static int fill_data(const ovp_relu2inst_spec *spec, ovp_relu2inst *in)
{
    if (spec->X) {
        if (!in->X_borrowed)
            memcpy(in->X.data, spec->X, in->n * in->d * sizeof(double));
        memcpy(in->y, spec->y, in->n * sizeof(double));
        return OVP_OK;
    }
    gsl_rng *rng = ovp_rng_stream(spec->stream, "data", spec->seed);
    if (!rng)
        return OVP_ENOMEM;
    ovp_rng_sphere_rows(rng, &in->X);
    if (spec->label)
        for (size_t i = 0; i < in->n; i++)
            in->y[i] = spec->label(&OVP_AT(&in->X, i, 0), in->d);
    else
        ovp_rng_gaussian(rng, 1.0, in->y, in->n);
    gsl_rng_free(rng);
    return OVP_OK;
}

int ovp_relu2inst_build(const ovp_relu2inst_spec *spec, ovp_relu2inst *in, char *err, size_t errlen)
{
    memset(in, 0, sizeof *in);
    if (spec->n == 0 || spec->d == 0) {
        snprintf(err, errlen, "sizes must be positive (n=%zu d=%zu)", spec->n, spec->d);
        return OVP_EINVAL;
    }
    in->n = spec->n;
    in->d = spec->d;
    in->user_data = spec->X != NULL;
    in->label_name = spec->label ? spec->label_name : "y ~ N(0,1)";
    in->step_given = spec->step > 0;
    in->delta = spec->delta;
    in->form = ovp_relu2inst_gd_form(spec->gd_form, in->n, in->d);
    ovp_mat tmp = {0}; /* scratch for the eigensolver's factorisations */
    ovp_work ws = {0};
    int st = ovp_relu2inst_gram_choose(spec->gram, in->n, in->d, &in->gram, err, errlen);
    if (st)
        return st;
    /* K and H∞ are held here unless the distributed path alone is asked for (--data-only). */
    in->data_only = spec->data_only && in->gram.distributed;
    /* a dataset's X is used where it lies when the caller keeps it (8nd bytes less) */
    in->X_borrowed = spec->X && spec->borrow_X;
    if (in->X_borrowed)
        in->X = ovp_mat_view((double *)spec->X, in->n, in->d);
    else
        st = ovp_mat_alloc(in->n, in->d, &in->X);
    if (!st && !in->data_only)
        st = ovp_mat_alloc(in->n, in->n, &in->K);
    if (!st && !in->data_only)
        st = ovp_mat_alloc(in->n, in->n, &in->Hinf);
    if (!st && !in->gram.distributed)
        st = ovp_mat_alloc(in->n, in->n, &tmp);
    if (!st && !(in->y = malloc(in->n * sizeof *in->y)))
        st = OVP_ENOMEM;
    if (!st)
        st = fill_data(spec, in);
    if (st) {
        snprintf(err, errlen, "data of n = %zu, d = %zu: %s", in->n, in->d, ovp_status_str(st));
        goto fail;
    }

    if (!in->data_only) {
        if ((st = ovp_gram_inner(&in->X, &in->K)))
            goto gram_fail;
        ovp_mat_symmetrize_upper(&in->K);
        if ((st = ovp_gram_hinf(&in->X, &in->K, &in->Hinf)))
            goto gram_fail;
    }
    if (in->gram.distributed) {
        /* one distributed reduction gives both ends; the a priori error as for dsyevr */
        if ((st = ovp_relu2inst_gram_build(in, err, errlen)))
            goto fail;
        in->lambda0_error = ovp_gram_lambda_error(in->n, in->d, in->lambda_max);
    } else {
        /* λ₀ and λ_max certified by Cholesky (eigcert.h; dsyevr when H∞ is not
         * numerically positive definite): the error adds λ₀'s enclosure half-width
         * to the a priori bound for H∞'s entries and the solver. */
        ovp_eigcert e0, emax;
        if ((st = ovp_eigcert_min(&in->Hinf, &tmp, &ws, &e0)) ||
            (st = ovp_eigcert_max(&in->Hinf, &tmp, &ws, &emax)))
            goto lapack_fail;
        in->lambda0 = e0.value;
        in->lambda_max = emax.value;
        in->lambda0_error = ovp_gram_lambda_error(in->n, in->d, emax.upper) + e0.half_width;
    }
    if (spec->refuse_degenerate && !(in->lambda0 > in->lambda0_error)) {
        ovp_pair p = {0}; /* not searched without K: "degenerate data" */
        if (!in->data_only)
            ovp_dataset_closest_pair(&in->X, &in->K, &p);
        ovp_dataset_degenerate_message(&p, "lambda0 = lambda_min(H_inf)", in->lambda0, in->lambda0_error,
                                       "P3's Assumption 3.1 (lambda0 > 0) cannot be established on these data", err,
                                       errlen);
        st = OVP_EDATA;
        goto fail;
    }
    in->eta = in->step_given ? spec->step : 1.0 / in->lambda_max;
    check_norms(in);
    in->h0_frob_sq_max = in->data_only ? NAN : ovp_relu2inst_h0_frobenius_sq_max(&in->K, &in->Hinf);
    const double n = (double)in->n;
    in->width_gd = du2019_width_for_gd(n, in->lambda0, in->delta);
    in->width_init = du2019_width_for_init(n, in->lambda0, in->delta);
    in->step_gd = du2019_step_for_gd(n, in->lambda0);
    ovp_mat_free(&tmp);
    ovp_work_free(&ws);
    return OVP_OK;

gram_fail:
    snprintf(err, errlen, "Gram matrices K and H_inf (n = %zu, d = %zu): %s", in->n, in->d, ovp_status_str(st));
    goto fail;
lapack_fail:
    snprintf(err, errlen, "eigenvalues of H_inf (n = %zu): %s (info %d)", in->n, ovp_status_str(st),
             ovp_status_lapack_info());
fail:
    ovp_mat_free(&tmp);
    ovp_work_free(&ws);
    ovp_relu2inst_free(in);
    return st;
}

void ovp_relu2inst_record_params(ovp_run *r, const ovp_relu2inst *in)
{
    ovp_run_param_num(r, "n", (double)in->n);
    ovp_run_param_num(r, "d", (double)in->d);
    ovp_run_param_num(r, "step", in->eta);
    ovp_run_param_str(r, "step_rule", in->step_given ? "given (--step)" : "1/lambda_max(H_inf)");
    ovp_run_param_num(r, "delta", in->delta);
    char model[96];
    snprintf(model, sizeof model, "x uniform on S^{d-1}, %s", in->label_name);
    ovp_run_param_str(r, "data_model", in->user_data ? "user file" : model);
    ovp_relu2inst_gram_record(r, in);
}

void ovp_relu2inst_record_quantities(ovp_run *r, const ovp_relu2inst *in)
{
    const double l0 = in->lambda0, eta = in->eta;
    ovp_run_quantity(r, l0, "lambda0");
    ovp_run_quantity(r, in->lambda0_error, "lambda0_error_bound");
    ovp_run_quantity(r, in->lambda_max, "lambda_max_hinf");
    ovp_run_quantity(r, eta, "step");
    ovp_run_quantity(r, eta * l0 / 2, "eta_lambda0_half");
    ovp_run_quantity(r, eta * l0, "eta_lambda0");
    /* Linearised dynamics u − y ← (I − ηH∞)(u − y): the slowest mode's ‖·‖² contracts by (1 − ηλ₀)². */
    ovp_run_quantity(r, 1.0 - (1.0 - eta * l0) * (1.0 - eta * l0), "rate_linearised_slowest");
    ovp_run_quantity(r, in->width_gd, "width_required_gd");
    ovp_run_quantity(r, in->width_init, "width_required_init");
    if (!in->data_only)
        ovp_run_quantity(r, in->h0_frob_sq_max, "h0_hinf_frobenius_sq_max");
    if (in->step_given && eta * in->lambda_max >= 2.0)
        ovp_run_note(r, "the step eta = %.4g is at or above 2/lambda_max(H_inf) = %.4g: GD diverges along H_inf's "
                        "top eigenvector (|1 - eta lambda_max| >= 1), so the convergence claims are expected to fail",
                     eta, 2.0 / in->lambda_max);
    ovp_run_quantity(r, (double)in->n_not_unit, "inputs_not_unit_norm");
    ovp_run_quantity(r, in->step_gd, "step_required_gd");
}

ovp_relu2_gd_form ovp_relu2inst_gd_form(const char *choice, size_t n, size_t d)
{
    if (choice && strcmp(choice, "primal") == 0)
        return OVP_RELU2_GD_PRIMAL;
    if (choice && strcmp(choice, "sample") == 0)
        return OVP_RELU2_GD_SAMPLE;
    return ovp_relu2_gd_cheaper(n, d);
}

const char *ovp_relu2inst_gd_form_name(ovp_relu2_gd_form form)
{
    return form == OVP_RELU2_GD_PRIMAL ? "primal" : "sample space";
}

int ovp_relu2inst_net_init(const ovp_relu2inst *in, size_t m, double kappa, gsl_rng *g, ovp_relu2inst_net *net)
{
    *net = (ovp_relu2inst_net){0};
    int st = ovp_mat_alloc(m, in->d, &net->W0);
    if (!st)
        st = ovp_mat_alloc(in->n, in->n, &net->H);
    if (!st)
        st = ovp_relu2_gd_alloc_form(in->n, in->d, m, in->form, 1, &net->gd);
    if (!st && !(net->a = malloc(m * sizeof *net->a)))
        st = OVP_ENOMEM;
    if (st) {
        ovp_relu2inst_net_free(net);
        return st;
    }
    ovp_rng_gaussian_mat(g, kappa, &net->W0); /* w_r(0) ~ N(0, κ²I) */
    ovp_rng_signs(g, net->a, m);              /* a_r ~ unif{−1, +1} */
    return OVP_OK;
}

void ovp_relu2inst_net_free(ovp_relu2inst_net *net)
{
    ovp_mat_free(&net->W0);
    ovp_mat_free(&net->H);
    free(net->a);
    ovp_relu2_gd_free(&net->gd);
    ovp_work_free(&net->ws);
    *net = (ovp_relu2inst_net){0};
}
