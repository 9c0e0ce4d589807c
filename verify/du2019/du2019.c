/* verify/du2019/du2019.c: Du, Zhai, Póczos, Singh (ICLR 2019), two-layer ReLU.
 *
 * Data X (n×d, unit rows) and labels y; H∞ by its closed form and
 * λ₀ = λ_min(H∞) by a range-limited dsyevr. One task per (width m, replicate):
 * GD for `iters` steps from w_r(0) ~ N(0, I), a_r ~ unif{±1}, in the form with
 * fewer flops a step (sample space Z ← Z − ηKB, 2n²m, unless 2d < n: primal, 4ndm;
 * --gd-form), both through kernels/models/relu2.h's one interface,
 * recording at every iterate the residual, the activation-pattern flips, the
 * largest distance from init and λ_min(H(k)) (decided against λ₀/2 by
 * Cholesky at every k; the value itself by dsyevr every eig_every iterations
 * and wherever the Cholesky test fails). At the flow widths (default: the
 * smallest) the same task then integrates the gradient flow from the same
 * W(0), a (section 3; kernels/models/relu2flow.h) twice, at two tolerances.
 * Reduce turns the traces into claims. */
#include "du2019.h"
#include "dataset.h"
#include "gram.h"
#include "linalg.h"
#include "relu2.h"
#include "relu2flow.h"
#include "relu2inst.h"
#include "rng.h"
#include "stats.h"
#include "status.h"

#include "theorems/du2019.h"

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_TRACE, T_WIDTHS, T_FLOW, N_TABLES };

static const ovp_table_spec tables[N_TABLES] = {
    [T_TRACE] = {"trace", "m,replicate,iter,residual_sq,residual_sq_ratio,rate_bound,"
                          "pattern_flip_fraction,pattern_ever_flipped_fraction,max_dist_from_init,"
                          "radius_Rprime,hk_lambda_min_over_lambda0,hk_above_half_lambda0"},
    [T_WIDTHS] = {"widths", "m,replicate,residual0,lambda_min_h0,h0_hinf_frobenius_sq,"
                            "h0_frobenius_bound,min_lambda_hk,max_dist_from_init,radius_Rprime,"
                            "ever_flipped_fraction,flip_fraction_final,fitted_rate,"
                            "residual_sq_ratio_final"},
    [T_FLOW] = {"flow", "m,replicate,t,residual_sq,residual_sq_error,residual_sq_ratio,rate_bound,"
                        "max_dist_from_init,max_dist_error,radius_flow,lambda_min_h,lambda_min_lower,"
                        "flips,sliding,ever_changed_fraction"},
};

/* Rounding error of a computed λ_min(H(k)), by Weyl's inequality. H(k)_ij =
 * K_ij·(PPᵀ)_ij/m: (PPᵀ)_ij is an exact integer (dsyrk of 0/1 entries, < 2^53),
 * times fl(1/m) and K_ij = fl(x_iᵀx_j) (|ΔK_ij| ≤ γ_d‖x_i‖‖x_j‖), then the
 * product: |ΔH_ij| ≤ γ_{d+3}·max_i ‖x_i‖² (Higham, Accuracy and Stability, §3.1).
 * ‖ΔH‖₂ ≤ n·max|ΔH_ij|, and dsyevr adds n·u·‖H‖₂ (LAPACK Users' Guide §4.7,
 * p(n) = n). lambda_max_bound is an upper bound of ‖H(k)‖₂. */
static double hk_lambda_error(size_t n, size_t d, double max_sq_norm, double lambda_max_bound)
{
    const double u = DBL_EPSILON / 2, m = (double)(d + 3);
    return (double)n * (m * u / (1.0 - m * u)) * max_sq_norm + (double)n * u * lambda_max_bound;
}

/* ---------------------------------------------------------------- config */

static const du2019_config scale_ci = {
    .n = 100, .d = 50, .widths = {400, 1600, 6400, 25600}, .n_widths = 4, .iters = 100, .replicates = 1,
    .delta = 0.01, .eig_every = 1, .gd_form = "auto",
};
static const du2019_config scale_paper = {
    .n = 1000, .d = 1000, .widths = {100, 300, 1000, 3000, 10000}, .n_widths = 5, .iters = 100, .replicates = 1,
    .delta = 0.01, .eig_every = 10, .gd_form = "auto",
    .n_flow_widths = 1, /* flow_widths {0}: none; at n = 1000 the flow is out of reach (docs/du2019.md) */
};
static const ovp_config_scale scales[] = {{"ci", &scale_ci, NULL}, {"paper", &scale_paper, NULL}};

static const ovp_opt_spec options[] = {
    OVP_RELU2INST_SIZE_OPTIONS("(ci 100, paper 1000)", "(ci 50, paper 1000)", "(ci 400..25600, paper 100..10000)",
                               "(default 100)"),
    OVP_RELU2INST_OPTIONS,
    {"eig-every", OVP_OPT_UINT, "J", "eigenvalue of H(k) every J iterations (ci 1, paper 10)", 1, 1e7, NULL},
    {"flow-widths", OVP_OPT_UINT_LIST, "M1,M2,..",
     "widths at which the gradient flow is also integrated (ci: the smallest width; paper: none; 0: none)", 0, 1e8,
     NULL},
};

static const ovp_config_field fields[] = {
    OVP_RELU2INST_CONFIG_FIELDS(du2019_config),
    OVP_CONFIG_FIELD(du2019_config, "eig-every", eig_every),
    OVP_CONFIG_LIST(du2019_config, "flow-widths", flow_widths, n_flow_widths),
};

static int finish(const ovp_args *args, ovp_run *r, void *config, char *err, size_t errlen)
{
    du2019_config *c = config;
    c->refuse_degenerate = c->X != NULL; /* user data: parallel inputs are bad input */
    (void)args, (void)r;
    return ovp_relu2inst_check_spec(&OVP_RELU2INST_SPEC("du2019", c), err, errlen);
}

/* Sizes the machine cannot hold are refused before any allocation: per task
 * five n×m arrays, W(0) and the primal form's W, W0, G (the gradient flow, run after GD is freed, holds
 * four n×m arrays, 10 bytes per pair (i, r) more and four n×n); shared X, K,
 * H∞ and one n×n scratch per task (ovp_relu2inst_shared_bytes: X, K, H∞ and the
 * eigensolver's copy, or a rank's share of the distributed H∞). */
static double peak_bytes(const void *config, int threads, char *what, size_t whatlen)
{
    const du2019_config *c = config;
    double max_m = 0;
    for (size_t i = 0; i < c->n_widths; i++)
        max_m = fmax(max_m, c->widths[i]);
    double n = (double)c->n, d = (double)c->d;
    double shared = ovp_relu2inst_shared_bytes(&OVP_RELU2INST_SPEC("du2019", c), what, whatlen, "du2019");
    if (c->data_only)
        return shared;
    snprintf(what + strlen(what), whatlen - strlen(what), ", m = %.0f", max_m);
    return shared + 8.0 * (5.5 * n * max_m + 4 * max_m * d + 5 * n * n) * (double)threads;
}

