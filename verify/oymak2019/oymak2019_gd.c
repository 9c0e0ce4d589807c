/* verify/oymak2019/oymak2019_gd.c: Theorem 1 on GD, for vᵀφ(Wx) and for f = Xθ.
 *
 * Net: n points uniform on S^{d−1}, y ~ N(0, s²); W₀ has iid N(0, 1) rows in
 * pairs (w, w) with v = (+1/√k, −1/√k), so f(θ₀) = 0, r₀ = −y and ‖v‖ = 1.
 * GD runs in sample space (kernels/models/net1.h) with η = C/β² until ‖r‖ ≤ 1e-10‖r₀‖.
 * At every iterate: ‖r_τ‖, ‖θ_τ − θ₀‖, ‖J(θ_τ)‖ and ‖J(θ_τ) − J(θ₀)‖ from the
 * n×n Gram matrices K ∘ (AAᵀ) and K ∘ (DDᵀ), one dsyevr each.
 * β: the global B‖X‖‖v‖ when |φ'| ≤ B (softplus, ReLU: B = 1), else
 * (quadratic φ) the bound ‖J₀‖ + L·R on the ball B(θ₀, R). Hypotheses are met
 * when the global β exists and Assumption 3 is certified on the whole ball by
 * the Lipschitz bound L·R ≤ α/3 (smooth φ only); otherwise the run is empirical.
 * Linear case: X n×p iid N(0, 1/p), θ₀ iid N(0, 1), J = X, α = σ_min(X)/2, β = ‖X‖. */
#include "oymak2019_internal.h"
#include "dataset.h"
#include "gram.h"
#include "json.h"
#include "linalg.h"
#include "lsq.h"
#include "rng.h"
#include "stats.h"
#include "status.h"

#include "theorems/oymak2019.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *oymak2019_model_name(size_t model)
{
    return model == OYMAK_LINEAR ? "linear" : ovp_net1_act_name((ovp_act)model);
}

/* A table row: the model's name, then numbers in their shortest exact form. */
static void model_row(ovp_task_out *out, size_t table, size_t model, size_t n, const double *cells)
{
    char line[1024], num[32];
    size_t len = (size_t)snprintf(line, sizeof line, "%s", oymak2019_model_name(model));
    for (size_t q = 0; q < n && len < sizeof line; q++)
        len += (size_t)snprintf(line + len, sizeof line - len, ",%s", ovp_json_format_double(cells[q], num));
    ovp_task_rowf(out, table, "%s", line);
}

/* ---------------------------------------------------------------- setup */

