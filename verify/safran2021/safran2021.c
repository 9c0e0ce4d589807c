/* verify/safran2021/safran2021.c: Safran, Yehudai, Shamir (COLT 2021) and Safran & Shamir
 * (ICML 2018): the population loss of a ReLU teacher–student network.
 *
 * Tasks (verify/safran2021/safran2021_internal.h), in three parts (verify/engine/parts.h): one per
 * cell (n, k) of the spurious-minima table, after P4.P21's rate-only cells, ordered from the most
 * expensive (largest n, k) down so that two threads finish together; two per local n for P4.b/P4.c
 * (over-parameterized, k = n + 1 .. n + 3 in one task, and the k = n contrast); one per n for P4.a.
 * A cell is one task because its distinct minima are merged over all its runs. Each part reduces
 * its own outputs; the claims over all the cells come last. */
#include "safran2021_internal.h"
#include "safran2021_minima.h"
#include "stats.h"
#include "status.h"

#include "theorems/safran2021.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ovp_table_spec safran2021_tables[SAFRAN_N_TABLES] = {
    [T_CELLS] = {"cells", "n,k,runs,global,spurious,unresolved,rate,rate_lo,rate_hi,distinct,orbits,min_F,mean_F,"
                          "min_lambda,step,mean_gd_iters,mean_newton_steps,halvings"},
    [T_RUNS] = {"runs", "n,k,run,class,F,grad_norm,gd_iters,newton_steps,step,sum_norms_minus_k"},
    [T_MINIMA] = {"minima", "n,k,minimum,hits,F,lambda_min,sum_norms_minus_k,negative_blocks,split_formula,"
                            "split_quadform,split_neuron,split_grad,split_F_gap,curvature_gap,saddle,"
                            "split_lambda_min"},
    [T_GLOBAL] = {"global_hessian", "n,teacher,lambda_min,lambda_max,F,grad_norm"},
    [T_LOCAL] = {"local", "n,k,base,eps,hess_min,pl_ratio,one_point_ratio,dist_to_set,excess_F,lambda_ref"},
    [T_FRACTION] = {"one_point_fraction", "n,k,base,eps,directions,fraction_holds,fraction_positive"},
};

/* ---------------------------------------------------------------- config */

/* Both scales follow the 2021 protocol (GD step 5/k, 100000 iterations). */
static const safran2021_config scale_ci = {
    .n_min = 6, .n_max = 8, .extra_max = 2, .runs = 500, .max_iters = 100000, .split_weight = 0.5,
    .runs_2021 = 500, /* P4.P21: the 2021 protocol's 500 runs per n */
    .local_n = {4, 6}, .n_local = 2, .random_teachers = 5, .eps_points = 11, .eps_max = 1e-1, .eps_min = 1e-6,
    .directions = 200, .local_extra = 1,
    .local_extra_max = 3, /* "any amount of over-parameterization": k = n + 1, n + 2, n + 3 */
};
static const safran2021_config scale_paper = {
    .n_min = 6, .n_max = 20, .extra_max = 2, .runs = 1000, .max_iters = 100000, .split_weight = 0.5,
    .runs_2021 = 500, .rate_n = {25, 30}, .n_rate = 2, /* P4.P21 beyond the table */
    .local_n = {6, 10, 14}, .n_local = 3, .random_teachers = 20, .eps_points = 11, .eps_max = 1e-1,
    .eps_min = 1e-6, .directions = 500, .local_extra = 1, .local_extra_max = 3,
};
static const ovp_config_scale scales[] = {{"ci", &scale_ci, NULL}, {"paper", &scale_paper, NULL}};

static const ovp_opt_spec options[] = {
    {"n-min", OVP_OPT_UINT, "N", "smallest teacher size n of the table, V = I_n (ci 6, paper 6)", 2, 64, NULL},
    {"n-max", OVP_OPT_UINT, "N", "largest teacher size n (ci 8, paper 20)", 2, 64, NULL},
    {"extra", OVP_OPT_UINT, "J", "students k = n..n+J (default 2)", 0, 8, NULL},
    {"runs", OVP_OPT_UINT, "R", "GD runs per (n, k) cell (ci 500, paper 1000)", 1, 1e6, NULL},
    {"step", OVP_OPT_REAL, "ETA", "GD step (default 5/k, the 2021 protocol; 0.1 is the 2018 one)", 1e-6, 10, NULL},
    {"max-iters", OVP_OPT_UINT, "K", "GD iterations per run (default 100000)", 1, 1e9, NULL},
    {"local-n", OVP_OPT_UINT_LIST, "N1,N2,..", "teacher sizes of P4.b/P4.c (ci 4,6, paper 6,10,14)", 2, 32, NULL},
    {"random-teachers", OVP_OPT_UINT, "R", "P4.a random teachers per n (ci 5, paper 20)", 0, 1e4, NULL},
    {"local-extra", OVP_OPT_UINT, "J", "P4.b at k = n+1..n+J (default 3; at most n+n)", 1, 3, NULL},
    {"eps-points", OVP_OPT_UINT, "E", "distances from 1e-1 to 1e-6 (default 11)", 2, 100, NULL},
    {"directions", OVP_OPT_UINT, "D", "P4.c random directions per distance (ci 200, paper 500)", 1, 1e6, NULL},
};