static const ovp_config_spec config_spec =
    OVP_RELU2INST_CONFIG_SPEC(du2019_config, "P3 assumes ||x_i|| = 1", finish, peak_bytes);
/* ---------------------------------------------------------------- setup */

typedef struct {
    du2019_config cfg;
    ovp_relu2inst inst; /* X, y, K, H∞, λ₀ and the step (verify/models/relu2inst.h) */
} state;

static void free_state(void *p)
{
    state *s = p;
    if (!s)
        return;
    ovp_relu2inst_free(&s->inst);
    free(s);
}

static int setup(ovp_run *r, const void *config, void **state_p, size_t *n_tasks, char *err,
                 size_t errlen)
{
    const du2019_config *cfg = config;
    if (cfg->n == 0 || cfg->d == 0 || cfg->n_widths == 0 || cfg->iters == 0 || cfg->replicates == 0) {
        snprintf(err, errlen, "sizes must be positive (n=%zu d=%zu widths=%zu iters=%zu)", cfg->n,
                 cfg->d, cfg->n_widths, cfg->iters);
        return OVP_EINVAL;
    }
    state *s = calloc(1, sizeof *s);
    if (!s)
        return OVP_ENOMEM;
    s->cfg = *cfg;
    int st = ovp_relu2inst_build(&OVP_RELU2INST_SPEC("du2019", cfg), &s->inst, err, errlen);
    if (st) {
        free(s);
        return st;
    }
    ovp_relu2inst_record_params(r, &s->inst);
    ovp_run_param_list(r, "widths", cfg->widths, cfg->n_widths);
    ovp_run_param_num(r, "iters", (double)cfg->iters);
    ovp_run_param_str(r, "gd_form", ovp_relu2inst_gd_form_name(s->inst.form));
    ovp_run_param_num(r, "replicates", (double)cfg->replicates);
    ovp_run_param_num(r, "eig_every", (double)cfg->eig_every);
    *n_tasks = cfg->data_only ? 0 : cfg->n_widths * cfg->replicates;
    *state_p = s;
    return OVP_OK;
}

/* ---------------------------------------------------------------- task */

static size_t task_width(const state *s, size_t i) { return (size_t)s->cfg.widths[i / s->cfg.replicates]; }
static size_t task_replicate(const state *s, size_t i) { return i % s->cfg.replicates; }

/* A GD step costs ~min(2n², 4nd)m flops plus n²m for H(k) by dsyrk: cost ∝ m for the ETA. */
static double task_cost(const void *sp, size_t i) { return (double)task_width(sp, i); }

static void task_label(const void *sp, size_t i, char *buf, size_t len)
{
    const state *s = sp;
    snprintf(buf, len, "m=%zu replicate=%zu", task_width(s, i), task_replicate(s, i));
}

/* ‖A − B‖_F² over symmetric matrices given by their upper triangles. */
static double sym_dist_fro_sq(const ovp_mat *A, const ovp_mat *B)
{
    double s = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = i; j < A->cols; j++) {
            double t = OVP_AT(A, i, j) - OVP_AT(B, i, j);
            s += (i == j ? 1.0 : 2.0) * t * t;
        }
    return s;
}

typedef struct {
    ovp_relu2inst_net net; /* W(0), a, the GD state, H and a workspace */
    double *log_res, *iter;
    gsl_rng *rng;
} task_mem;

static void task_mem_free(task_mem *t)
{
    ovp_relu2inst_net_free(&t->net);
    free(t->log_res);
    free(t->iter);
    if (t->rng)
        gsl_rng_free(t->rng);
}

/* ---------------------------------------------------------------- gradient flow (section 3)
 *
 * From the task's W(0) and a, the flow dw_r/dt = −∂L/∂w_r is integrated event by
 * event (kernels/models/relu2flow.h: rk8pd between pattern flips, Filippov sliding where
 * the field points into z_ir = 0 from both sides) to the horizon T = iters·η,
 * the time GD's iterations span (so its trace and the flow's share a time axis),
 * capped where the bound exp(−λ₀T) reaches FLOW_BOUND_FLOOR. Two solves, at
 * FLOW_TOL and at FLOW_TOL_CHECK = 100 FLOW_TOL: their difference at the record
 * times estimates the looser one's global error, so it bounds the tighter one's
 * (which the claims read) by far, and it counts for every claim (the project's
 * rule for a conclusion's numerical error, docs/TOLERANCES.md). */

/* eps_rel of rk8pd in the solve the claims read. The flow is linear between
 * events, so rk8pd reaches it in steps of 0.1–1 time units; the errors of the
 * whole flow measured on the ci instance are linear in the tolerance (relative
 * error of ‖r(T)‖²: 2.6e-5, 2.9e-6, 2.7e-7, 2.4e-8 at 1e-7 ... 1e-10). 1e-11
 * keeps every rounding-level quantity (z is O(1), sums of n terms) 100 times
 * below the event tolerance z_eps = FLOW_ZEPS_FACTOR·eps_rel. */
#define FLOW_TOL 1e-11
/* The check solve: 100 times looser; its difference from the FLOW_TOL solve is
 * the error estimate (about 100 times the error it is added to). */
#define FLOW_TOL_CHECK 1e-9
/* eps_abs = eps_rel · FLOW_ABS_SCALE · rms r_i(0): relative control until a
 * residual component falls a million-fold; at T the residual is ~1e-5 ‖r(0)‖. */
#define FLOW_ABS_SCALE 1e-6
/* A flip is applied where z has passed 0 by z_eps = 10 eps_rel (at most 2 z_eps):
 * 1e-10 ≫ the rounding of a computed z (~1e-15), and the flip's delay z_eps/|ż|
 * moves the trajectory by less than the ODE error (checked: the error estimate
 * scales with the tolerance, event tolerance included). */
#define FLOW_ZEPS_FACTOR 10.0
/* Candidates of a segment: |z_ir| ≤ 0.05 κ_i/max κ. Smaller bands mean more
 * rebuilds (2n²m flops each), larger ones more candidate evaluations per step;
 * 0.05 (about 4 % of the pairs) was fastest on the ci instance (0.02–0.1 within 40 %). */
#define FLOW_BAND 0.05
/* Record times t_k = T (k/FLOW_RECORDS)², k = 1..FLOW_RECORDS (a rebuild of Z,
 * the distances and an exact λ_min(H) each): dense early, where ‖r‖ is large,
 * so the distance bound between records (√(tr K/m) ∫‖r‖ over the interval) stays
 * small; uniform times put a sixth of ∫₀ᵀ‖r‖ into the first interval at ci. */
#define FLOW_RECORDS 40
/* The horizon stops where exp(−λ₀T) = 1e-10: further on the residual is below
 * the absolute error floor of FLOW_ABS_SCALE. */