int oymak2019_gd_setup(ovp_run *r, oymak2019_state *s, char *err, size_t errlen)
{
    const oymak2019_config *c = &s->cfg;
    s->n = c->X ? c->n_data : c->n;
    s->d = c->X ? c->d_data : c->d;
    if (s->n < 2 || s->d == 0 || c->iters == 0) {
        snprintf(err, errlen, "GD needs n >= 2, d >= 1 and iters >= 1 (n=%zu d=%zu iters=%zu)", s->n,
                 s->d, c->iters);
        return OVP_EINVAL;
    }
    ovp_mat tmp = {0};
    ovp_work ws = {0};
    int st = ovp_mat_alloc(s->n, s->d, &s->X);
    if (!st)
        st = ovp_mat_alloc(s->n, s->n, &s->K);
    if (!st)
        st = ovp_mat_alloc(s->n, s->n, &tmp);
    if (!st && !(s->y = malloc(s->n * sizeof *s->y)))
        st = OVP_ENOMEM;
    gsl_rng *g = st || c->X ? NULL : ovp_rng_stream("oymak2019", "gd data", c->seed);
    if (!st && c->X) {
        memcpy(s->X.data, c->X, s->n * s->d * sizeof(double));
        memcpy(s->y, c->y, s->n * sizeof(double));
    } else if (!st && g) {
        ovp_rng_sphere_rows(g, &s->X);
        ovp_rng_gaussian(g, c->label_scale, s->y, s->n);
    } else if (!st) {
        st = OVP_ENOMEM;
    }
    if (g)
        gsl_rng_free(g);
    if (!st)
        st = ovp_gram_inner(&s->X, &s->K);
    if (!st) {
        ovp_dataset_closest_pair(&s->X, &s->K, &s->gd_parallel);
        double kmax = 0;
        for (size_t i = 0; i < s->n; i++)
            kmax = fmax(kmax, OVP_AT(&s->K, i, i));
        s->x_max = sqrt(kmax);
        if (!(st = ovp_mat_copy(&s->K, &tmp)))
            st = ovp_linalg_eig_end(&tmp, 1, &ws, &s->norm_X);
        s->norm_X = sqrt(s->norm_X);
        if (!st && !(st = ovp_mat_copy(&s->K, &tmp))) /* λ_min(XXᵀ): Schur's bound (P2.T1.A1's regime) */
            st = ovp_linalg_eig_end(&tmp, 0, &ws, &s->lambda_min_K);
        ovp_mat_symmetrize_upper(&s->K);
    }
    ovp_mat_free(&tmp);
    ovp_work_free(&ws);
    if (st) {
        snprintf(err, errlen, "GD data (n = %zu, d = %zu): %s", s->n, s->d, ovp_status_str(st));
        return st;
    }
    for (size_t a = 0; a < OVP_ACT_COUNT; a++)
        if (c->acts & (1u << a))
            s->acts[s->n_acts++] = (ovp_act)a;
    s->n_gd_tasks = s->n_acts * c->n_widths + (c->lin_p > 0);
    ovp_run_param_num(r, "n", (double)s->n);
    ovp_run_param_num(r, "d", (double)s->d);
    ovp_run_param_list(r, "widths", c->widths, c->n_widths);
    ovp_run_param_num(r, "iters", (double)c->iters);
    ovp_run_param_num(r, "step_scale", c->step_scale);
    ovp_run_param_num(r, "label_scale", c->label_scale);
    ovp_run_param_num(r, "lin_p", (double)c->lin_p);
    ovp_run_param_str(r, "gd_model", "f(x) = v'phi(Wx), v = (+1,...,+1,-1,...,-1)/sqrt(k), W0 rows "
                                     "iid N(0,I) in pairs (f(theta_0) = 0); x uniform on S^{d-1}");
    return OVP_OK;
}

size_t oymak2019_jjt_length(const oymak2019_state *s, size_t model, double k)
{
    return model == OYMAK_LINEAR ? (size_t)k : s->d + (size_t)k; /* XXᵀ: length p; K ∘ (AAᵀ): d + k */
}

double oymak2019_jjt_floor(const oymak2019_state *s, size_t model, double k, double lambda_max)
{
    return ovp_linalg_zero_floor(s->n, oymak2019_jjt_length(s, model, k), lambda_max);
}

int oymak2019_gd_met(const oymak2019_state *s, size_t model, double k, double alpha, double beta, double lipschitz_R,
                     double lmin, double lmax)
{
    const int linear = model == OYMAK_LINEAR;
    const int a1 = lmin > oymak2019_jjt_floor(s, model, k, lmax);
    const int a2 = linear || isfinite(ovp_net1_act_dphi_sup((ovp_act)model));
    const int a3 = linear || lipschitz_R <= alpha / 3;
    return a1 && a2 && a3 && beta >= 2.0 * alpha && s->cfg.step_scale <= 1.0;
}

double oymak2019_a1_schur_bound(const oymak2019_state *s, double a_diag_lower)
{
    const double lk = s->lambda_min_K - ovp_linalg_zero_floor(s->n, s->d, s->norm_X * s->norm_X);
    if (!(lk > 0.0) || !(a_diag_lower > 0.0))
        return 0.0;
    /* both factors are certified lower bounds; the subtraction and the product round twice:
     * 1 − 2ε = 1 − 4u ≤ 1 − γ_3 */
    return lk * a_diag_lower * (1.0 - 2.0 * DBL_EPSILON);
}

static size_t task_model(const oymak2019_state *s, size_t i)
{
    size_t nw = s->cfg.n_widths;
    return i < s->n_acts * nw ? (size_t)s->acts[i / nw] : OYMAK_LINEAR;
}

static size_t task_width(const oymak2019_state *s, size_t i)
{
    return task_model(s, i) == OYMAK_LINEAR ? s->cfg.lin_p : (size_t)s->cfg.widths[i % s->cfg.n_widths];
}

