/* verify/dulee2018/dulee2018.c: Du & Lee (ICML 2018), quadratic activation: configuration, setup,
 * task dispatch. The work lives in dulee2018_landscape.c (T3.1, T3.2, the negative control
 * and the phase diagram) and dulee2018_general.c (Rademacher complexity, generalisation).
 *
 * Tasks, in order: one per landscape instance (loss, n, seed), one per Rademacher sample
 * (data model, n), one per generalisation run (n, seed). Every task draws from its own
 * stream, so results do not depend on --threads. */
#include "dulee2018_internal.h"
#include "status.h"

#include "theorems/dulee2018.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ovp_table_spec tables[DULEE_N_TABLES] = {
    [T_SOSP] = {"sosp", "loss,n,k,seed,init,perturbed,group,hypotheses,outcome,value,value_unperturbed,"
                        "reference,gap,lambda_min_S,cert_tol,value_tol,ws_fro,grad_norm,hess_min,"
                        "sigma_ratio,iters,escapes,nonglobal,spurious"},
    [T_INSTANCES] = {"instances", "loss,n,seed,perturbed,f_convex,kkt,gap_bound,rank,trace,iters,restarts,converged,"
                              "lambda_min_S,inner_SM,duality_gap,gap_tol"},
    [T_RADEMACHER] = {"rademacher", "model,n,d,M,b,max_norm,s,R_mean,R_half_width,bound_t52,bound_t42,rate_c41,"
                                    "samples"},
    [T_GENERAL] = {"general", "n,seed,d,lambda,outcome,M_sq,train_loss,test_loss,gap,rate,gap_over_rate,"
                              "lambda_min_S"},
    [T_SADDLES] = {"saddles", "loss,n,seed,k,perturbed,hypotheses,source,rows,init,value,reference,value_tol,"
                              "grad_norm,lambda_min_S,hess_min,hess_err,hess_upper,cert_radius"},
};

/* ---------------------------------------------------------------- config */

/* Both scales: weight decay 1e-3, both losses, SOSP tolerances and budgets. */
static const dulee2018_config scale_ci = {
    .d = 8, .n_list = {4, 8, 16, 24, 36, 60}, .n_n = 6, .k_list = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, .n_k = 10,
    .seeds = 6, .inits = 3, .losses = DULEE_SQUARED | DULEE_LOGISTIC, .noise = 0.1, .lambda = 1e-3, .delta = 1e-4,
    .rad_d = 8, .rad_n = {16, 32, 64, 128, 256, 512}, .rad_nn = 6, .rad_samples = 1000, .rad_M = 1.0,
    .rad_radius = 1.0, .rad_b = 1.0, .gen_d = 6, .gen_n = {50, 100, 200, 400, 800}, .gen_nn = 5, .gen_seeds = 8,
    .gen_test = 50000, .gen_lambda = 1e-2,
    .eps_g = 1e-9, /* L-BFGS reaches it in a few hundred iterations; see kernels/models/sosp.h */
    .eps_H = 1e-7, /* above the ~1e-10 of the rotation-symmetry zero modes and rounding */
    .max_iters = 20000, .max_escapes = 100,
};
static const dulee2018_config scale_paper = {
    .d = 24, .n_list = {12, 24, 48, 72, 100, 140, 180, 220, 260, 300, 360}, .n_n = 11,
    .k_list = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
               29, 30},
    .n_k = 30, .seeds = 24, .inits = 4, .losses = DULEE_SQUARED | DULEE_LOGISTIC, .noise = 0.1, .lambda = 1e-3,
    .delta = 1e-4, .rad_d = 24, .rad_n = {25, 50, 100, 200, 400, 800, 1600, 3200}, .rad_nn = 8, .rad_samples = 2000,
    .rad_M = 1.0, .rad_radius = 1.0, .rad_b = 1.0, .gen_d = 16, .gen_n = {100, 200, 400, 800, 1600, 3200},
    .gen_nn = 6, .gen_seeds = 8, .gen_test = 50000, .gen_lambda = 1e-2, .eps_g = 1e-9, .eps_H = 1e-7,
    .max_iters = 20000, .max_escapes = 100,
};
static const ovp_config_scale scales[] = {{"ci", &scale_ci, NULL}, {"paper", &scale_paper, NULL}};