#define FLOW_BOUND_FLOOR 1e-10

static int flow_at(const du2019_config *cfg, size_t m)
{
    if (cfg->n_flow_widths == 0) {
        double lo = INFINITY;
        for (size_t i = 0; i < cfg->n_widths; i++)
            lo = fmin(lo, cfg->widths[i]);
        return (double)m == lo;
    }
    for (size_t i = 0; i < cfg->n_flow_widths; i++)
        if (cfg->flow_widths[i] == (double)m)
            return 1;
    return 0;
}

static double flow_horizon(const state *s)
{
    return fmin((double)s->cfg.iters * s->inst.eta, -log(FLOW_BOUND_FLOOR) / s->inst.lambda0);
}

/* The trajectory points of a solve (every accepted step and event time). */
typedef struct {
    double *t, *rsq;
    size_t n, cap;
    int oom;
} flow_points;

static void flow_on_step(void *ctx, double t, double residual_sq)
{
    flow_points *p = ctx;
    if (p->oom)
        return;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        double *t2 = realloc(p->t, cap * sizeof *t2);
        if (t2)
            p->t = t2;
        double *r2 = t2 ? realloc(p->rsq, cap * sizeof *r2) : NULL;
        if (!r2) {
            p->oom = 1;
            return;
        }
        p->rsq = r2;
        p->cap = cap;
    }
    p->t[p->n] = t;
    p->rsq[p->n++] = residual_sq;
}

typedef struct {
    ovp_relu2flow_record rec[FLOW_RECORDS];
    size_t n_rec;
    ovp_relu2flow_stats st;
    flow_points pts;
} flow_solve_out;

static int flow_solve(const state *s, const ovp_mat *W0, const double *a, size_t m, double tol, double T,
                      double rms0, flow_solve_out *out)
{
    ovp_relu2flow *f;
    int st = ovp_relu2flow_alloc(s->inst.n, m, &f);
    if (st)
        return st;
    ovp_relu2flow_opts o = {
        .eps_abs = tol * FLOW_ABS_SCALE * rms0,
        .eps_rel = tol,
        .z_eps = FLOW_ZEPS_FACTOR * tol,
        .band = FLOW_BAND,
        .lambda_floor = 0.5 * s->inst.lambda0,
        .max_sliding = OVP_RELU2FLOW_SMAX,
        .on_step = flow_on_step,
        .ctx = &out->pts,
    };
    st = ovp_relu2flow_start(f, &s->inst.X, &s->inst.K, W0, a, s->inst.y, &o);
    for (size_t k = 1; k <= FLOW_RECORDS && !st; k++) {
        double x = (double)k / FLOW_RECORDS;
        st = ovp_relu2flow_advance(f, T * x * x, &out->rec[out->n_rec++]);
        ovp_relu2flow_get_stats(f, &out->st);
        if (out->st.stop)
            break;
    }
    ovp_relu2flow_get_stats(f, &out->st);
    ovp_relu2flow_free(f);
    return st ? st : out->pts.oom ? OVP_ENOMEM : OVP_OK;
}

static void flow_solve_free(flow_solve_out *o)
{
    if (o) {
        free(o->pts.t);
        free(o->pts.rsq);
        free(o);
    }
}