void oymak2019_gd_label(const void *state, size_t i, char *buf, size_t len)
{
    const oymak2019_state *s = state;
    snprintf(buf, len, "gd %s %s=%zu", oymak2019_model_name(task_model(s, i)),
             task_model(s, i) == OYMAK_LINEAR ? "p" : "k", task_width(s, i));
}

/* ---------------------------------------------------------------- one GD run */

#define TRACE_CELLS 11

/* What a run measures; the trace rows are written as it goes. */
typedef struct {
    double alpha, lambda_min0, lambda_max0, beta, eta, residual0, R, dist_pinv, lipschitz;
    double worst_rate, worst_rate_obs, worst_rate_bound, worst_lhs, max_change, max_jac;
    double dist_final, residual_final, fitted_rate;
    size_t worst_tau, iters, trace_every;
    int regime_met, last_written;
    double last_row[TRACE_CELLS];
} gd_result;

/* Records iterate τ: the claims' running extremes, the fit data and, every
 * trace_every iterations, a trace row (the last iterate's row is kept for finish). */
static void observe(gd_result *g, size_t model, size_t k, size_t tau, double residual, double dist,
                    double change, double jac, double *logres, ovp_task_out *out)
{
    double ratio = residual / g->residual0, bound = oymak2019_rate_bound(g->eta, g->alpha, (double)tau);
    double lhs = oymak2019_radius_lhs(g->alpha, dist, residual);
    if (tau >= 1) { /* τ = 0 holds with equality in both */
        if (!(ratio / bound <= g->worst_rate)) {
            g->worst_rate = ratio / bound;
            g->worst_rate_obs = ratio;
            g->worst_rate_bound = bound;
            g->worst_tau = tau;
        }
        g->worst_lhs = fmax(g->worst_lhs, lhs);
    }
    g->max_change = fmax(g->max_change, change);
    g->max_jac = fmax(g->max_jac, jac);
    g->dist_final = dist;
    g->residual_final = residual;
    g->iters = tau;
    logres[tau] = log(ratio);
    const double row[TRACE_CELLS] = {(double)k, (double)tau, ratio, bound, dist, lhs / g->residual0,
                                     change, g->alpha / 3, jac, g->R, g->residual0 / g->beta};
    memcpy(g->last_row, row, sizeof row);
    g->last_written = tau % g->trace_every == 0;
    if (g->last_written)
        model_row(out, T_TRACE, model, TRACE_CELLS, row);
}

static void start_result(gd_result *g, size_t trace_every, double lambda_min0, double lambda_max0,
                         double residual0)
{
    g->trace_every = trace_every ? trace_every : 1;
    g->lambda_min0 = lambda_min0;
    g->lambda_max0 = lambda_max0;
    g->alpha = sqrt(fmax(lambda_min0, 0.0)) / 2.0; /* σ_min(J₀) = 2α */
    g->residual0 = residual0;
    g->R = oymak2019_radius(residual0, g->alpha);
    g->worst_rate = -INFINITY;
    g->worst_lhs = -INFINITY;
}

/* Per-iteration contraction of ‖r‖ fitted over the run: 1 − e^slope. */
static double fit_rate(double *iter, const double *logres, size_t iters)
{
    for (size_t t = 0; t <= iters; t++)
        iter[t] = (double)t;
    double slope, intercept;
    ovp_stats_fit_line(iter, logres, iters + 1, &slope, &intercept);
    return 1.0 - exp(slope);
}

