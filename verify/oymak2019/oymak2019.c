/* verify/oymak2019/oymak2019.c: Oymak (2019), overparameterized nonlinear least squares.
 *
 * Three experiments (verify/oymak2019/oymak2019_gd.c, verify/oymak2019/oymak2019_phi.c):
 *   GD        Theorem 1 on a one-hidden-layer net vᵀφ(Wx) trained on W (softplus,
 *             quadratic and ReLU φ) and on linear least squares f = Xθ;
 *   sweep     Theorem 2: σ_min(relu(WXᵀ))/√k against α/2 over widths k and seeds;
 *   spectrum  Fig. 1: the singular values of relu(WXᵀ) at k = 1600.
 * This file is the harness: the configuration, the options and the task dispatch. */
#include "oymak2019_internal.h"
#include "status.h"

#include "theorems/oymak2019.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ovp_table_spec tables[N_TABLES] = {
    [T_TRACE] = {"gd_trace", "model,k,iter,residual_ratio,rate_bound,dist,radius_lhs_ratio,"
                             "jac_change,alpha_third,jac_norm,R,dist_lower"},
    [T_GD] = {"gd", "model,k,n,p,alpha,beta,beta_path,eta,residual0,R,dist_lower,dist_final,"
                    "dist_pinv,max_jac_change,alpha_third,lipschitz_R,width_certified,iters,"
                    "fitted_rate,rate_bound,rate_linearised,residual_final_ratio,regime_met"},
    [T_SWEEP] = {"sweep", "n,k,k_over_n,seed,sigma_min_sqrtk,sigma_max_sqrtk,half_alpha,holds,"
                          "full_rank,fit_residual,cond"},
    [T_KSTAR] = {"kstar", "n,seed,kstar,k_top,alpha"},
    [T_SPECTRUM] = {"spectrum", "n,k,index,stretched_index,sigma,sigma_over_sqrtk"},
};

/* ---------------------------------------------------------------- config */

/* lo, lo + step, ..., hi (at most OVP_MAX_LIST values). */
static size_t grid(double lo, double hi, double step, double *out)
{
    size_t n = 0;
    for (; n < OVP_MAX_LIST && lo + (double)n * step <= hi + 1e-9; n++)
        out[n] = lo + (double)n * step;
    return n;
}

/* k/n = 0.5..5 by 0.25 (ci) or 0.1 (paper), computed as lo + i·step. */
static void ratios_ci(void *config)
{
    oymak2019_config *c = config;
    c->n_ratios = grid(0.5, 5.0, 0.25, c->ratios);
}

static void ratios_paper(void *config)
{
    oymak2019_config *c = config;
    c->n_ratios = grid(0.5, 5.0, 0.1, c->ratios);
}

static const oymak2019_config scale_ci = {
    .parts = OYMAK2019_ALL, .n = 16, .d = 64, .label_scale = 0.1, .widths = {1000, 4000, 16000}, .n_widths = 3,
    .acts = (1u << OVP_ACT_COUNT) - 1, .iters = 2000, .step_scale = 1.0, .beta_scale = 1.0, .lin_p = 64,
    .trace_every = 2, .sweep_n = {25, 50, 100, 200}, .n_sweep = 4, .sweep_d = 20, .seeds = 10,
    .fit_gd_iters = 200, .fit_step_scale = 1.0, .f1_k = 1600, .f1_d = 20, .f1_n = {100, 200, 400, 800}, .n_f1 = 4,
};
static const oymak2019_config scale_paper = {
    .parts = OYMAK2019_ALL, .n = 64, .d = 256, .label_scale = 0.1, .widths = {2000, 8000, 32000}, .n_widths = 3,
    .acts = (1u << OVP_ACT_COUNT) - 1, .iters = 4000, .step_scale = 1.0, .beta_scale = 1.0, .lin_p = 256,
    .trace_every = 10, .sweep_n = {25, 50, 100, 200, 400, 800}, .n_sweep = 6, .sweep_d = 20, .seeds = 20,
    .fit_gd_iters = 200, .fit_step_scale = 1.0, .f1_k = 1600, .f1_d = 20, .f1_n = {100, 200, 400, 800}, .n_f1 = 4,
};
static const ovp_config_scale scales[] = {{"ci", &scale_ci, ratios_ci}, {"paper", &scale_paper, ratios_paper}};