/* Both solves, the error estimates, the flow table and the task's flow values. */
static int run_flow(const state *s, const ovp_mat *W0, const double *a, size_t m, size_t rep, double residual0,
                    double lambda_h0, ovp_task_out *out)
{
    const size_t n = s->inst.n;
    const double T = flow_horizon(s), r0sq = residual0 * residual0, l0 = s->inst.lambda0;
    flow_solve_out *chk = calloc(1, sizeof *chk), *fl = calloc(1, sizeof *fl);
    int st = chk && fl ? OVP_OK : OVP_ENOMEM;
    if (!st)
        st = flow_solve(s, W0, a, m, FLOW_TOL_CHECK, T, residual0 / sqrt((double)n), chk);
    if (!st)
        st = flow_solve(s, W0, a, m, FLOW_TOL, T, residual0 / sqrt((double)n), fl);
    if (st) {
        flow_solve_free(chk);
        flow_solve_free(fl);
        return st;
    }
    /* global error estimates at the records both solves reached; a record the check
     * solve did not reach has none (NaN), and then no estimate covers the whole flow */
    double rel_err = 0.0, dist_err = 0.0, rsq_err[FLOW_RECORDS], dist_e[FLOW_RECORDS];
    int covered = chk->n_rec >= fl->n_rec;
    for (size_t k = 0; k < FLOW_RECORDS; k++)
        rsq_err[k] = dist_e[k] = NAN;
    for (size_t k = 0; k < fl->n_rec && k < chk->n_rec; k++) {
        const ovp_relu2flow_record *p = &fl->rec[k], *q = &chk->rec[k];
        if (p->t != q->t) {
            covered = 0;
            continue;
        }
        rsq_err[k] = fabs(p->residual_sq - q->residual_sq);
        dist_e[k] = fabs(p->max_dist_from_init - q->max_dist_from_init);
        rel_err = fmax(rel_err, rsq_err[k] / p->residual_sq);
        dist_err = fmax(dist_err, dist_e[k]);
    }
    /* P3.T3.1 at every trajectory point t > 0: (1/t) ln(‖r(0)‖²/‖r(t)‖²) with ‖r(t)‖²
     * deflated by the relative error estimate (a conclusion's numerical error counts
     * for it, docs/TOLERANCES.md: a FAIL is then certain up to the estimate) */
    double exponent = INFINITY, worst_ratio = 0.0, worst_t = NAN;
    for (size_t k = 0; k < fl->pts.n; k++) {
        double t = fl->pts.t[k], rsq = fl->pts.rsq[k] * fmax(1.0 - rel_err, 0.0);
        if (!(t > 0.0))
            continue;
        exponent = fmin(exponent, log(r0sq / rsq) / t);
        double ratio = rsq / (r0sq * du2019_rate_flow(l0, t));
        if (ratio > worst_ratio) {
            worst_ratio = ratio;
            worst_t = t;
        }
    }
    /* P3.L3.3: ‖ẇ_r‖ ≤ (1/√m) Σ_i |r_i| ‖x_i‖ ≤ √(tr K/m) ‖r‖, so between records d_k and
     * d_{k+1} with ∫‖r‖ = Q no neuron is further than (d_k + d_{k+1} + √(tr K/m) Q)/2 */
    double tr_K = 0.0;
    for (size_t i = 0; i < n; i++)
        tr_K += OVP_AT(&s->inst.K, i, i);
    const double speed = sqrt(tr_K / (double)m), radius = du2019_radius_flow((double)n, residual0, (double)m, l0);
    double prev = 0.0, dist_sup = 0.0, dist_max = 0.0, int_res = 0.0;
    double lam_lower = INFINITY, lam_exact = lambda_h0, mismatch = 0.0, drift = 0.0;
    ovp_task_row(out, T_FLOW, 15,
                 (double[]){(double)m, (double)rep, 0.0, r0sq, 0.0, 1.0, 1.0, 0.0, 0.0, radius, lambda_h0, lambda_h0,
                            0.0, 0.0, 0.0});
    for (size_t k = 0; k < fl->n_rec; k++) {
        const ovp_relu2flow_record *p = &fl->rec[k];
        dist_sup = fmax(dist_sup, 0.5 * (prev + p->max_dist_from_init + speed * p->integral_residual));
        prev = p->max_dist_from_init;
        dist_max = fmax(dist_max, p->max_dist_from_init);
        int_res += p->integral_residual;
        lam_lower = fmin(lam_lower, p->lambda_min_lower);
        lam_exact = fmin(lam_exact, p->lambda_min);
        mismatch = fmax(mismatch, p->residual_mismatch);
        drift = fmax(drift, p->sliding_drift);
        ovp_task_row(out, T_FLOW, 15,
                     (double[]){(double)m, (double)rep, p->t, p->residual_sq, rsq_err[k], p->residual_sq / r0sq,
                                du2019_rate_flow(l0, p->t), p->max_dist_from_init, dist_e[k], radius, p->lambda_min,
                                p->lambda_min_lower, (double)p->flips, (double)p->sliding_now,
                                (double)p->ever_changed / ((double)n * (double)m)});
    }
    const ovp_relu2flow_stats *fs = &fl->st;
    double t_end = fl->n_rec ? fl->rec[fl->n_rec - 1].t : 0.0;
    const struct {
        const char *name;
        double value;
    } v[] = {
        {"flow_ran", 1.0},
        {"flow_T", T},
        {"flow_t_end", t_end},
        {"flow_stop", (double)fs->stop},
        {"flow_check_stop", (double)chk->st.stop},
        {"flow_err_covered", (double)covered},
        {"flow_check_t_end", chk->n_rec ? chk->rec[chk->n_rec - 1].t : 0.0},
        {"flow_t_first_sliding", fs->t_first_sliding},
        {"flow_exponent", exponent},
        {"flow_worst_ratio", worst_ratio},
        {"flow_worst_t", worst_t},
        {"flow_points", (double)fl->pts.n},
        {"flow_rel_err", rel_err},
        {"flow_dist_err", dist_err},
        {"flow_dist_sup", dist_sup},
        {"flow_dist_max", dist_max},
        {"flow_dist_limit", speed * residual0 * t_end},
        {"flow_int_residual", int_res},
        {"flow_radius", radius},
        {"flow_speed", speed},
        {"flow_lambda_lower", lam_lower},
        {"flow_lambda_exact_min", lam_exact},
        {"flow_h_rounding", fs->h_rounding},
        {"flow_flips", (double)fs->flips},
        {"flow_slide_enter", (double)fs->slide_enter},
        {"flow_slide_exit", (double)fs->slide_exit},
        {"flow_grazing", (double)fs->grazing},
        {"flow_repelling", (double)fs->repelling},
        {"flow_excursions", (double)fs->excursions},
        {"flow_missed", (double)fs->missed},
        {"flow_events", (double)fs->events},
        {"flow_steps", (double)fs->steps},
        {"flow_locate_steps", (double)fs->locate_steps},
        {"flow_segments", (double)fs->segments},
        {"flow_eig_evals", (double)fs->eig_evals},
        {"flow_max_candidates", (double)fs->max_candidates},
        {"flow_max_sliding", (double)fs->max_sliding},
        {"flow_max_sliding_neuron", (double)fs->max_sliding_per_neuron},
        {"flow_mismatch", mismatch},
        {"flow_drift", drift},
        {"flow_ever_changed",
         fl->n_rec ? (double)fl->rec[fl->n_rec - 1].ever_changed / ((double)n * (double)m) : 0.0},
    };
    for (size_t k = 0; k < sizeof v / sizeof *v; k++)
        ovp_task_set(out, v[k].name, v[k].value);
    flow_solve_free(chk);
    flow_solve_free(fl);
    return OVP_OK;
}