static void finish(const oymak2019_state *s, size_t model, size_t k, size_t p, const gd_result *g,
                   ovp_task_out *out)
{
    double lower = oymak2019_min_distance(g->residual0, g->residual_final, s->cfg.beta_scale * g->beta);
    double lin_rate = 4.0 * g->eta * g->alpha * g->alpha; /* slowest mode of (I − ηJ₀J₀ᵀ) */
    double width_cert = model == OYMAK_LINEAR ? 0.0
        : oymak2019_width_certified(ovp_net1_act_ddphi_sup((ovp_act)model), s->x_max, s->norm_X,
                                    g->residual0, g->alpha);
    struct { const char *name; double value; } v[] = {
        {"model", (double)model}, {"k", (double)k}, {"alpha", g->alpha},
        {"lambda_min0", g->lambda_min0}, {"lambda_max0", g->lambda_max0}, {"beta", g->beta},
        {"beta_path", g->max_jac}, {"eta", g->eta}, {"residual0", g->residual0}, {"R", g->R},
        {"dist_lower", lower}, {"dist_final", g->dist_final}, {"dist_pinv", g->dist_pinv},
        {"max_change", g->max_change}, {"lipschitz_R", g->lipschitz * g->R},
        {"width_certified", width_cert}, {"iters", (double)g->iters},
        {"worst_tau", (double)g->worst_tau}, {"rate_obs", g->worst_rate_obs},
        {"rate_bound", g->worst_rate_bound}, {"worst_lhs", g->worst_lhs},
        {"fitted_rate", g->fitted_rate}, {"rate_per_iter", g->eta * g->alpha * g->alpha / 4.0},
        {"rate_linearised", lin_rate}, {"residual_final", g->residual_final},
        {"regime_met", g->regime_met},
    };
    for (size_t q = 0; q < sizeof v / sizeof *v; q++)
        ovp_task_set(out, v[q].name, v[q].value);
    if (!g->last_written)
        model_row(out, T_TRACE, model, TRACE_CELLS, g->last_row);
    model_row(out, T_GD, model, 22,
              (double[]){(double)k, (double)s->n, (double)p, g->alpha, g->beta, g->max_jac, g->eta,
                         g->residual0, g->R, lower, g->dist_final, g->dist_pinv, g->max_change,
                         g->alpha / 3, g->lipschitz * g->R, width_cert, (double)g->iters,
                         g->fitted_rate, g->eta * g->alpha * g->alpha / 4.0, lin_rate,
                         g->residual_final / g->residual0, (double)g->regime_met});
}

/* λ_min and λ_max of the Gram matrix G (kept), through the copy Gt. */
static int gram_extremes(const ovp_mat *G, ovp_mat *Gt, ovp_work *ws, double *lmin, double *lmax)
{
    int st = ovp_mat_copy(G, Gt);
    if (!st)
        st = ovp_linalg_eig_end(Gt, 0, ws, lmin);
    if (!st)
        st = ovp_mat_copy(G, Gt);
    return st ? st : ovp_linalg_eig_end(Gt, 1, ws, lmax);
}

/* ---------------------------------------------------------------- the net */

typedef struct {
    ovp_mat W0, G, Gt;
    double *v, *c, *logres, *iter;
    ovp_net1_gd gd;
    ovp_work ws;
    gsl_rng *rng;
} net_mem;

static void net_mem_free(net_mem *m)
{
    ovp_mat_free(&m->W0);
    ovp_mat_free(&m->G);
    ovp_mat_free(&m->Gt);
    free(m->v);
    free(m->c);
    free(m->logres);
    free(m->iter);
    ovp_net1_gd_free(&m->gd);
    ovp_work_free(&m->ws);
    if (m->rng)
        gsl_rng_free(m->rng);
}

/* ‖M‖ from its Gram matrix G = MMᵀ (overwritten); ∞ once GD has overflowed it. */
static int norm_from_gram(ovp_mat *G, net_mem *m, double *norm)
{
    *norm = INFINITY;
    for (size_t i = 0; i < G->rows; i++)
        for (size_t j = i; j < G->cols; j++)
            if (!isfinite(OVP_AT(G, i, j)))
                return OVP_OK;
    double lam;
    int st = ovp_linalg_eig_end(G, 1, &m->ws, &lam);
    *norm = sqrt(fmax(lam, 0.0));
    return st;
}

