/* verify/safran2021/safran2021_table.c: one cell (n, k) of the spurious-minima table of
 * Safran & Shamir (2018): teacher V = I_n (d = n), `runs` GD runs from W0 with
 * entries N(0, 1/d), each finished by Newton and classified; distinct minima up
 * to a permutation of the students; at k = n, every distinct spurious minimum
 * split neuron by neuron (P4.d). */
#include "safran2021_internal.h"
#include "safran2021_minima.h"
#include "linalg.h"
#include "poprelu_descent.h"
#include "rng.h"
#include "stats.h"
#include "status.h"

#include "theorems/safran2021.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Newton steps per attempt: from ‖∇F‖ ≈ 1e-3 quadratic convergence needs ~4. */
#define MAX_NEWTON 12
/* Halvings of the step before a run is given up as unresolved. */
#define MAX_HALVINGS 6
/* First Newton attempt at this gradient norm. A refused attempt (an indefinite
 * Hessian on a plateau) is undone but costs a Hessian and a Cholesky, ~200 GD
 * steps at n = 20: from 1e-1 runs refuse ~6 attempts, from 1e-2 ~3.5, with the
 * same GD iterations and classes (measured at n = 14 and 20). */
#define NEWTON_SWITCH 1e-2

double safran2021_cell_step(const safran2021_config *c, size_t k)
{
    return c->step > 0 ? c->step : safran2021_step((double)k);
}

ovp_poprelu_descent_opts safran2021_descent_opts(const safran2021_config *c, size_t k)
{
    return (ovp_poprelu_descent_opts){
        .step = safran2021_cell_step(c, k),
        .max_halvings = MAX_HALVINGS,
        .max_iters = c->max_iters,
        .f_stop = safran2018_spurious_loss(), /* GD is monotone: below it, no spurious end */
        .newton_switch = NEWTON_SWITCH,
        .max_newton = MAX_NEWTON,
        .grad_tol = SAFRAN_GRAD_TOL,
    };
}

int safran2021_identity(size_t n, ovp_mat *V)
{
    int st = ovp_mat_alloc(n, n, V);
    if (!st)
        for (size_t i = 0; i < n; i++)
            OVP_AT(V, i, i) = 1.0;
    return st;
}

typedef struct {
    ovp_mat V, W0, W, H;
    ovp_poprelu p;
    ovp_poprelu_descent_work dw;
    ovp_work ws;
    safran2021_minima minima;
    gsl_rng *rng;
} cell_mem;

static void cell_mem_free(cell_mem *m)
{
    ovp_mat_free(&m->V);
    ovp_mat_free(&m->W0);
    ovp_mat_free(&m->W);
    ovp_mat_free(&m->H);
    ovp_poprelu_free(&m->p);
    ovp_poprelu_descent_work_free(&m->dw);
    ovp_work_free(&m->ws);
    safran2021_minima_free(&m->minima);
    if (m->rng)
        gsl_rng_free(m->rng);
}

/* P4.d aggregates over the distinct spurious minima of a k = n cell. */
typedef struct {
    size_t checked, saddles, cond_crit, cond_min, cond_norm, cond_pd, cond_block;
    double max_split_grad, max_split_F_gap, max_curvature_gap, weakest_saddle, weakest_quadform;
} split_totals;

static int split_one(const safran2021_state *s, const task_desc *t, const ovp_mat *V, const ovp_mat *W,
                     double id, double hits, split_totals *tot, ovp_task_out *out, double *lambda_min)
{
    safran2021_split_report r;
    int st = safran2021_split_analysis(V, W, s->cfg.split_weight, &r);
    if (st)
        return st;
    *lambda_min = r.lambda_min;
    tot->checked++;
    tot->saddles += r.saddle;
    /* the point split must be a certified non-global minimum (the planted W = V of the
     * control is not: F = 0) */
    tot->cond_crit += !(r.grad_norm <= SAFRAN_GRAD_TOL);
    tot->cond_min += !(r.F >= safran2018_spurious_loss() && r.grad_norm <= SAFRAN_GRAD_TOL &&
                       r.lambda_min > SAFRAN_LAMBDA_MARGIN);
    tot->cond_norm += !(r.sum_norms <= safran2021_norm_budget((double)t->k));
    tot->cond_pd += !(r.lambda_min > 0.0);
    tot->cond_block += r.negative_blocks == 0;
    tot->max_split_grad = fmax(tot->max_split_grad, r.max_split_grad);
    tot->max_split_F_gap = fmax(tot->max_split_F_gap, r.max_split_F_gap);
    tot->max_curvature_gap = fmax(tot->max_curvature_gap, r.max_curvature_gap);
    tot->weakest_saddle = fmax(tot->weakest_saddle, r.best_split_lambda);
    tot->weakest_quadform = fmax(tot->weakest_quadform, r.best_quadform);
    ovp_task_row(out, T_MINIMA, 16,
                 (double[]){(double)t->n, (double)t->k, id, hits, r.F, r.lambda_min,
                            r.sum_norms - (double)t->k, (double)r.negative_blocks, r.best_formula,
                            r.best_quadform, (double)r.best_neuron, r.max_split_grad, r.max_split_F_gap,
                            r.max_curvature_gap, (double)r.saddle, r.best_split_lambda});
    return OVP_OK;
}