static int run_task(const void *sp, size_t index, ovp_task_out *out)
{
    const state *s = sp;
    const du2019_config *cfg = &s->cfg;
    const size_t n = s->inst.n, m = task_width(s, index), rep = task_replicate(s, index), K = cfg->iters;
    char key[64];
    snprintf(key, sizeof key, "m=%zu replicate=%zu", m, rep);
    task_mem t = {0};
    int st = OVP_OK;
    if (!(t.log_res = malloc((K + 1) * sizeof(double))) || !(t.iter = malloc((K + 1) * sizeof(double))) ||
        !(t.rng = ovp_rng_stream("du2019", key, cfg->seed)))
        st = OVP_ENOMEM;
    if (!st)
        st = ovp_relu2inst_net_init(&s->inst, m, 1.0, t.rng, &t.net); /* w_r(0) ~ N(0, I), a_r ~ unif{±1} */
    if (st) {
        task_mem_free(&t);
        return ovp_task_fail(out, st, "allocating n=%zu m=%zu: %s", n, m, ovp_status_str(st));
    }
    if ((st = ovp_relu2_gd_start(&t.net.gd, &s->inst.X, &t.net.W0))) {
        task_mem_free(&t);
        return ovp_task_fail(out, st, "GD start at m=%zu: %s", m, ovp_status_str(st));
    }

    const double half_lambda0 = 0.5 * s->inst.lambda0;
    double residual0 = NAN, Rprime = NAN, worst_ratio = -INFINITY, worst_obs = NAN, worst_bound = NAN;
    double min_lambda_hk = INFINITY, lambda_min_h0 = NAN, h0_frob_sq = NAN, max_dist = 0.0;
    double flip_final = NAN, ever_final = NAN, res_final = NAN;
    size_t worst_k = 0, cholesky_failures = 0;
    const char *failed = "eigenvalue test of H(k)"; /* the step whose status st is */
    for (size_t k = 0; k <= K; k++) {
        ovp_relu2_stats gs;
        if ((st = ovp_relu2_gd_eval(&t.net.gd, t.net.a, s->inst.y, &gs))) {
            failed = "GD pass";
            break;
        }
        if (k == 0) {
            residual0 = sqrt(gs.residual_sq);
            Rprime = du2019_radius_Rprime((double)n, residual0, (double)m, s->inst.lambda0);
        }
        /* H(k) from the pattern of this iterate; λ_min(H(k)) ≥ λ₀/2 by Cholesky. */
        if ((st = ovp_gram_hk(&s->inst.K, &t.net.gd.P, &t.net.H))) {
            failed = "H(k) from the pattern";
            break;
        }
        int above = 0;
        if ((st = ovp_linalg_is_pd_shifted(&t.net.H, half_lambda0, &t.net.ws, &above)))
            break;
        cholesky_failures += !above;
        double lam = NAN;
        if (k == 0)
            h0_frob_sq = sym_dist_fro_sq(&t.net.H, &s->inst.Hinf);
        if (k == 0 || k == K || !above || k % cfg->eig_every == 0) {
            if ((st = ovp_linalg_eig_min(&t.net.H, &lam, &t.net.ws)))
                break;
            min_lambda_hk = fmin(min_lambda_hk, lam);
            if (k == 0)
                lambda_min_h0 = lam;
        }
        double bound = du2019_rate_bound(s->inst.eta, s->inst.lambda0, (double)k);
        double ratio = gs.residual_sq / (residual0 * residual0);
        if (k >= 1 && ratio / bound > worst_ratio) { /* k = 0 holds with equality */
            worst_ratio = ratio / bound;
            worst_k = k;
            worst_obs = ratio;
            worst_bound = bound;
        }
        max_dist = fmax(max_dist, gs.max_dist_from_init);
        t.iter[k] = (double)k;
        t.log_res[k] = log(gs.residual_sq);
        flip_final = gs.pattern_flip_fraction;
        ever_final = gs.pattern_ever_flipped_fraction;
        res_final = ratio;
        ovp_task_row(out, T_TRACE, 12,
                     (double[]){(double)m, (double)rep, (double)k, gs.residual_sq, ratio, bound,
                                gs.pattern_flip_fraction, gs.pattern_ever_flipped_fraction,
                                gs.max_dist_from_init, Rprime, lam / s->inst.lambda0, (double)above});
        if (!isfinite(gs.residual_sq))
            break; /* diverged: the rate claim has already failed */
        if (k < K && (st = ovp_relu2_gd_step(&t.net.gd, &s->inst.K, s->inst.eta))) {
            failed = "GD step";
            break;
        }
    }
    if (st) {
        task_mem_free(&t);
        return ovp_task_fail(out, st, "%s at m=%zu: %s (info %d)", failed, m, ovp_status_str(st),
                             ovp_status_lapack_info());
    }
    /* Lemma 4.1's set at R = max_dist: pairs (i, r) with |w_r(0)ᵀx_i| ≤ R‖x_i‖, the
     * only ones whose pattern a neuron within R of its start can flip (|Δz_ir| ≤ R‖x_i‖). */
    size_t can_flip = 0;
    for (size_t i = 0; i < n; i++) {
        const double *z0 = &OVP_AT(&t.net.gd.Z0, i, 0), rx = max_dist * sqrt(OVP_AT(&s->inst.K, i, i));
        for (size_t r = 0; r < m; r++)
            can_flip += fabs(z0[r]) <= rx;
    }
    double slope, intercept;
    ovp_stats_fit_line(t.iter, t.log_res, K + 1, &slope, &intercept);
    double fitted_rate = 1.0 - exp(slope); /* per-iteration contraction of ‖u − y‖² */
    double frob_bound = du2019_init_frobenius_bound((double)n, (double)m, cfg->delta);

    ovp_task_set(out, "m", (double)m);
    ovp_task_set(out, "replicate", (double)rep);
    ovp_task_set(out, "residual0", residual0);
    ovp_task_set(out, "lambda_min_h0", lambda_min_h0);
    ovp_task_set(out, "h0_frob_sq", h0_frob_sq);
    ovp_task_set(out, "h0_frob_bound", frob_bound);
    ovp_task_set(out, "rate_worst_k", (double)worst_k);
    ovp_task_set(out, "rate_worst_observed", worst_obs);
    ovp_task_set(out, "rate_worst_bound", worst_bound);
    ovp_task_set(out, "rate_final_ratio", res_final);
    ovp_task_set(out, "rate_final_bound", du2019_rate_bound(s->inst.eta, s->inst.lambda0, (double)K));
    ovp_task_set(out, "max_dist", max_dist);
    ovp_task_set(out, "Rprime", Rprime);
    ovp_task_set(out, "min_lambda_hk", min_lambda_hk);
    ovp_task_set(out, "cholesky_failures", (double)cholesky_failures);
    ovp_task_set(out, "ever_flipped", ever_final);
    ovp_task_set(out, "flip_final", flip_final);
    ovp_task_set(out, "can_flip", (double)can_flip / ((double)n * (double)m));
    ovp_task_set(out, "fitted_rate", fitted_rate);
    ovp_task_row(out, T_WIDTHS, 13,
                 (double[]){(double)m, (double)rep, residual0, lambda_min_h0, h0_frob_sq, frob_bound,
                            min_lambda_hk, max_dist, Rprime, ever_final, flip_final, fitted_rate,
                            res_final});
    if (flow_at(cfg, m)) {
        ovp_relu2_gd_free(&t.net.gd); /* the flow's arrays take its place */
        st = run_flow(s, &t.net.W0, t.net.a, m, rep, residual0, lambda_min_h0, out);
        if (st) {
            task_mem_free(&t);
            return ovp_task_fail(out, st, "gradient flow at m=%zu: %s", m, ovp_status_str(st));
        }
    }
    task_mem_free(&t);
    return OVP_OK;
}

/* ---------------------------------------------------------------- reduce */

static const char *flow_stop_reason(double code)
{
    switch ((int)code) {
    case OVP_FLOW_STOP_SLIDING_LIMIT:
        return "a neuron needed more entries sliding at once than the kernel holds";
    case OVP_FLOW_STOP_UNRESOLVED:
        return "no consistent Filippov mode for a neuron's entries on their surfaces";
    case OVP_FLOW_STOP_CHATTER:
        return "events kept firing at one time";
    case OVP_FLOW_STOP_EVENT_LIMIT:
        return "the event limit";
    case OVP_FLOW_STOP_SINGULAR:
        return "K_SS of a sliding set not positive definite";
    default:
        return "";
    }
}

/* The gradient-flow claims of one task (section 3). err_h: the rounding of a
 * computed λ_min(H) other than the flow's own part (hk_lambda_error); unit:
 * every ‖x_i‖ = 1 was checked. */