static const ovp_config_field fields[] = {
    OVP_CONFIG_FIELD(safran2021_config, "n-min", n_min),
    OVP_CONFIG_FIELD(safran2021_config, "n-max", n_max),
    OVP_CONFIG_FIELD(safran2021_config, "extra", extra_max),
    OVP_CONFIG_FIELD(safran2021_config, "runs", runs),
    OVP_CONFIG_FIELD(safran2021_config, "step", step),
    OVP_CONFIG_FIELD(safran2021_config, "max-iters", max_iters),
    OVP_CONFIG_LIST(safran2021_config, "local-n", local_n, n_local),
    OVP_CONFIG_FIELD(safran2021_config, "random-teachers", random_teachers),
    OVP_CONFIG_FIELD(safran2021_config, "local-extra", local_extra_max),
    OVP_CONFIG_FIELD(safran2021_config, "eps-points", eps_points),
    OVP_CONFIG_FIELD(safran2021_config, "directions", directions),
};

static int finish(const ovp_args *args, ovp_run *r, void *config, char *err, size_t errlen)
{
    const safran2021_config *c = config;
    (void)args, (void)r;
    if (c->n_min > c->n_max) {
        snprintf(err, errlen, "--n-min %zu exceeds --n-max %zu", c->n_min, c->n_max);
        return OVP_EINVAL;
    }
    return OVP_OK;
}

/* Peak memory: per task thread two (kd)² Hessians of the largest cell. */
static double peak_bytes(const void *config, int threads, char *what, size_t whatlen)
{
    const safran2021_config *c = config;
    double kd = (double)(c->n_max + c->extra_max) * (double)c->n_max;
    for (size_t i = 0; i < c->n_rate; i++) /* P4.P21's rate-only cells, k = n */
        kd = fmax(kd, c->rate_n[i] * c->rate_n[i]);
    snprintf(what, whatlen, "safran2021 with n = %zu, k = %zu", c->n_max, c->n_max + c->extra_max);
    return 8.0 * 3 * kd * kd * threads;
}

static const ovp_config_spec config_spec = {
    .size = sizeof(safran2021_config),
    .seed = offsetof(safran2021_config, seed),
    .scales = scales,
    .n_scales = sizeof scales / sizeof *scales,
    .fields = fields,
    .n_fields = sizeof fields / sizeof *fields,
    .data = {.refusal = "safran2021 takes no --data: the teacher is V = I_n (and random teachers for P4.a), "
                        "as in the papers"},
    .finish = finish,
    .bytes = peak_bytes,
};

/* ---------------------------------------------------------------- setup */

static void label(const void *s, size_t part, size_t i, char *buf, size_t len)
{
    static const char *const kinds[] = {"cell", "P4.a", "P4.b/c", "P4.P21"};
    const task_desc *t = safran2021_task(s, part, i);
    snprintf(buf, len, "%s n=%zu k=%zu", kinds[t->kind], t->n, t->k);
}

static void cell_label(const void *s, size_t i, char *buf, size_t len) { label(s, PART_CELLS, i, buf, len); }
static void local_label(const void *s, size_t i, char *buf, size_t len) { label(s, PART_LOCAL, i, buf, len); }
static void global_label(const void *s, size_t i, char *buf, size_t len) { label(s, PART_GLOBAL, i, buf, len); }

static void free_state(void *p)
{
    safran2021_state *s = p;
    if (s) {
        free(s->tasks);
        free(s);
    }
}