size_t safran2021_runs_2021(const safran2021_config *c)
{
    return c->runs < c->runs_2021 ? c->runs : c->runs_2021;
}

/* A cell (n, k) of the table, or (TASK_RATE) P4.P21's rate-only cell k = n above the
 * table: the same runs (descent, certificate, stream "cell n=N k=N") for runs_2021 runs,
 * without the distinct minima, their λ_min and the splits. */
int safran2021_cell_task(const void *state, size_t index, ovp_task_out *out)
{
    const safran2021_state *s = state;
    const task_desc *t = safran2021_task(s, PART_CELLS, index);
    const safran2021_config *c = &s->cfg;
    const size_t n = t->n, k = t->k, d = n;
    const int rate_only = t->kind == TASK_RATE;
    const size_t runs_total = rate_only ? c->runs_2021 : c->runs;
    const size_t runs_2021 = rate_only ? c->runs_2021 : safran2021_runs_2021(c);
    size_t nonglobal_2021 = 0;
    char key[64];
    snprintf(key, sizeof key, "cell n=%zu k=%zu", n, k);
    cell_mem m = {0};
    int st = safran2021_identity(n, &m.V);
    if (!st)
        st = ovp_mat_alloc(k, d, &m.W0);
    if (!st)
        st = ovp_mat_alloc(k, d, &m.W);
    if (!st)
        st = ovp_mat_alloc(k * d, k * d, &m.H);
    if (!st)
        st = ovp_poprelu_alloc(k, &m.V, &m.p);
    if (!st)
        st = ovp_poprelu_descent_work_alloc(k, d, &m.dw);
    if (!st && !(m.rng = ovp_rng_stream("safran2021", key, c->seed)))
        st = OVP_ENOMEM;
    if (st) {
        cell_mem_free(&m);
        return ovp_task_fail(out, st, "allocating %s: %s", key, ovp_status_str(st));
    }
    safran2021_minima_init(&m.minima, k, d);
    const ovp_poprelu_descent_opts o = safran2021_descent_opts(c, k);
    size_t count[3] = {0}, gd_iters = 0, newton_steps = 0, halvings = 0;
    double min_F = INFINITY, sum_F = 0.0, min_lambda = INFINITY;
    split_totals tot = {.weakest_saddle = -INFINITY, .weakest_quadform = -INFINITY};
    for (size_t run = 0; run < runs_total && !st; run++) {
        ovp_rng_gaussian_mat(m.rng, 1.0 / sqrt((double)d), &m.W0); /* entries N(0, 1/d) */
        ovp_poprelu_descent_result res;
        if ((st = ovp_poprelu_descent_run(&m.p, &m.W0, &m.W, &o, &m.dw, &res)))
            break;
        safran2021_class cls;
        double F, gn;
        if ((st = safran2021_certify(&m.p, &m.W, &m.dw.G, &m.H, &m.ws, &cls, &F, &gn)))
            break;
        count[cls]++;
        gd_iters += res.gd_iters;
        newton_steps += res.newton_steps;
        halvings += res.halvings;
        double sum_norms = 0.0;
        for (size_t i = 0; i < k; i++)
            sum_norms += m.p.norm[i];
        ovp_task_row(out, T_RUNS, 10,
                     (double[]){(double)n, (double)k, (double)run, (double)cls, F, gn, (double)res.gd_iters,
                                (double)res.newton_steps, res.step, sum_norms - (double)k});
        if (cls != SAFRAN_SPURIOUS)
            continue;
        nonglobal_2021 += run < runs_2021; /* P4.P21: the first runs_2021 runs */
        if (rate_only)
            continue;
        min_F = fmin(min_F, F);
        sum_F += F;
        size_t id;
        int is_new;
        st = safran2021_minima_add(&m.minima, &m.W, F, &id, &is_new);
    }
    /* every distinct spurious minimum: λ_min by dsyevr, and at k = n the splits (P4.d) */
    for (size_t i = 0; i < m.minima.count && !st; i++) {
        ovp_mat Wi = safran2021_minima_point(&m.minima, i);
        double lam, F, hits = (double)m.minima.hits[i];
        if (k == n) {
            st = split_one(s, t, &m.V, &Wi, (double)i, hits, &tot, out, &lam);
        } else {
            if (!(st = ovp_poprelu_eval(&m.p, &Wi, &F, NULL, &m.H)))
                st = ovp_linalg_eig_min(&m.H, &lam, &m.ws);
            double sum_norms = 0.0;
            for (size_t r = 0; r < k; r++)
                sum_norms += m.p.norm[r];
            if (!st)
                ovp_task_row(out, T_MINIMA, 16,
                             (double[]){(double)n, (double)k, (double)i, hits, F, lam, sum_norms - (double)k,
                                        NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN});
        }
        min_lambda = fmin(min_lambda, lam);
    }
    if (!st && k == n && c->split_teacher_min) { /* negative control: the global minimum W = V */
        double lam;
        st = split_one(s, t, &m.V, &m.V, -1.0, NAN, &tot, out, &lam);
    }
    if (st) {
        cell_mem_free(&m);
        return ovp_task_fail(out, st, "%s: %s (LAPACK info %d)", key, ovp_status_str(st), ovp_status_lapack_info());
    }
    if (rate_only) { /* P4.P21 only: no cells row (the table's), the classes and the rate */
        cell_mem_free(&m);
        ovp_task_set(out, "n", (double)n);
        ovp_task_set(out, "k", (double)k);
        ovp_task_set(out, "runs", (double)runs_total);
        ovp_task_set(out, "global", (double)count[SAFRAN_GLOBAL]);
        ovp_task_set(out, "spurious", (double)count[SAFRAN_SPURIOUS]);
        ovp_task_set(out, "unresolved", (double)count[SAFRAN_UNRESOLVED]);
        ovp_task_set(out, "runs_2021", (double)runs_2021);
        ovp_task_set(out, "nonglobal_2021", (double)nonglobal_2021);
        ovp_task_set(out, "mean_gd_iters", (double)gd_iters / (double)runs_total);
        return OVP_OK;
    }
    double runs = (double)c->runs, lo, hi, rate = (double)count[SAFRAN_SPURIOUS] / runs;
    ovp_stats_wilson_interval(count[SAFRAN_SPURIOUS], c->runs, 1.96, &lo, &hi);
    size_t sp = count[SAFRAN_SPURIOUS];
    double mean_F = sp ? sum_F / (double)sp : NAN;
    if (!sp)
        min_F = min_lambda = NAN;
    double orbits = (double)safran2021_minima_orbits(&m.minima);
    ovp_task_row(out, T_CELLS, 18,
                 (double[]){(double)n, (double)k, runs, (double)count[SAFRAN_GLOBAL], (double)sp,
                            (double)count[SAFRAN_UNRESOLVED], rate, lo, hi, (double)m.minima.count, orbits, min_F,
                            mean_F, min_lambda, o.step, (double)gd_iters / runs, (double)newton_steps / runs,
                            (double)halvings});
    const char *names[] = {"n", "k", "runs", "global", "spurious", "unresolved", "distinct", "orbits", "min_F",
                           "mean_F", "min_lambda"};
    const double vals[] = {(double)n, (double)k, runs, (double)count[SAFRAN_GLOBAL], (double)sp,
                           (double)count[SAFRAN_UNRESOLVED], (double)m.minima.count, orbits, min_F, mean_F,
                           min_lambda};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++)
        ovp_task_set(out, names[i], vals[i]);
    if (k == n) {
        ovp_task_set(out, "runs_2021", (double)runs_2021);
        ovp_task_set(out, "nonglobal_2021", (double)nonglobal_2021);
        ovp_task_set(out, "split_checked", (double)tot.checked);
        ovp_task_set(out, "split_saddles", (double)tot.saddles);
        ovp_task_set(out, "split_cond_crit", (double)tot.cond_crit);
        ovp_task_set(out, "split_cond_min", (double)tot.cond_min);
        ovp_task_set(out, "split_cond_norm", (double)tot.cond_norm);
        ovp_task_set(out, "split_cond_pd", (double)tot.cond_pd);
        ovp_task_set(out, "split_cond_block", (double)tot.cond_block);
        ovp_task_set(out, "split_max_grad", tot.max_split_grad);
        ovp_task_set(out, "split_max_F_gap", tot.max_split_F_gap);
        ovp_task_set(out, "split_max_curvature_gap", tot.max_curvature_gap);
        ovp_task_set(out, "split_weakest_saddle", tot.weakest_saddle);
        ovp_task_set(out, "split_weakest_quadform", tot.weakest_quadform);
    }
    cell_mem_free(&m);
    return OVP_OK;
}