static const ovp_opt_spec options[] = {
    {"only", OVP_OPT_CHOICE, "gd|sweep|spectrum", "run one experiment (default: all three; --data: the sweep)", 0, 0, "gd|sweep|spectrum"},
    {"n", OVP_OPT_UINT, "N", "GD: samples on the unit sphere (ci 16, paper 64)", 2, 1e5, NULL},
    {"d", OVP_OPT_UINT, "D", "GD: input dimension (ci 64, paper 256)", 1, 1e5, NULL},
    {"widths", OVP_OPT_UINT_LIST, "K1,K2,..", "GD: even hidden widths k (ci 1000..16000, paper 2000..32000)", 2, 1e7, NULL},
    {"iters", OVP_OPT_UINT, "T", "GD: iterations at most; GD stops once converged (ci 2000, paper 4000)", 1, 1e7, NULL},
    {"step-scale", OVP_OPT_REAL, "C", "GD: step eta = C/beta^2 (default 1, Theorem 1's largest)", 1e-6, 1e6, NULL},
    {"label-scale", OVP_OPT_REAL, "S", "GD: labels y ~ N(0, S^2) (default 0.1)", 1e-12, 1e6, NULL},
    {"trace-every", OVP_OPT_UINT, "J", "GD: a trace row every J iterations; claims check every one (ci 2, paper 10)", 1, 1e7, NULL},
    {"lin-p", OVP_OPT_UINT, "P", "GD: parameters of the linear case f = X theta, P >= n (default 4n; 0 skips it)", 0, 1e7, NULL},
    {"sweep-n", OVP_OPT_UINT_LIST, "N1,N2,..", "Theorem 2 sweep: sample sizes (ci 25..200, paper 25..800)", 2, 1e5, NULL},
    {"sweep-d", OVP_OPT_UINT, "D", "Theorem 2 sweep: input dimension (default 20)", 1, 1e5, NULL},
    {"ratios", OVP_OPT_REAL_LIST, "R1,R2,..", "Theorem 2 sweep: widths k = R n, ascending (0.5..5 by 0.25 ci, 0.1 paper)", 1e-3, 1e4, NULL},
    {"seeds", OVP_OPT_UINT, "S", "Theorem 2 sweep: initialisations per n (ci 10, paper 20)", 1, 1e5, NULL},
    {"f1-k", OVP_OPT_UINT, "K", "Fig. 1: width k (default 1600)", 1, 1e7, NULL},
    {"f1-n", OVP_OPT_UINT_LIST, "N1,N2,..", "Fig. 1: sample sizes (default 100,200,400,800)", 1, 1e6, NULL},
};

/* --only is finish's: it maps to bits. */
static const ovp_config_field fields[] = {
    OVP_CONFIG_FIELD(oymak2019_config, "n", n),
    OVP_CONFIG_FIELD(oymak2019_config, "d", d),
    OVP_CONFIG_LIST(oymak2019_config, "widths", widths, n_widths),
    OVP_CONFIG_FIELD(oymak2019_config, "iters", iters),
    OVP_CONFIG_FIELD(oymak2019_config, "step-scale", step_scale),
    OVP_CONFIG_FIELD(oymak2019_config, "label-scale", label_scale),
    OVP_CONFIG_FIELD(oymak2019_config, "trace-every", trace_every),
    OVP_CONFIG_FIELD(oymak2019_config, "lin-p", lin_p),
    OVP_CONFIG_LIST(oymak2019_config, "sweep-n", sweep_n, n_sweep),
    OVP_CONFIG_FIELD(oymak2019_config, "sweep-d", sweep_d),
    OVP_CONFIG_LIST(oymak2019_config, "ratios", ratios, n_ratios),
    OVP_CONFIG_FIELD(oymak2019_config, "seeds", seeds),
    OVP_CONFIG_FIELD(oymak2019_config, "f1-k", f1_k),
    OVP_CONFIG_LIST(oymak2019_config, "f1-n", f1_n, n_f1),
};