static int setup(ovp_run *r, const void *config, void **state_p, size_t *n_tasks, char *err, size_t errlen)
{
    const safran2021_config *c = config;
    if (c->n_min < 2 || c->n_min > c->n_max || c->runs == 0 || c->eps_points < 2 || c->directions == 0 ||
        !(c->split_weight > -1e300) || !(c->eps_min > 0 && c->eps_max > c->eps_min) || c->local_extra > 1 ||
        c->local_extra_max < c->local_extra || c->local_extra_max > 3 || c->contrast_extra > 1) {
        snprintf(err, errlen, "invalid safran2021 configuration (n %zu..%zu, runs %zu, eps points %zu)", c->n_min,
                 c->n_max, c->runs, c->eps_points);
        return OVP_EINVAL;
    }
    if (c->runs_2021 == 0) {
        snprintf(err, errlen, "invalid safran2021 configuration (runs_2021 0)");
        return OVP_EINVAL;
    }
    safran2021_state *s = calloc(1, sizeof *s);
    size_t cells = (c->n_max - c->n_min + 1) * (c->extra_max + 1);
    size_t total = cells + (c->n_max - c->n_min + 1) + 2 * c->n_local + c->n_rate;
    if (!s || !(s->tasks = calloc(total, sizeof *s->tasks))) {
        free(s);
        return OVP_ENOMEM;
    }
    s->cfg = *c;
    size_t t = 0;
    for (size_t i = c->n_rate; i-- > 0;) /* P4.P21 above the table: the largest n, first */
        if ((size_t)c->rate_n[i] > c->n_max)
            s->tasks[t++] = (task_desc){TASK_RATE, (size_t)c->rate_n[i], (size_t)c->rate_n[i], 0};
    for (size_t n = c->n_max + 1; n-- > c->n_min;) /* most expensive first */
        for (size_t j = c->extra_max + 1; j-- > 0;)
            s->tasks[t++] = (task_desc){TASK_CELL, n, n + j, 0};
    ovp_parts_add(&s->parts, (ovp_part){t, safran2021_cell_task, cell_label, safran2021_cells_reduce});
    for (size_t i = c->n_local; i-- > 0;) {
        size_t n = (size_t)c->local_n[i];
        s->tasks[t++] = (task_desc){TASK_LOCAL, n, n + c->local_extra, 0}; /* and up to local_k_max */
        s->tasks[t++] = (task_desc){TASK_LOCAL, n, n + c->contrast_extra, 1};
    }
    ovp_parts_add(&s->parts, (ovp_part){t - ovp_parts_total(&s->parts), safran2021_local_task, local_label,
                                        safran2021_local_reduce});
    for (size_t n = c->n_max + 1; n-- > c->n_min;)
        s->tasks[t++] = (task_desc){TASK_GLOBAL, n, n, 0};
    ovp_parts_add(&s->parts, (ovp_part){t - ovp_parts_total(&s->parts), safran2021_global_task, global_label,
                                        safran2021_global_reduce});

    ovp_run_param_num(r, "n_min", (double)c->n_min);
    ovp_run_param_num(r, "n_max", (double)c->n_max);
    ovp_run_param_num(r, "extra_max", (double)c->extra_max);
    ovp_run_param_num(r, "runs", (double)c->runs);
    ovp_run_param_str(r, "step_rule", c->step > 0 ? "given (--step)" : "5/k (Safran, Yehudai, Shamir 2021)");
    ovp_run_param_num(r, "max_iters", (double)c->max_iters);
    ovp_run_param_num(r, "runs_2021", (double)c->runs_2021);
    ovp_run_param_list(r, "rate_n", c->rate_n, c->n_rate);
    ovp_run_param_num(r, "split_weight", c->split_weight);
    ovp_run_param_list(r, "local_n", c->local_n, c->n_local);
    ovp_run_param_num(r, "local_extra_max", (double)c->local_extra_max);
    ovp_run_param_num(r, "random_teachers", (double)c->random_teachers);
    ovp_run_param_num(r, "eps_points", (double)c->eps_points);
    ovp_run_param_num(r, "eps_max", c->eps_max);
    ovp_run_param_num(r, "eps_min", c->eps_min);
    ovp_run_param_num(r, "directions", (double)c->directions);
    ovp_run_param_num(r, "grad_tol", SAFRAN_GRAD_TOL);
    ovp_run_param_num(r, "lambda_margin", SAFRAN_LAMBDA_MARGIN);
    ovp_run_param_num(r, "merge_tol", SAFRAN_MERGE_TOL);
    ovp_run_param_num(r, "spurious_loss", safran2018_spurious_loss());
    ovp_run_param_str(r, "teacher", "V = I_n, d = n (P4.a also random teachers, rows N(0, I/d))");
    ovp_run_param_str(r, "init", "W0 entries N(0, 1/d)");
    *n_tasks = t;
    *state_p = s;
    return OVP_OK;
}

static const char *const figures[] = {"safran2021_rates", "safran2021_hessian", "safran2021_ratios",
                                      "safran2021_norms", NULL};

const ovp_harness ovp_harness_safran2021 = {
    .paper = &safran2021_paper,
    .summary =
        "Population loss F(W) = 1/2 E(sum_i relu(w_i'x) - sum_j relu(v_j'x))^2, x ~ N(0, I), in closed\n"
        "form with its exact gradient and Hessian. Checks strong convexity at k = n (P4.a), the loss of\n"
        "local convexity, PL and one-point convexity at k = n+1..n+3 (P4.b; P4.c at n+1), and reproduces the\n"
        "spurious-minima table of Safran & Shamir (2018) with GD + Newton, certifying every minimum and\n"
        "splitting each one into a saddle (P4.d); the 2021 paper's non-global-minimum rate at k = n (P4.P21).",
    .scales = "ci     n = 6..8, k = n..n+2, 500 runs per cell; P4.b/c at n = 4, 6, k = n..n+3 (seconds)\n"
              "paper  n = 6..20, k = n..n+2, 1000 runs per cell (45 000 runs); P4.b/c at n = 6, 10, 14, "
              "k = n..n+3;\n       P4.P21 at k = n = 6..20 (first 500 runs of each cell), 25, 30 (500 runs)",
    OVP_HARNESS_STATICS(safran2021_tables, SAFRAN_N_TABLES),
    .setup = setup,
    .task = ovp_parts_task,
    .task_label = ovp_parts_label,
    .reduce = safran2021_reduce,
    .free_state = free_state,
};