static const ovp_opt_spec options[] = {
    {"d", OVP_OPT_UINT, "D", "input dimension of the landscape instances (ci 8, paper 24)", 1, 1e4, NULL},
    {"ns", OVP_OPT_UINT_LIST, "N1,N2,..", "sample sizes of the phase diagram (ci 4..60, paper 12..360)", 1, 1e6, NULL},
    {"ks", OVP_OPT_UINT_LIST, "K1,K2,..", "hidden widths of the phase diagram (ci 1..10, paper 1..30)", 1, 1e4, NULL},
    {"k", OVP_OPT_UINT, "K", "hidden width with --data (default: d, the T3.1 regime k >= d)", 1, 1e4, NULL},
    {"seeds", OVP_OPT_UINT, "S", "instances per (loss, n) (ci 6, paper 24)", 1, 1e5, NULL},
    {"inits", OVP_OPT_UINT, "R", "random initialisations per instance and k (ci 3, paper 4, --data 8)", 1, 1e5, NULL},
    {"lambda", OVP_OPT_REAL, "LAMBDA", "weight decay lambda of L (default 1e-3; must be > 0)", 1e-12, 1e6, NULL},
    {"delta", OVP_OPT_REAL, "DELTA", "bound on ||C||_F of the T3.2 perturbation, drawn with a density in that ball (default 1e-4)", 1e-15, 1e6, NULL},
    {"noise", OVP_OPT_REAL, "SD", "label noise of the synthetic teacher (default 0.1)", 0, 1e6, NULL},
    {"loss", OVP_OPT_CHOICE, "both|squared|logistic", "losses of the landscape runs (default both)", 0, 0,
     "both|squared|logistic"},
    {"rad-samples", OVP_OPT_UINT, "N", "sign vectors per Rademacher estimate (ci 1000, paper 2000)", 2, 1e8, NULL},
    {"gen-seeds", OVP_OPT_UINT, "S", "training sets per n for the generalisation gap (default 8)", 1, 1e5, NULL},
};

/* --k and --loss are finish's: the width of --data, and bits. */
static const ovp_config_field fields[] = {
    OVP_CONFIG_FIELD(dulee2018_config, "d", d),
    OVP_CONFIG_LIST(dulee2018_config, "ns", n_list, n_n),
    OVP_CONFIG_LIST(dulee2018_config, "ks", k_list, n_k),
    OVP_CONFIG_FIELD(dulee2018_config, "seeds", seeds),
    OVP_CONFIG_FIELD(dulee2018_config, "inits", inits),
    OVP_CONFIG_FIELD(dulee2018_config, "lambda", lambda),
    OVP_CONFIG_FIELD(dulee2018_config, "delta", delta),
    OVP_CONFIG_FIELD(dulee2018_config, "noise", noise),
    OVP_CONFIG_FIELD(dulee2018_config, "rad-samples", rad_samples),
    OVP_CONFIG_FIELD(dulee2018_config, "gen-seeds", gen_seeds),
};

/* With --data: the squared loss at --k (default d), one cell, and R_S of the user's X. */
static int finish_data(const ovp_args *args, dulee2018_config *c, char *err, size_t errlen)
{
    int any = 0;
    for (size_t i = 0; i < c->n_user * c->d && !any; i++)
        any = c->X[i] != 0.0;
    if (!any) {
        snprintf(err, errlen, "every feature of %s is zero: the network's output is 0 whatever W",
                 ovp_args_text(args, "data", ""));
        return OVP_EDATA;
    }
    c->n_list[0] = (double)c->n_user;
    c->n_n = 1;
    c->k_list[0] = (double)ovp_args_uint(args, "k", c->d);
    c->n_k = 1;
    c->seeds = 1;
    c->inits = ovp_args_uint(args, "inits", 8);
    c->losses = DULEE_SQUARED;
    c->single_cell = 1;
    c->rad_d = c->d;
    c->rad_nn = 1;
    c->rad_n[0] = (double)c->n_user;
    c->gen_nn = 0;
    return OVP_OK;
}

static int finish(const ovp_args *args, ovp_run *r, void *config, char *err, size_t errlen)
{
    dulee2018_config *c = config;
    (void)r;
    if (c->X)
        return finish_data(args, c, err, errlen);
    if (ovp_args_get(args, "k")) {
        snprintf(err, errlen, "--k is the width for --data; the synthetic sweep takes --ks");
        return OVP_EINVAL;
    }
    const char *loss = ovp_args_text(args, "loss", "both");
    c->losses = strcmp(loss, "squared") == 0    ? DULEE_SQUARED
                : strcmp(loss, "logistic") == 0 ? DULEE_LOGISTIC
                                                : DULEE_SQUARED | DULEE_LOGISTIC;
    return OVP_OK;
}