static int net_task(const oymak2019_state *s, ovp_act act, size_t k, ovp_task_out *out)
{
    const oymak2019_config *c = &s->cfg;
    const size_t n = s->n, d = s->d, T = c->iters;
    char key[64];
    snprintf(key, sizeof key, "gd %s k=%zu", ovp_net1_act_name(act), k);
    net_mem m = {0};
    int st = ovp_mat_alloc(k, d, &m.W0);
    if (!st)
        st = ovp_mat_alloc(n, n, &m.G);
    if (!st)
        st = ovp_mat_alloc(n, n, &m.Gt);
    if (!st)
        st = ovp_net1_gd_alloc(n, k, act, &m.gd);
    if (!st && (!(m.v = malloc(k * sizeof(double))) || !(m.c = malloc(n * sizeof(double))) ||
                !(m.logres = malloc((T + 1) * sizeof(double))) || !(m.iter = malloc((T + 1) * sizeof(double))) ||
                !(m.rng = ovp_rng_stream("oymak2019", key, c->seed))))
        st = OVP_ENOMEM;
    if (st) {
        net_mem_free(&m);
        return ovp_task_fail(out, st, "allocating GD n=%zu k=%zu: %s", n, k, ovp_status_str(st));
    }
    /* Pairs (w_r, +1/√k) and (w_r, −1/√k): f(θ₀) = 0 exactly, ‖v‖₂ = 1. */
    const size_t half = k / 2;
    ovp_mat top = ovp_mat_view(m.W0.data, half, d);
    ovp_rng_gaussian_mat(m.rng, 1.0, &top);
    memcpy(m.W0.data + half * d, m.W0.data, half * d * sizeof(double));
    for (size_t r = 0; r < k; r++)
        m.v[r] = (r < half ? 1.0 : -1.0) / sqrt((double)k);
    ovp_net1_stats gs;
    /* J₀ from J₀J₀ᵀ: α, ‖J₀‖, and ‖J₀⁺r₀‖² = r₀ᵀ(J₀J₀ᵀ)⁻¹r₀; a certified lower bound on
     * min_i (A₀A₀ᵀ)_ii for Schur's bound (P2.T1.A1's regime), from the pre-activations with
     * their rounding (kernels/models/net1.h: φ′'s argument error, ReLU's sign flips) */
    gd_result g = {0};
    double lmin, lmax, a_diag_lower = 0.0;
    st = ovp_net1_gd_start(&m.gd, &s->X, &m.W0, m.v);
    if (!st)
        st = ovp_net1_gd_eval(&m.gd, m.v, s->y, &gs);
    if (!st)
        st = ovp_net1_gd_diag_lower(&m.gd, &s->X, &m.W0, m.v, &a_diag_lower);
    if (!st)
        st = ovp_net1_gd_jjt(&m.gd, &s->K, &m.G);
    if (!st)
        st = gram_extremes(&m.G, &m.Gt, &m.ws, &lmin, &lmax);
    memcpy(m.c, m.gd.r, n * sizeof(double));
    int solve = st ? st : ovp_linalg_spd_solve(&m.G, m.c, &m.ws);
    if (st || (solve && solve != OVP_EDOM)) {
        net_mem_free(&m);
        return ovp_task_check(out, st ? st : solve, "J J' at init (%s, k=%zu)", ovp_net1_act_name(act), k);
    }
    start_result(&g, s->cfg.trace_every, lmin, lmax, gs.residual_norm);
    g.dist_pinv = solve ? NAN : sqrt(fmax(cblas_ddot((int)n, m.gd.r, 1, m.c, 1), 0.0));
    double B = ovp_net1_act_dphi_sup(act), M = ovp_net1_act_ddphi_sup(act), J0 = sqrt(fmax(lmax, 0.0));
    g.lipschitz = oymak2019_jacobian_lipschitz(M, 1.0 / sqrt((double)k), s->x_max, s->norm_X);
    g.beta = isfinite(B) ? oymak2019_beta_global(B, s->norm_X, cblas_dnrm2((int)k, m.v, 1))
                         : J0 + g.lipschitz * g.R; /* sup ‖J‖ on the ball B(θ₀, R) */
    g.eta = c->step_scale * oymak2019_step_max(g.beta);
    g.regime_met = oymak2019_gd_met(s, (size_t)act, (double)k, g.alpha, g.beta, g.lipschitz * g.R, lmin, lmax);
    ovp_task_set(out, "a_diag_lower", a_diag_lower);

    for (size_t tau = 0;; tau++) {
        if (tau > 0 && (st = ovp_net1_gd_eval(&m.gd, m.v, s->y, &gs)))
            break;
        double change, jac;
        if ((st = ovp_net1_gd_jjt_change(&m.gd, &s->K, &m.G)) || (st = norm_from_gram(&m.G, &m, &change)))
            break;
        if ((st = ovp_net1_gd_jjt(&m.gd, &s->K, &m.G)) || (st = norm_from_gram(&m.G, &m, &jac)))
            break;
        observe(&g, act, k, tau, gs.residual_norm, gs.dist_from_init, change, jac, m.logres, out);
        if (!(gs.residual_norm > OYMAK_CONVERGED * g.residual0) || tau == T)
            break; /* converged, diverged (NaN) or out of iterations */
        if ((st = ovp_net1_gd_step(&m.gd, &s->K, g.eta)))
            break;
    }
    if (st) {
        net_mem_free(&m);
        return ovp_task_check(out, st, "Jacobian norms along GD (%s, k=%zu)", ovp_net1_act_name(act), k);
    }
    g.fitted_rate = fit_rate(m.iter, m.logres, g.iters);
    finish(s, act, k, k * d, &g, out);
    net_mem_free(&m);
    return OVP_OK;
}