/* --data feeds the sweep only. */
static int admit_data(const ovp_args *args, char *err, size_t errlen)
{
    const char *only = ovp_args_text(args, "only", "sweep");
    if (strcmp(only, "sweep") != 0) {
        snprintf(err, errlen, "--data runs the Theorem 2 sweep (P2.T2) only, not --only %s", only);
        return OVP_EINVAL;
    }
    return OVP_OK;
}

static int finish(const ovp_args *args, ovp_run *r, void *config, char *err, size_t errlen)
{
    oymak2019_config *c = config;
    (void)r;
    if (ovp_args_get(args, "n") && !ovp_args_get(args, "lin-p"))
        c->lin_p = 4 * c->n; /* the default p = 4n follows --n */
    const char *only = ovp_args_text(args, "only", NULL);
    if (only)
        c->parts = strcmp(only, "gd") == 0 ? OYMAK2019_GD
                   : strcmp(only, "sweep") == 0 ? OYMAK2019_SWEEP : OYMAK2019_SPECTRUM;
    if (c->X) {
        c->parts = OYMAK2019_SWEEP;
        c->refuse_degenerate = 1;
    }
    for (size_t i = 0; i < c->n_widths; i++)
        if ((size_t)c->widths[i] % 2) {
            snprintf(err, errlen, "--widths: %.0f is odd; neurons come in pairs (w, -v) so that "
                                  "f(theta_0) = 0", c->widths[i]);
            return OVP_EINVAL;
        }
    for (size_t i = 1; i < c->n_ratios; i++)
        if (!(c->ratios[i] > c->ratios[i - 1])) {
            snprintf(err, errlen, "--ratios must be strictly ascending");
            return OVP_EINVAL;
        }
    size_t n = c->X ? c->n_data : c->n;
    if ((c->parts & OYMAK2019_GD) && c->lin_p && c->lin_p < n) {
        snprintf(err, errlen, "--lin-p %zu < n = %zu: the linear case needs p >= n", c->lin_p, n);
        return OVP_EINVAL;
    }
    return OVP_OK;
}

/* Peak memory: shared inputs plus, per thread, the largest task's arrays. */
static double peak_bytes(const void *config, int threads, char *what, size_t whatlen)
{
    const oymak2019_config *c = config;
    double shared = 0, task = 0, kmax = 0, ratio = c->n_ratios ? c->ratios[c->n_ratios - 1] : 0;
    for (size_t i = 0; i < c->n_widths; i++)
        kmax = fmax(kmax, c->widths[i]);
    double n = (double)c->n, d = (double)c->d, p = (double)c->lin_p;
    if (c->parts & OYMAK2019_GD) {
        shared += n * d + 2 * n * n;
        task = fmax(task, 7 * n * kmax + kmax * d + 4 * n * n + n * p);
    }
    if (c->parts & OYMAK2019_SWEEP)
        for (size_t i = 0; i < c->n_sweep; i++) {
            double m = c->n_data ? (double)c->n_data : c->sweep_n[i], k = ceil(ratio * m);
            shared += m * (double)(c->n_data ? c->d_data : c->sweep_d) + 2 * m * m;
            task = fmax(task, 2.2 * k * m + k * (double)c->sweep_d + 3 * m * m); /* R, S, F */
        }
    if (c->parts & OYMAK2019_SPECTRUM)
        for (size_t i = 0; i < c->n_f1; i++)
            task = fmax(task, 2.2 * (double)c->f1_k * c->f1_n[i] + 3 * c->f1_n[i] * c->f1_n[i]);
    snprintf(what, whatlen, "oymak2019 with GD n = %zu, k <= %.0f and sweep k <= %.0f n", c->n,
             c->n_widths ? c->widths[c->n_widths - 1] : 0.0, ratio);
    return 8.0 * (shared + task * (double)threads);
}

static const ovp_config_spec config_spec = {
    .size = sizeof(oymak2019_config),
    .seed = offsetof(oymak2019_config, seed),
    .scales = scales,
    .n_scales = sizeof scales / sizeof *scales,
    .fields = fields,
    .n_fields = sizeof fields / sizeof *fields,
    .data = {.unit_norm_why = "Theorem 2 assumes ||x_i|| = 1",
             .synthetic = (const char *const[]){"n", "d", "sweep-n", "sweep-d", NULL},
             .synthetic_error = "--%s describes synthetic data; with --data it comes from the file",
             .admit = admit_data,
             .X = offsetof(oymak2019_config, X),
             .y = offsetof(oymak2019_config, y),
             .n = offsetof(oymak2019_config, n_data),
             .d = offsetof(oymak2019_config, d_data)},
    .finish = finish,
    .bytes = peak_bytes,
};