/* Peak bytes: per task thread the SOSP work at the largest k (Hessian (kd)², its factor
 * n·kd) and the convex solver's n×d arrays; Rademacher n×d; generalisation likewise. */
static double peak_bytes(const void *config, int threads, char *what, size_t whatlen)
{
    const dulee2018_config *c = config;
    double kmax = 0, nmax = 0, rn = 0, gn = 0;
    for (size_t i = 0; i < c->n_k; i++)
        kmax = fmax(kmax, c->k_list[i]);
    for (size_t i = 0; i < c->n_n; i++)
        nmax = fmax(nmax, c->n_list[i]);
    for (size_t i = 0; i < c->rad_nn; i++)
        rn = fmax(rn, c->rad_n[i]);
    for (size_t i = 0; i < c->gen_nn; i++)
        gn = fmax(gn, c->gen_n[i]);
    double d = (double)c->d, kd = kmax * d, gd = (double)c->gen_d, gkd = gd * gd;
    double land = kd * kd + nmax * (kd + 6 * d) + 8 * d * d + 2 * kmax * d * 10;
    double rad = 3 * rn * (double)c->rad_d;
    double gen = c->gen_nn ? gkd * gkd + (gn + (double)c->gen_test) * (gkd + 4 * gd) : 0;
    snprintf(what, whatlen, "dulee2018 with d = %zu and the largest n and k", c->d);
    return 8.0 * (double)threads * fmax(land, fmax(rad, gen)) + 8.0 * (double)c->n_user * d;
}

static const ovp_config_spec config_spec = {
    .size = sizeof(dulee2018_config),
    .seed = offsetof(dulee2018_config, seed),
    .scales = scales,
    .n_scales = sizeof scales / sizeof *scales,
    .fields = fields,
    .n_fields = sizeof fields / sizeof *fields,
    .data = {.synthetic = (const char *const[]){"d", "ns", "ks", "seeds", "noise", "loss", "gen-seeds", NULL},
             .synthetic_error = "--%s describes synthetic data; with --data use --k, --lambda, --inits",
             .X = offsetof(dulee2018_config, X),
             .y = offsetof(dulee2018_config, y),
             .n = offsetof(dulee2018_config, n_user),
             .d = offsetof(dulee2018_config, d)},
    .finish = finish,
    .bytes = peak_bytes,
};

/* ---------------------------------------------------------------- setup */

static void free_state(void *p) { free(p); }