/* ---------------------------------------------------------------- f = Xθ */

/* θ − θ₀ into diff; its norm. */
static double distance(const double *theta, const double *theta0, double *diff, size_t p)
{
    memcpy(diff, theta, p * sizeof(double));
    cblas_daxpy((int)p, -1.0, theta0, 1, diff, 1);
    return cblas_dnrm2((int)p, diff, 1);
}

/* A certified lower bound on λ_min(XXᵀ) = σ_n(X)² (0 when p < n or none is certified), from
 * the singular values of X itself (dgesdd on a copy, not dsyevr on the formed XXᵀ): dgesdd is
 * backward stable, |σ̂_i − σ_i| ≤ p(n, p)·u·σ_max, and with LAPACK's convention p = max(n, p)
 * doubled, oymak2019_rank_tol (the same p(N) = N reading as ovp_linalg_zero_floor), σ_n ≥ σ̂_n −
 * rank_tol. The square and the subtraction round: 1 − 2ε. sv: min(n, p) doubles. */
static int linear_a1_lower(const ovp_mat *X, ovp_mat *Xc, double *sv, ovp_work *ws, double *lower)
{
    const size_t n = X->rows, p = X->cols;
    *lower = 0.0;
    int st = ovp_mat_copy(X, Xc);
    if (!st)
        st = ovp_linalg_svd_values(Xc, sv, ws);
    if (st || p < n)
        return st;
    const double sigma_n = sv[n - 1] - oymak2019_rank_tol(n, p, sv[0]);
    *lower = sigma_n > 0.0 ? sigma_n * sigma_n * (1.0 - 2.0 * DBL_EPSILON) : 0.0;
    return OVP_OK;
}