static void reduce_flow(ovp_run *r, const state *s, const ovp_task_out *o, const char *scope, double err_h, int unit)
{
    const double n = (double)s->inst.n, l0 = s->inst.lambda0, m = ovp_task_get(o, "m");
    const double t_end = ovp_task_get(o, "flow_t_end"), T = ovp_task_get(o, "flow_T");
    const double rel_err = ovp_task_get(o, "flow_rel_err"), radius = ovp_task_get(o, "flow_radius");
    char span[256];
    if (ovp_task_get(o, "flow_stop") != 0)
        snprintf(span, sizeof span, "the flow stopped at t = %.4g of T = %.4g (%s): the claims hold on [0, %.4g]",
                 t_end, T, flow_stop_reason(ovp_task_get(o, "flow_stop")), t_end);
    else
        snprintf(span, sizeof span, "on [0, T], T = %.4g = iters eta (capped where exp(-lambda0 T) = 1e-10)", t_end);

    /* Lemma 3.3's hypothesis, checked along the flow: λ_min(H(s)) ≥ λ₀/2 on every mode,
     * certified (a Weyl lower bound between exact values), its rounding lowered off. */
    const double err_flow = err_h + ovp_task_get(o, "flow_h_rounding");
    const double err_lam = err_flow + 0.5 * s->inst.lambda0_error, lam = ovp_task_get(o, "flow_lambda_lower");
    ovp_claim *c = ovp_claim_ge_within(r, "P3.L3.2.flow", scope, lam, 0.5 * l0 - err_lam, -err_flow);
    ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                     "Lemma 3.2 asks every neuron within R = c lambda0/n^2 (c unspecified; Lemma 3.4); observed "
                     "is a certified lower bound of lambda_min(H(s)) over every mode of the flow, %s; exact "
                     "minimum %.6g (at records and %.0f dsyevr evaluations); H is the Filippov flow's "
                     "(sliding patterns take p = theta in (0, 1))",
                     span, ovp_task_get(o, "flow_lambda_exact_min"), ovp_task_get(o, "flow_eig_evals"));
    ovp_claim_note(c, "bound lambda0/2 = %.10g less the rounding of both sides, %.2g", 0.5 * l0, err_lam);
    const int hyp = c->verdict == OVP_PASS;
    /* The conclusions, when the check solve's error estimate covers the whole flow. */
    if (ovp_task_get(o, "flow_err_covered") == 0.0) {
        const char *ids[] = {"P3.T3.1", "P3.L3.3.rate", "P3.L3.3"};
        for (size_t k = 0; k < sizeof ids / sizeof *ids; k++)
            ovp_claim_skip(r, ids[k], scope, "no global-error estimate covers the flow: the check solve (eps_rel "
                           "%.0e) stopped at t = %.4g, before the claims' solve reached t = %.4g", FLOW_TOL_CHECK,
                           ovp_task_get(o, "flow_check_t_end"), t_end);
    } else {
        /* P3.T3.1 and the rate of Lemma 3.3, at every trajectory point the integrator
         * reached; in between, λ_min(H) ≥ λ₀/2 makes e^{λ₀t}‖r‖² non-increasing. */
        const double expo = ovp_task_get(o, "flow_exponent");
        char rate_note[1024];
        snprintf(rate_note, sizeof rate_note,
                 "observed: min over %.0f trajectory points t of (1/t) ln(||r(0)||^2 / ((1 - %.2g) ||r(t)||^2)), the "
                 "tolerance-%.0e solve with its global error estimate; worst ratio ||r(t)||^2 / (exp(-lambda0 t) "
                 "||r(0)||^2) = %.6f at t = %.3g (the bound is tight as t -> 0); %s",
                 ovp_task_get(o, "flow_points"), rel_err, FLOW_TOL, ovp_task_get(o, "flow_worst_ratio"),
                 ovp_task_get(o, "flow_worst_t"), span);
        c = ovp_claim_ge(r, "P3.T3.1", scope, expo, l0 - s->inst.lambda0_error);
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "m = %.0f < n^6/(lambda0^4 delta^3) = %.3g; %s", m,
                         s->inst.width_gd, rate_note);
        c = ovp_claim_ge(r, "P3.L3.3.rate", scope, expo, l0 - s->inst.lambda0_error);
        if (hyp)
            ovp_claim_regime(c, OVP_REGIME_MET, "its hypothesis lambda_min(H(s)) >= lambda0/2 holds on the whole flow "
                             "(P3.L3.2.flow, certified); %s", rate_note);
        else
            ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "its hypothesis lambda_min(H(s)) >= lambda0/2 fails on the "
                             "flow (P3.L3.2.flow); %s", rate_note);

        /* Lemma 3.3's radius. Observed: a bound of max_r ||w_r(t) - w_r(0)|| over the
         * whole interval (so a pass speaks for every t), less the error estimate (a
         * conclusion's numerical error counts for it, docs/TOLERANCES.md). Over every flow from this W(0) (‖r‖
         * never increases) it cannot exceed sqrt(tr K/m) ||r(0)|| t_end: a bound at or
         * above that is vacuous. (Given this trajectory's own ∫||r|| it cannot exceed
         * sqrt(tr K/m) ∫||r||, which the lemma's proof bounds by the rate: the radius
         * fails only if the rate fails on average; the note gives that number.) */
        const double dist_err = ovp_task_get(o, "flow_dist_err");
        const double dist_obs = fmax(ovp_task_get(o, "flow_dist_sup") - (isnan(dist_err) ? 0.0 : dist_err), 0.0);
        c = ovp_claim_le_within(r, "P3.L3.3", scope, dist_obs, radius,
                                ovp_task_get(o, "flow_dist_limit"));
        char dist_note[768];
        snprintf(dist_note, sizeof dist_note,
                 "observed: max over record intervals of (d_k + d_k+1 + sqrt(tr K/m) int ||r||)/2 less the error "
                 "estimate %.2g (largest distance at a record %.6g; sqrt(tr K/m) int ||r|| = %.4g); %s",
                 ovp_task_get(o, "flow_dist_err"), ovp_task_get(o, "flow_dist_max"),
                 ovp_task_get(o, "flow_int_residual") * ovp_task_get(o, "flow_speed"),
                 span);
        if (hyp && unit)
            ovp_claim_regime(c, OVP_REGIME_MET, "its hypotheses hold: lambda_min(H(s)) >= lambda0/2 (P3.L3.2.flow) "
                             "and every ||x_i|| = 1; %s", dist_note);
        else
            ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "%s; %s",
                             hyp ? "not every ||x_i|| = 1" : "lambda_min(H(s)) >= lambda0/2 fails on the flow",
                             dist_note);
    }

    /* Lemma 3.4: R' < R = cλ₀/n² with c unspecified cannot be checked. */
    ovp_claim_skip(r, "P3.L3.4", scope, "Lemma 3.2's radius R = c lambda0/n^2 has an unspecified constant c: the "
                   "condition R' < R holds only for c > R' n^2/lambda0 = %.3g (R' = %.4g, the flow radius); "
                   "its conclusions are P3.L3.2.flow, P3.L3.3 and P3.T3.1",
                   du2019_lemma34_constant(radius, n, l0), radius);

    const char *qn[] = {"flow_t_end", "flow_t_first_sliding", "flow_flips", "flow_slide_enter", "flow_slide_exit",
                        "flow_max_sliding", "flow_max_sliding_neuron", "flow_events", "flow_steps",
                        "flow_locate_steps", "flow_segments", "flow_eig_evals", "flow_max_candidates",
                        "flow_missed", "flow_excursions", "flow_rel_err", "flow_dist_err", "flow_mismatch",
                        "flow_exponent", "flow_dist_sup", "flow_lambda_lower", "flow_lambda_exact_min",
                        "flow_ever_changed", "flow_stop"};
    for (size_t k = 0; k < sizeof qn / sizeof *qn; k++)
        ovp_run_quantity(r, ovp_task_get(o, qn[k]), "%s_m%.0f", qn[k], m);
}