/* ---------------------------------------------------------------- setup and dispatch */

static void free_state(void *p)
{
    oymak2019_state *s = p;
    if (!s)
        return;
    ovp_mat_free(&s->X);
    ovp_mat_free(&s->K);
    free(s->y);
    oymak2019_sweep_free(s);
    free(s);
}

static int setup(ovp_run *r, const void *config, void **state_p, size_t *n_tasks, char *err, size_t errlen)
{
    const oymak2019_config *cfg = config;
    oymak2019_state *s = calloc(1, sizeof *s);
    if (!s)
        return OVP_ENOMEM;
    s->cfg = *cfg;
    int st = OVP_OK;
    if (cfg->parts & OYMAK2019_GD)
        st = oymak2019_gd_setup(r, s, err, errlen);
    if (!st && (cfg->parts & OYMAK2019_SWEEP))
        st = oymak2019_sweep_setup(r, s, err, errlen);
    if (!st && (cfg->parts & OYMAK2019_SPECTRUM)) {
        s->n_f1_tasks = cfg->n_f1;
        ovp_run_param_num(r, "f1_k", (double)cfg->f1_k);
        ovp_run_param_num(r, "f1_d", (double)cfg->f1_d);
        ovp_run_param_list(r, "f1_n", cfg->f1_n, cfg->n_f1);
    }
    if (!st && s->n_gd_tasks + s->n_sweep_tasks + s->n_f1_tasks == 0) {
        snprintf(err, errlen, "nothing to run: every experiment is empty");
        st = OVP_EINVAL;
    }
    if (st) {
        free_state(s);
        return st;
    }
    ovp_parts_add(&s->parts, (ovp_part){s->n_gd_tasks, oymak2019_gd_task, oymak2019_gd_label, oymak2019_gd_reduce});
    ovp_parts_add(&s->parts, (ovp_part){s->n_sweep_tasks, oymak2019_sweep_task, oymak2019_sweep_label,
                  oymak2019_sweep_reduce});
    ovp_parts_add(&s->parts, (ovp_part){s->n_f1_tasks, oymak2019_spectrum_task, oymak2019_spectrum_label,
                  oymak2019_spectrum_reduce});
    *n_tasks = ovp_parts_total(&s->parts);
    *state_p = s;
    return OVP_OK;
}


static const char *const figures[] = {"oymak2019_residual", "oymak2019_distance", "oymak2019_spectrum",
                                      "oymak2019_kstar", "oymak2019_fullrank", NULL};

const ovp_harness ovp_harness_oymak2019 = {
    .paper = &oymak2019_paper,
    .summary =
        "Theorem 1: GD on f(x) = v'phi(Wx) (v = +-1/sqrt k fixed, W trained; softplus, quadratic\n"
        "and ReLU phi) and on f = X theta, checking Assumptions 1 and 3, the rate (1 - eta\n"
        "alpha^2/4)^tau, the radius inequality and the shortest-path bounds at every iterate;\n"
        "J J' = K o (A A') is n x n, so the n x kd Jacobian is never formed. Theorem 2: the\n"
        "smallest width k* at which sigma_min(relu(W X'))/sqrt k >= alpha/2 for every seed,\n"
        "alpha^2 from the arc-cosine kernel, and the pseudo-inverse fit. Fig. 1: the spectrum.",
    .scales = "ci     GD n = 16, k = 1000..16000; sweep n = 25..200, k/n = 0.5..5 by 0.25, 10 seeds; Fig. 1\n"
              "paper  GD n = 64, k = 2000..32000; sweep n = 25..800, k/n = 0.5..5 by 0.1, 20 seeds; Fig. 1",
    OVP_HARNESS_STATICS(tables, N_TABLES),
    .setup = setup,
    .task = ovp_parts_task,
    .task_label = ovp_parts_label,
    .reduce = ovp_parts_reduce,
    .free_state = free_state,
};