static int setup(ovp_run *r, const void *config, void **state_p, size_t *n_tasks, char *err, size_t errlen)
{
    const dulee2018_config *cfg = config;
    if (cfg->d == 0 || cfg->n_n == 0 || cfg->n_k == 0 || cfg->seeds == 0 || cfg->inits == 0 || !cfg->losses) {
        snprintf(err, errlen, "sizes must be positive (d=%zu ns=%zu ks=%zu seeds=%zu inits=%zu)", cfg->d,
                 cfg->n_n, cfg->n_k, cfg->seeds, cfg->inits);
        return OVP_EINVAL;
    }
    if (!(cfg->lambda > 0.0)) {
        snprintf(err, errlen, "lambda must be > 0 (the certificate's trace bound is 2 f / lambda)");
        return OVP_EINVAL;
    }
    dulee2018_state *s = calloc(1, sizeof *s);
    if (!s)
        return OVP_ENOMEM;
    s->cfg = *cfg;
    if (cfg->losses & DULEE_SQUARED)
        s->losses[s->n_losses++] = OVP_LOSS_SQUARED;
    if (cfg->losses & DULEE_LOGISTIC)
        s->losses[s->n_losses++] = OVP_LOSS_LOGISTIC;
    s->n_landscape = s->n_losses * cfg->n_n * cfg->seeds;
    s->n_rad_models = cfg->X ? 1 : 2;
    s->n_rad = cfg->rad_samples ? s->n_rad_models * cfg->rad_nn : 0;
    s->n_gen = cfg->gen_nn * cfg->gen_seeds;

    ovp_run_param_num(r, "d", (double)cfg->d);
    ovp_run_param_list(r, "ns", cfg->n_list, cfg->n_n);
    ovp_run_param_list(r, "ks", cfg->k_list, cfg->n_k);
    ovp_run_param_num(r, "seeds", (double)cfg->seeds);
    ovp_run_param_num(r, "inits", (double)cfg->inits);
    ovp_run_param_num(r, "lambda", cfg->lambda);
    ovp_run_param_num(r, "delta", cfg->delta);
    ovp_run_param_num(r, "noise", cfg->noise);
    ovp_run_param_str(r, "loss_scaling", "L = (1/n) sum loss + (lambda/2)||W||_F^2 (+ <C, W'W>)");
    ovp_run_param_str(r, "losses", cfg->losses == 3 ? "squared,logistic" : ovp_quadnet_loss_name(s->losses[0]));
    ovp_run_param_num(r, "eps_g", cfg->eps_g);
    ovp_run_param_num(r, "eps_H", cfg->eps_H);
    ovp_run_param_str(r, "data_model", cfg->X ? "user file"
                                              : "x ~ N(0, I/d); teacher W0 (d x d, N(0,1/d)); squared y = "
                                                "||W0 x||^2 + noise g; logistic y = sign(||W0 x||^2 - "
                                                "E||W0 x||^2 + noise g)");
    ovp_run_param_num(r, "rad_d", (double)cfg->rad_d);
    ovp_run_param_list(r, "rad_ns", cfg->rad_n, cfg->rad_nn);
    ovp_run_param_num(r, "rad_samples", (double)cfg->rad_samples);
    ovp_run_param_num(r, "gen_d", (double)cfg->gen_d);
    ovp_run_param_list(r, "gen_ns", cfg->gen_n, cfg->gen_nn);
    ovp_run_param_num(r, "gen_lambda", cfg->gen_lambda);
    ovp_parts_add(&s->parts, (ovp_part){s->n_landscape, dulee2018_landscape_task, dulee2018_landscape_label,
                  dulee2018_landscape_reduce});
    ovp_parts_add(&s->parts, (ovp_part){s->n_rad, dulee2018_rademacher_task, dulee2018_rademacher_label,
                  dulee2018_rademacher_reduce});
    ovp_parts_add(&s->parts, (ovp_part){s->n_gen, dulee2018_general_task, dulee2018_general_label,
                  dulee2018_general_reduce});
    *n_tasks = ovp_parts_total(&s->parts);
    *state_p = s;
    (void)err;
    (void)errlen;
    return OVP_OK;
}


static const char *const figures[] = {"dulee2018_phase", "dulee2018_gaps", "dulee2018_rademacher",
                                      "dulee2018_general", NULL};

const ovp_harness ovp_harness_dulee2018 = {
    .paper = &dulee2018_paper,
    .summary =
        "Quadratic-activation network f(x) = ||Wx||^2, W in R^{k x d}, trained on\n"
        "L = (1/n) sum loss(f(x_i), y_i) + (lambda/2)||W||_F^2 (squared and logistic loss) by L-BFGS\n"
        "with Hessian checks and negative-curvature escapes to second-order stationary points.\n"
        "Every SOSP is certified against the convex problem over PSD M (FISTA with restart, PSD\n"
        "projection prox): lambda_min(S) and the objective gap, for k >= d (T3.1), for\n"
        "k(k+1)/2 > n with a PSD perturbation C (T3.2), and below both thresholds, where the\n"
        "certificate must fire. Property 2.2: lambda_min(Hessian) <= -eps_H, with a rounding bound,\n"
        "at the non-global critical points checked (W = 0, end points, up to 8 narrower SOSPs\n"
        "embedded with zero rows per instance).\n"
        "Phase diagram over (n, k); Rademacher complexity by Monte Carlo against Theorem 5.2;\n"
        "generalisation gap of weight-decayed networks against sqrt(d/n), Theorem 4.3 and eq. (5).\n"
        "--data FILE (features, label last): squared loss at --k (default d) and --lambda\n"
        "(default 1e-3); summary quantities opt_value and opt_trace.",
    .scales = "ci     d = 8, n = 4..60, k = 1..10, 6 seeds x 3 inits, both losses (about 10 s)\n"
              "paper  d = 24, n = 12..360, k = 1..30, 24 seeds x 4 inits, both losses (minutes)",
    OVP_HARNESS_STATICS(tables, DULEE_N_TABLES),
    .setup = setup,
    .task = ovp_parts_task,
    .task_label = ovp_parts_label,
    .reduce = ovp_parts_reduce,
    .free_state = free_state,
};