static int reduce(ovp_run *r, const void *sp, ovp_task_out *const *outs, size_t n_tasks)
{
    const state *s = sp;
    const du2019_config *cfg = &s->cfg;
    const double n = (double)s->inst.n, l0 = s->inst.lambda0;
    const double m_gd = s->inst.width_gd, m_init = s->inst.width_init, eta_gd = s->inst.step_gd;

    /* λ₀ > 0 is established when the computed λ₀ exceeds its error bound. H∞ is
     * PSD, so the computed λ₀ is ≥ −lambda0_error: the smallest value it can take. */
    ovp_claim *c = ovp_claim_ge_within(r, "P3.A3.1", "", l0, s->inst.lambda0_error, -s->inst.lambda0_error);
    ovp_claim_regime(c, OVP_REGIME_MET, "lambda0 = %.6g, lambda_max(H_inf) = %.6g; the bound is lambda0's "
                     "error bound (H_inf's entries and the eigensolver, by Weyl's inequality)", l0, s->inst.lambda_max);
    if (s->cfg.data_only) {
        ovp_relu2inst_record_quantities(r, &s->inst);
        ovp_run_note(r, "--data-only: the data's quantities (P3.A3.1, lambda0, the widths and step Theorem 4.1 "
                        "asks: m = %.3g x const, eta = %.3g x const) and no GD; P3.L3.1..P3.L4.1 were not run",
                     m_gd, eta_gd);
        return OVP_OK;
    }

    /* L3.1 and L3.2 compare a computed λ_min(H) with a multiple c·λ₀ of the computed λ₀.
     * Both carry rounding errors (hk_lambda_error, lambda0_error); a FAIL must hold for
     * the exact values, so the bound is lowered by err(λ_min(H)) + c·err(λ₀) (the
     * rounding goes to the theorem's side; a fail is then certain). ‖H(0)‖₂ ≤
     * λ_max(H∞) + ‖H(0) − H∞‖_F (Weyl); ‖H(k)‖₂ ≤ tr H(k) ≤ tr K. */
    double max_sq = 0.0, tr_K = 0.0;
    for (size_t i = 0; i < s->inst.n; i++) {
        max_sq = fmax(max_sq, OVP_AT(&s->inst.K, i, i));
        tr_K += OVP_AT(&s->inst.K, i, i);
    }
    const double err_hk = hk_lambda_error(s->inst.n, s->inst.d, max_sq, tr_K);
    ovp_run_quantity(r, err_hk, "lambda_min_hk_error_bound");

    ovp_relu2inst_record_quantities(r, &s->inst);
    /* P3 assumes ||x_i|| = 1: a claim is hypotheses-met only when that was checked here. */
    const int unit = s->inst.n_not_unit == 0;
    if (!unit)
        ovp_run_note(r, "%zu of %zu inputs are not unit norm (largest | ||x_i|| - 1 | = %.3g > %.2g): P3 "
                        "assumes ||x_i|| = 1, so P3.L3.1 and P3.L3.1.F are empirical",
                     s->inst.n_not_unit, s->inst.n, s->inst.max_norm_dev, OVP_UNIT_NORM_TOL(s->inst.d));
    ovp_run_note(r, "Theorem 4.1 asks m = Omega(n^6/(lambda0^4 delta^3)) = %.3g x const and "
                    "eta = O(lambda0/n^2) = %.3g x const; the run uses m <= %.0f and eta = %.4g "
                    "(1/lambda_max(H_inf) unless --step), so T4.1, C4.1, L3.2, L4.1 are tested "
                    "as empirical conjectures; P3.L3.1.F cannot exceed %.4g here (every activation "
                    "pattern), so its bound is vacuous where it is at least that",
                 m_gd, eta_gd, cfg->widths[cfg->n_widths - 1], s->inst.eta, s->inst.h0_frob_sq_max);

    double *logm = calloc(n_tasks, sizeof *logm), *logdist = calloc(n_tasks, sizeof *logdist);
    double *logflip = calloc(n_tasks, sizeof *logflip);
    if (!logm || !logdist || !logflip) {
        free(logm);
        free(logdist);
        free(logflip);
        return OVP_ENOMEM;
    }
    for (size_t i = 0; i < n_tasks; i++) {
        const ovp_task_out *o = outs[i];
        double m = ovp_task_get(o, "m");
        char scope[64];
        if (cfg->replicates > 1)
            snprintf(scope, sizeof scope, "m=%.0f seed=%.0f", m, ovp_task_get(o, "replicate"));
        else
            snprintf(scope, sizeof scope, "m=%.0f", m);

        /* H(0) and H(k) are PSD (K ∘ PPᵀ/m, a Schur product): a computed λ_min is ≥ −its error. */
        double err_h0 = hk_lambda_error(s->inst.n, s->inst.d, max_sq, s->inst.lambda_max + sqrt(ovp_task_get(o, "h0_frob_sq")));
        double err31 = err_h0 + 0.75 * s->inst.lambda0_error;
        c = ovp_claim_ge_within(r, "P3.L3.1", scope, ovp_task_get(o, "lambda_min_h0"), 0.75 * l0 - err31, -err_h0);
        ovp_claim_regime(c, m >= m_init && unit ? OVP_REGIME_MET : OVP_REGIME_EMPIRICAL,
                         "m = %.0f %s 256 n^2 log^2(n/delta)/lambda0^2 = %.3g", m,
                         m >= m_init ? ">=" : "<", m_init);
        if (!unit)
            ovp_claim_note(c, "%zu inputs not unit norm", s->inst.n_not_unit);
        ovp_claim_note(c, "bound 3 lambda0/4 = %.10g less the rounding of both sides, %.2g", 0.75 * l0, err31);

        /* Lemma 3.1's Frobenius bound holds w.p. 1 - delta for every m (no width condition):
         * its one hypothesis beyond the model is ||x_i|| = 1, checked above. */
        c = ovp_claim_le_within(r, "P3.L3.1.F", scope, ovp_task_get(o, "h0_frob_sq"),
                                ovp_task_get(o, "h0_frob_bound"), s->inst.h0_frob_sq_max);
        if (unit)
            ovp_claim_regime(c, OVP_REGIME_MET, "Hoeffding + union bound, delta = %g; every ||x_i|| = 1 within %.2g",
                             cfg->delta, OVP_UNIT_NORM_TOL(s->inst.d));
        else
            ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "%zu of %zu inputs not unit norm (largest | ||x_i|| - 1 | = %.3g): "
                             "Lemma 3.1 assumes ||x_i|| = 1", s->inst.n_not_unit, s->inst.n, s->inst.max_norm_dev);

        c = ovp_claim_le(r, "P3.T4.1", scope, ovp_task_get(o, "rate_worst_observed"),
                         ovp_task_get(o, "rate_worst_bound"));
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                         "tightest at k = %.0f; after %zu iterations ||u-y||^2 ratio %.3g vs bound %.3g",
                         ovp_task_get(o, "rate_worst_k"), cfg->iters, ovp_task_get(o, "rate_final_ratio"),
                         ovp_task_get(o, "rate_final_bound"));

        double Rp = ovp_task_get(o, "Rprime");
        c = ovp_claim_le(r, "P3.C4.1", scope, ovp_task_get(o, "max_dist"), Rp);
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "the proof also needs R' < R = c lambda0/n^2: R' n^2/lambda0 = %.3g",
                         Rp * n * n / l0);

        double err32 = err_hk + 0.5 * s->inst.lambda0_error;
        c = ovp_claim_ge_within(r, "P3.L3.2", scope, ovp_task_get(o, "min_lambda_hk"), 0.5 * l0 - err32, -err_hk);
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                         "decided at every k by Cholesky of H(k) - lambda0/2 I (%.0f failures); "
                         "value by dsyevr every %zu iterations",
                         ovp_task_get(o, "cholesky_failures"), cfg->eig_every);
        ovp_claim_note(c, "bound lambda0/2 = %.10g less the rounding of both sides, %.2g", 0.5 * l0, err32);
        if ((ovp_task_get(o, "cholesky_failures") > 0) != (c->verdict == OVP_FAIL))
            ovp_claim_note(c, "Cholesky and dsyevr disagree at the boundary");

        /* Lemma 4.1 bounds the pairs (i, r) whose pattern a neuron within R of its start can
         * flip, |w_r(0)'x_i| < R. Every neuron stayed within R = max_dist, so every flip is in
         * that set: evaluated there it can fail; at the theorem's R' (Corollary 4.1) the bound
         * is >= 1 and the record is a vacuous skip. A fraction is at most 1. */
        double R = ovp_task_get(o, "max_dist"), flipped = ovp_task_get(o, "ever_flipped");
        c = ovp_claim_le_within(r, "P3.L4.1", scope, flipped, du2019_flip_fraction_bound(R), 1.0);
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                         "R = max_r,k ||w_r(k) - w_r(0)|| = %.4g observed (R' = %.4g); pairs with "
                         "|w_r(0)'x_i| <= R ||x_i|| (the lemma's S_i-perp, which holds every flip): %.4g; "
                         "C = 2/sqrt(2 pi), the constant of E|S_i-perp| (w.h.p. by Markov: C/delta)",
                         R, Rp, ovp_task_get(o, "can_flip"));
        c = ovp_claim_le_within(r, "P3.L4.1.Rprime", scope, flipped, du2019_flip_fraction_bound(Rp), 1.0);
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "R' = %.4g is %.3g times the distance travelled; "
                         "P3.L4.1 evaluates the lemma at that distance", Rp, Rp / R);

        ovp_run_quantity(r, ovp_task_get(o, "fitted_rate"), "fitted_rate_m%.0f", m);
        ovp_run_quantity(r, ovp_task_get(o, "max_dist"), "max_dist_m%.0f", m);
        ovp_run_quantity(r, ovp_task_get(o, "ever_flipped"), "ever_flipped_m%.0f", m);
        ovp_run_quantity(r, ovp_task_get(o, "can_flip"), "lemma41_set_fraction_m%.0f", m);
        ovp_run_quantity(r, ovp_task_get(o, "min_lambda_hk"), "min_lambda_hk_m%.0f", m);
        if (ovp_task_get(o, "flow_ran") == 1.0)
            reduce_flow(r, s, o, scope, err_hk, unit);
        logm[i] = log(m);
        logdist[i] = log(ovp_task_get(o, "max_dist"));
        logflip[i] = log(ovp_task_get(o, "ever_flipped"));
    }

    /* Across widths: the flipped fraction shrinks as m grows. */
    if (cfg->n_widths >= 2) {
        double lo = INFINITY, hi = -INFINITY, flip_lo = 0, flip_hi = 0;
        size_t reps_lo = 0, reps_hi = 0;
        for (size_t i = 0; i < n_tasks; i++) {
            double m = ovp_task_get(outs[i], "m");
            lo = fmin(lo, m);
            hi = fmax(hi, m);
        }
        for (size_t i = 0; i < n_tasks; i++) {
            double m = ovp_task_get(outs[i], "m"), f = ovp_task_get(outs[i], "ever_flipped");
            if (m == lo) flip_lo += f, reps_lo++;
            if (m == hi) flip_hi += f, reps_hi++;
        }
        flip_lo /= (double)reps_lo;
        flip_hi /= (double)reps_hi;
        char scope[64];
        snprintf(scope, sizeof scope, "m=%.0f vs m=%.0f", hi, lo);
        if (flip_lo > 0) {
            /* flip_hi <= 1, so the ratio is at most 1/flip_lo. */
            c = ovp_claim_le_within(r, "P3.L4.1.m", scope, flip_hi / flip_lo, 1.0, 1.0 / flip_lo);
            ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "ever-flipped fraction %.3g at m=%.0f, %.3g at m=%.0f",
                             flip_hi, hi, flip_lo, lo);
        } else {
            ovp_claim_skip(r, "P3.L4.1.m", scope, "no activation pattern flipped at the smallest width");
        }
        double slope, icpt;
        ovp_stats_fit_line(logm, logdist, n_tasks, &slope, &icpt);
        ovp_run_quantity(r, slope, "max_dist_loglog_slope_vs_m");
        ovp_stats_fit_line(logm, logflip, n_tasks, &slope, &icpt);
        ovp_run_quantity(r, slope, "ever_flipped_loglog_slope_vs_m");
    }
    free(logm);
    free(logdist);
    free(logflip);
    return OVP_OK;
}