static int linear_task(const oymak2019_state *s, ovp_task_out *out)
{
    const size_t n = s->n, p = s->cfg.lin_p, T = s->cfg.iters, m = n < p ? n : p;
    ovp_mat X = {0}, Xc = {0}, G = {0}, Gt = {0};
    ovp_work ws = {0};
    double *buf = NULL;
    gsl_rng *rng = ovp_rng_stream("oymak2019", "gd linear", s->cfg.seed);
    int st = rng ? ovp_mat_alloc(n, p, &X) : OVP_ENOMEM;
    if (!st)
        st = ovp_mat_alloc(n, p, &Xc);
    if (!st)
        st = ovp_mat_alloc(n, n, &G);
    if (!st)
        st = ovp_mat_alloc(n, n, &Gt);
    if (!st && !(buf = malloc((4 * p + 3 * n + m + 2 * (T + 1)) * sizeof(double))))
        st = OVP_ENOMEM;
    if (st)
        goto done;
    double *theta0 = buf, *theta = theta0 + p, *near = theta + p, *diff = near + p, *y = diff + p,
           *r = y + n, *c = r + n, *sv = c + n, *logres = sv + m, *iter = logres + T + 1;
    ovp_rng_gaussian_mat(rng, 1.0 / sqrt((double)p), &X);
    ovp_rng_gaussian(rng, 1.0, y, n);
    ovp_rng_gaussian(rng, 1.0, theta0, p);
    double lmin, lmax, a1_lower;
    if ((st = ovp_lsq_nearest_solution(&X, y, theta0, &G, c, near, &ws)) ||
        (st = gram_extremes(&G, &Gt, &ws, &lmin, &lmax)) || (st = linear_a1_lower(&X, &Xc, sv, &ws, &a1_lower)))
        goto done;
    ovp_task_set(out, "a1_lower", a1_lower);
    gd_result g = {0};
    memcpy(theta, theta0, p * sizeof(double));
    if ((st = ovp_lsq_residual(&X, y, theta, r)))
        goto done;
    start_result(&g, s->cfg.trace_every, lmin, lmax, cblas_dnrm2((int)n, r, 1));
    g.dist_pinv = distance(near, theta0, diff, p); /* ‖X⁺r₀‖ */
    g.beta = sqrt(lmax);
    g.eta = s->cfg.step_scale * oymak2019_step_max(g.beta);
    g.regime_met = oymak2019_gd_met(s, OYMAK_LINEAR, (double)p, g.alpha, g.beta, 0.0, lmin, lmax);
    /* The claims are checked at every iterate until converged; GD then runs on
     * to T, where its limit is compared with θ† + Π_null(θ₀). */
    int checking = 1;
    for (size_t tau = 0; tau <= T; tau++) {
        if (tau > 0 && (st = ovp_lsq_residual(&X, y, theta, r)))
            goto done;
        double res = cblas_dnrm2((int)n, r, 1), dist = distance(theta, theta0, diff, p);
        if (checking)
            observe(&g, OYMAK_LINEAR, p, tau, res, dist, 0.0, g.beta, logres, out);
        checking = checking && res > OYMAK_CONVERGED * g.residual0;
        g.dist_final = dist;
        g.residual_final = res;
        if (!isfinite(res))
            break;
        if (tau < T && (st = ovp_lsq_gd_step(&X, r, g.eta, theta)))
            goto done;
    }
    g.fitted_rate = fit_rate(iter, logres, g.iters);
    /* P2.T1c.lin at finite T: θ_τ − θ∞ lies in the row space (θ∞ − θ₀ = X⁺r₀ does, and so
     * does every step), where I − ηXᵀX has spectrum in [1 − ηλ_max, 1 − ηλ_min]: in exact
     * arithmetic ‖θ_T − θ∞‖ ≤ q^T ‖θ₀ − θ∞‖, q = max |1 − ηλ| over λ ∈ [λ_min, λ_max]
     * widened by their rounding floor. That transient, relative to ‖θ∞‖, joins the bound.
     * When q ≤ 1 the relative error never exceeds its start ‖θ₀ − θ∞‖/‖θ∞‖ (limit_start), the
     * largest value the observed can take; when q > 1 (η above 2/λ_max) it can grow: infinite. */
    const double lam_floor = oymak2019_jjt_floor(s, OYMAK_LINEAR, (double)p, lmax), near_norm = cblas_dnrm2((int)p,
                                                                                                            near, 1);
    const double q = fmax(fabs(1.0 - g.eta * fmax(lmin - lam_floor, 0.0)), fabs(1.0 - g.eta * (lmax + lam_floor)));
    ovp_task_set(out, "limit_start", g.dist_pinv / near_norm);
    ovp_task_set(out, "limit_transient", q <= 1.0 ? pow(q, (double)T) * g.dist_pinv / near_norm : INFINITY);
    ovp_task_set(out, "limit_error", distance(theta, near, diff, p) / near_norm);
    finish(s, OYMAK_LINEAR, p, p, &g, out);
done:
    ovp_mat_free(&X);
    ovp_mat_free(&Xc);
    ovp_mat_free(&G);
    ovp_mat_free(&Gt);
    ovp_work_free(&ws);
    free(buf);
    if (rng)
        gsl_rng_free(rng);
    return ovp_task_check(out, st, "linear case n=%zu p=%zu", n, p);
}

int oymak2019_gd_task(const void *state, size_t i, ovp_task_out *out)
{
    const oymak2019_state *s = state;
    size_t model = task_model(s, i);
    return model == OYMAK_LINEAR ? linear_task(s, out) : net_task(s, (ovp_act)model, task_width(s, i), out);
}