static const char *const figures[] = {"du2019_loss", "du2019_patterns", "du2019_distance",
                                      "du2019_stability", "du2019_scaling", "du2019_flow", NULL};

const ovp_harness ovp_harness_du2019 = {
    .paper = &du2019_paper,
    .summary =
        "Trains f(x) = (1/sqrt m) sum_r a_r relu(w_r'x) by GD on W (a fixed), in sample space\n"
        "(Z <- Z - eta K B, K = XX') or, where 2d < n, in the primal form (--gd-form), at several\n"
        "widths m, and checks the linear rate (1 - eta lambda0/2)^k, the radius R', the stability\n"
        "of H(k) and the activation-pattern flips against the paper's formulas, with\n"
        "lambda0 = lambda_min(H_inf) in closed form.\n"
        "At the flow widths it also integrates the gradient flow (section 3) event by event\n"
        "(rk8pd between pattern flips, Filippov sliding) and checks exp(-lambda0 t), Lemma 3.3's\n"
        "radius and lambda_min(H(t)) >= lambda0/2 along it.",
    .scales = "ci     n = 100, d = 50, m = 400..25600, 100 iterations (seconds)\n"
              "paper  n = 1000, d = 1000, m = 100..10000, 100 iterations (the paper's experiment)",
    OVP_HARNESS_STATICS(tables, N_TABLES),
    OVP_HARNESS_OWN_TASKS,
};
