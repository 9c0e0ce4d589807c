/* verify/dulee2018_landscape.c: Theorems 3.1 and 3.2, the negative control below both
 * thresholds, and the phase diagram.
 *
 * One task per instance (loss, n, seed): the convex reference problem over PSD M is
 * solved once (and once more with the perturbation C when some k needs it), then for
 * every k and every initialisation the SOSP finder runs on L (and on L_C in T3.2 cells)
 * and the certificate is evaluated at the point it returns. A run is
 *   non-global  when λ_min(S) < −τ_S or L(W) − f* > value_tol (f* ≥ the certified lower
 *               bound f(M) − gap_bound(M) of the convex optimum): the certificate fires;
 *   spurious    when another initialisation of the same instance and k found an SOSP
 *               lower by more than value_tol: a local minimum of L that is provably not global. */
#include "dulee2018_internal.h"
#include "linalg.h"
#include "psdfit.h"
#include "rng.h"
#include "status.h"

#include "theorems/dulee2018.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The convex solver stops at this KKT residual: ~100 ulps of the entries of M. */
#define CVX_KKT_TOL 1e-11
#define CVX_MAX_ITERS 200000
#define CVX_CHECK_EVERY 10

/* ---------------------------------------------------------------- group statistics */

/* Counts and worst cases of one claim group in one task; merged across tasks in reduce.
 * A worst case is the run with the largest excess observed − bound. */
#define COUNT_FIELDS(X) X(runs) X(sosp) X(nonglobal) X(spurious) X(unconverged) X(hyp_met) X(escapes) \
    X(k1_sosp) X(k1_nonglobal) X(k2_sosp) X(k2_nonglobal)
#define WORST_FIELDS(X) X(cert) X(value) X(rank) X(pbound)

typedef struct {
    double obs, bound, excess, n, k, seed;
} worst;

typedef struct {
#define DECLARE(f) double f;
    COUNT_FIELDS(DECLARE)
#undef DECLARE
#define DECLARE(f) worst f;
    WORST_FIELDS(DECLARE)
#undef DECLARE
    double max_gap;
} group_stats;

static const char *const group_names[] = {"none", "t31", "t32", "below", "phase"};
#define N_GROUPS 5

static void stats_init(group_stats *g)
{
    memset(g, 0, sizeof *g);
    worst w = {NAN, NAN, -INFINITY, NAN, NAN, NAN};
#define INIT(f) g->f = w;
    WORST_FIELDS(INIT)
#undef INIT
    g->max_gap = -INFINITY;
}

static void worst_update(worst *w, double obs, double bound, double n, double k, double seed)
{
    double e = obs - bound;
    if (e > w->excess || isnan(e))
        *w = (worst){obs, bound, isnan(e) ? INFINITY : e, n, k, seed};
}

static void stats_emit(ovp_task_out *out, int group, const group_stats *g)
{
    char name[48];
#define EMIT(f)                                                                   \
    snprintf(name, sizeof name, "%s.%s", group_names[group], #f);                 \
    ovp_task_set(out, name, g->f);
    COUNT_FIELDS(EMIT)
#undef EMIT
#define EMIT(f)                                                                   \
    snprintf(name, sizeof name, "%s.%s.obs", group_names[group], #f);             \
    ovp_task_set(out, name, g->f.obs);                                            \
    snprintf(name, sizeof name, "%s.%s.bound", group_names[group], #f);           \
    ovp_task_set(out, name, g->f.bound);                                          \
    snprintf(name, sizeof name, "%s.%s.excess", group_names[group], #f);          \
    ovp_task_set(out, name, g->f.excess);                                         \
    snprintf(name, sizeof name, "%s.%s.where", group_names[group], #f);           \
    ovp_task_set(out, name, g->f.n * 1e6 + g->f.k * 1e3 + g->f.seed);
    WORST_FIELDS(EMIT)
#undef EMIT
    snprintf(name, sizeof name, "%s.max_gap", group_names[group]);
    ovp_task_set(out, name, g->max_gap);
}

/* Adds one task's emitted statistics of a group into g. */
static void stats_merge(group_stats *g, const ovp_task_out *o, int group)
{
    char name[48];
#define MERGE(f)                                                                  \
    snprintf(name, sizeof name, "%s.%s", group_names[group], #f);                 \
    g->f += ovp_task_get(o, name);
    COUNT_FIELDS(MERGE)
#undef MERGE
#define MERGE(f)                                                                  \
    {                                                                             \
        double v[4];                                                              \
        static const char *const part[] = {"obs", "bound", "excess", "where"};    \
        for (int q = 0; q < 4; q++) {                                             \
            snprintf(name, sizeof name, "%s.%s.%s", group_names[group], #f, part[q]); \
            v[q] = ovp_task_get(o, name);                                         \
        }                                                                         \
        if (v[2] > g->f.excess)                                                   \
            g->f = (worst){v[0], v[1], v[2], floor(v[3] / 1e6),                   \
                           fmod(floor(v[3] / 1e3), 1e3), fmod(v[3], 1e3)};        \
    }
    WORST_FIELDS(MERGE)
#undef MERGE
    snprintf(name, sizeof name, "%s.max_gap", group_names[group]);
    g->max_gap = fmax(g->max_gap, ovp_task_get(o, name));
}

/* ---------------------------------------------------------------- instances */

void dulee_teacher_labels(gsl_rng *rng, const ovp_mat *X, const ovp_mat *W0, ovp_loss loss, double noise,
                          double tau, double *y)
{
    for (size_t i = 0; i < X->rows; i++) {
        double f = 0.0;
        for (size_t j = 0; j < W0->rows; j++) {
            double z = 0.0;
            for (size_t a = 0; a < X->cols; a++)
                z += OVP_AT(W0, j, a) * OVP_AT(X, i, a);
            f += z * z;
        }
        double g = noise * gsl_ran_gaussian_ziggurat(rng, 1.0);
        y[i] = loss == OVP_LOSS_SQUARED ? f + g : (f - tau + g >= 0.0 ? 1.0 : -1.0);
    }
}

typedef struct {
    size_t li, n, seed;
    ovp_loss loss;
} instance_id;

static instance_id instance_of(const dulee_state *s, size_t index)
{
    const dulee2018_config *c = &s->cfg;
    size_t per_loss = c->n_n * c->seeds, rest = index % per_loss;
    instance_id id = {.li = index / per_loss, .seed = rest % c->seeds};
    id.loss = s->losses[id.li];
    id.n = c->X ? c->n_user : (size_t)c->n_list[rest / c->seeds];
    return id;
}

void dulee_landscape_label(const dulee_state *s, size_t index, char *buf, size_t len)
{
    instance_id id = instance_of(s, index);
    snprintf(buf, len, "landscape loss=%s n=%zu seed=%zu", ovp_loss_name(id.loss), id.n, id.seed);
}

/* Which claims a run feeds, and whether their hypotheses hold for it. */
static int group_of(const dulee2018_config *c, double k, double n, int perturbed, int *hyp)
{
    double d = (double)c->d;
    if (perturbed) {
        *hyp = dulee2018_t32_holds(k, n, d) && !c->c_negative;
        return G_T32;
    }
    *hyp = dulee2018_t31_holds(k, d);
    if (c->single_cell || *hyp)
        return G_T31;
    *hyp = 1;
    return dulee2018_below_thresholds(k, n, d) ? G_BELOW : G_PHASE;
}

/* ---------------------------------------------------------------- one instance */

typedef struct {
    ovp_mat X, W0, C, G, S, T, M, MC; /* n×d; teacher; d×d ×6 */
    ovp_mat W, Winit, WS, sv_scratch; /* k×d, per width */
    double *y, *sv;
    ovp_psdfit_work pw;
    ovp_work ws;
} inst_mem;

static void inst_free(inst_mem *m)
{
    ovp_mat *ms[] = {&m->X, &m->W0, &m->C, &m->G, &m->S, &m->T, &m->M, &m->MC, &m->W, &m->Winit, &m->WS, &m->sv_scratch};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
        ovp_mat_free(ms[i]);
    free(m->y);
    free(m->sv);
    ovp_psdfit_work_free(&m->pw);
    ovp_work_free(&m->ws);
}

typedef struct {
    ovp_sosp_result res;
    ovp_quad_cert cert;
    double value_unperturbed, tau_S, value_tol, gap, sigma_ratio;
    int found, nonglobal;
} run_record;

typedef struct {
    double f_lo, f_value, trace; /* certified lower bound of f*, f(M), tr M */
} convex_ref;

/* Solves the convex reference problem of p from M = 0 and writes its instances row. */
static int solve_convex(const ovp_quad_problem *p, inst_mem *m, ovp_mat *M, const instance_id *id, int perturbed,
                        ovp_task_out *out, convex_ref *ref)
{
    ovp_psdfit_opts o = {.max_iters = CVX_MAX_ITERS, .kkt_tol = CVX_KKT_TOL, .check_every = CVX_CHECK_EVERY};
    ovp_psdfit_result res;
    memset(M->data, 0, M->rows * M->cols * sizeof(double));
    int st = ovp_psdfit_solve(p, &o, &m->pw, M, &res);
    if (st)
        return st;
    double gap = dulee2018_gap_bound(res.inner_SM, res.lambda_min_S, dulee2018_trace_bound(res.value, p->lambda));
    *ref = (convex_ref){res.value - fmax(gap, 0.0), res.value, res.trace};
    ovp_task_row(out, T_INSTANCES, 12,
                 (double[]){(double)id->loss, (double)id->n, (double)id->seed, (double)perturbed, res.value,
                            res.kkt, gap, (double)res.rank, res.trace, (double)res.iters, (double)res.restarts,
                            (double)res.converged});
    return OVP_OK;
}

/* Runs the SOSP finder from m->Winit on problem p and evaluates the certificate. */
static int run_one(const dulee_state *s, const ovp_quad_problem *p, const ovp_quad_problem *p0, inst_mem *m,
                   ovp_sosp_work *sw, const convex_ref *ref, run_record *rec)
{
    const dulee2018_config *c = &s->cfg;
    ovp_sosp_opts o = dulee_sosp_opts(c);
    ovp_mat_copy(&m->Winit, &m->W);
    int st = ovp_sosp_find(p, &m->W, &o, sw, &rec->res);
    if (!st)
        st = ovp_quad_certify(p, &m->W, &sw->qw, &m->S, &m->WS, &m->T, &m->ws, &rec->cert);
    if (!st)
        st = ovp_quad_value(p0, &m->W, &sw->qw, &rec->value_unperturbed);
    if (st)
        return st;
    ovp_mat_copy(&m->W, &m->sv_scratch);
    if ((st = ovp_svd_values(&m->sv_scratch, m->sv, &m->ws)))
        return st;
    size_t r = m->W.rows < m->W.cols ? m->W.rows : m->W.cols;
    /* W at the minimiser M* = 0 (e.g. logistic labels all −1) is 0 up to ε_g/λ: rank 0. */
    rec->sigma_ratio = m->sv[0] * m->sv[0] > DULEE_ZERO_W_SQ ? m->sv[r - 1] / m->sv[0] : 0.0;
    rec->tau_S = dulee2018_cert_tol(c->eps_g, c->eps_H, rec->cert.curvature);
    rec->value_tol = dulee2018_value_tol(c->eps_g, rec->cert.w_fro, rec->tau_S,
                                         dulee2018_trace_bound(ref->f_value, c->lambda));
    rec->gap = rec->cert.value - ref->f_lo;
    rec->found = rec->res.outcome == OVP_SOSP_FOUND;
    rec->nonglobal = rec->found && (-rec->cert.lambda_min_S > rec->tau_S || rec->gap > rec->value_tol);
    return OVP_OK;
}

/* C = G Gᵀ rescaled to ‖C‖_F = δ (Wishart: a density on the PSD cone), or −(δ/√d) I. */
static void draw_perturbation(gsl_rng *rng, const dulee2018_config *c, ovp_mat *C, ovp_mat *G)
{
    const size_t d = c->d;
    memset(C->data, 0, d * d * sizeof(double));
    if (c->c_negative) {
        for (size_t a = 0; a < d; a++)
            OVP_AT(C, a, a) = -c->delta / sqrt((double)d);
        return;
    }
    ovp_rng_gaussian_mat(rng, 1.0, G);
    double f2 = 0.0;
    for (size_t a = 0; a < d; a++)
        for (size_t b = 0; b < d; b++) {
            double v = 0.0;
            for (size_t t = 0; t < d; t++)
                v += OVP_AT(G, a, t) * OVP_AT(G, b, t);
            OVP_AT(C, a, b) = v;
            f2 += v * v;
        }
    double scale = c->delta / sqrt(f2);
    for (size_t i = 0; i < d * d; i++)
        C->data[i] *= scale;
}

static int needs_perturbation(const dulee2018_config *c, double n)
{
    if (c->single_cell)
        return c->perturbed;
    for (size_t i = 0; i < c->n_k; i++)
        if (dulee2018_t32_holds(c->k_list[i], n, (double)c->d))
            return 1;
    return 0;
}

/* Every initialisation at one k: rows, statistics, spurious flags. */
static int run_width(const dulee_state *s, const instance_id *id, size_t k, const ovp_quad_problem *p,
                     const ovp_quad_problem *pc, inst_mem *m, const convex_ref *ref, const convex_ref *refc,
                     group_stats *stats, run_record *recs, ovp_task_out *out)
{
    const dulee2018_config *c = &s->cfg;
    const size_t d = c->d, R = c->inits;
    /* Unperturbed L everywhere (the phase diagram) unless a single perturbed cell; L_C in T3.2 cells. */
    const int modes[2] = {!c->single_cell || !c->perturbed,
                          pc != NULL && (c->single_cell ? c->perturbed
                                                        : dulee2018_t32_holds((double)k, (double)id->n, (double)d))};
    ovp_sosp_work sw;
    int st = ovp_sosp_work_alloc(id->n, d, k, 10, &sw);
    ovp_mat *kd[] = {&m->W, &m->Winit, &m->WS, &m->sv_scratch};
    for (size_t i = 0; i < 4 && !st; i++)
        st = ovp_mat_alloc(k, d, kd[i]);
    if (!st && !(m->sv = malloc((k < d ? k : d) * sizeof(double))))
        st = OVP_ENOMEM;
    for (size_t r = 0; r < R && !st; r++) {
        char key[96];
        snprintf(key, sizeof key, "init loss=%s n=%zu seed=%zu k=%zu r=%zu", ovp_loss_name(id->loss), id->n,
                 id->seed, k, r);
        gsl_rng *rng = ovp_rng_stream("dulee2018", key, c->seed);
        if (!rng) {
            st = OVP_ENOMEM;
            break;
        }
        ovp_rng_gaussian_mat(rng, 1.0 / sqrt((double)d), &m->Winit);
        gsl_rng_free(rng);
        for (int pert = 0; pert < 2 && !st; pert++)
            if (modes[pert])
                st = run_one(s, pert ? pc : p, p, m, &sw, pert ? refc : ref, &recs[2 * r + pert]);
    }
    for (int pert = 0; pert < 2 && !st; pert++) {
        if (!modes[pert])
            continue;
        double best = INFINITY;
        for (size_t r = 0; r < R; r++)
            if (recs[2 * r + pert].found)
                best = fmin(best, recs[2 * r + pert].cert.value);
        int hyp;
        int g = group_of(c, (double)k, (double)id->n, pert, &hyp);
        group_stats *gs = &stats[g];
        const convex_ref *rf = pert ? refc : ref;
        for (size_t r = 0; r < R; r++) {
            const run_record *q = &recs[2 * r + pert];
            int spurious = q->found && q->cert.value > best + q->value_tol;
            gs->runs++;
            gs->hyp_met += hyp;
            gs->escapes += (double)q->res.escapes;
            if (!q->found) {
                gs->unconverged++;
            } else {
                gs->sosp++;
                gs->nonglobal += q->nonglobal;
                gs->spurious += spurious;
                gs->k1_sosp += k == 1;
                gs->k1_nonglobal += k == 1 && q->nonglobal;
                gs->k2_sosp += k == 2;
                gs->k2_nonglobal += k == 2 && q->nonglobal;
                gs->max_gap = fmax(gs->max_gap, q->gap);
                double where[3] = {(double)id->n, (double)k, (double)id->seed};
                worst_update(&gs->cert, -q->cert.lambda_min_S, q->tau_S, where[0], where[1], where[2]);
                worst_update(&gs->value, q->gap, q->value_tol, where[0], where[1], where[2]);
                worst_update(&gs->rank, q->sigma_ratio, DULEE_RANK_TOL, where[0], where[1], where[2]);
                if (pert)
                    /* L(Ŵ) − L(W*) against δ‖W*‖_F², the informative form of the bound; Ŵ is
                     * global for L_C to within its value_tol, which the bound inherits. */
                    worst_update(&gs->pbound, q->value_unperturbed - ref->f_lo,
                                 dulee2018_perturbed_value_bound(0.0, c->delta, ref->trace) + q->value_tol,
                                 where[0], where[1], where[2]);
            }
            ovp_task_row(out, T_SOSP, 24,
                         (double[]){(double)id->loss, (double)id->n, (double)k, (double)id->seed, (double)r,
                                    (double)pert, (double)g, (double)hyp, (double)q->res.outcome, q->cert.value,
                                    q->value_unperturbed, rf->f_lo, q->gap, q->cert.lambda_min_S, q->tau_S,
                                    q->value_tol, q->cert.ws_fro, q->res.grad_norm, q->res.hess_min,
                                    q->sigma_ratio, (double)q->res.iters, (double)q->res.escapes,
                                    (double)q->nonglobal, (double)spurious});
        }
    }
    ovp_sosp_work_free(&sw);
    for (size_t i = 0; i < 4; i++)
        ovp_mat_free(kd[i]);
    free(m->sv);
    m->sv = NULL;
    return st;
}

int dulee_landscape_task(const dulee_state *s, size_t index, ovp_task_out *out)
{
    const dulee2018_config *c = &s->cfg;
    const instance_id id = instance_of(s, index);
    const size_t n = id.n, d = c->d;
    char key[96];
    snprintf(key, sizeof key, "data loss=%s n=%zu seed=%zu", ovp_loss_name(id.loss), n, id.seed);
    inst_mem m = {0};
    run_record *recs = calloc(2 * c->inits, sizeof *recs);
    gsl_rng *rng = ovp_rng_stream("dulee2018", key, c->seed);
    int st = (!recs || !rng) ? OVP_ENOMEM : OVP_OK;
    ovp_mat *dd[] = {&m.C, &m.G, &m.S, &m.T, &m.M, &m.MC};
    if (!st)
        st = ovp_mat_alloc(n, d, &m.X);
    for (size_t i = 0; i < 6 && !st; i++)
        st = ovp_mat_alloc(d, d, dd[i]);
    if (!st && !(m.y = malloc(n * sizeof(double))))
        st = OVP_ENOMEM;
    if (st)
        goto done;
    if (c->X) {
        memcpy(m.X.data, c->X, n * d * sizeof(double));
        memcpy(m.y, c->y, n * sizeof(double));
    } else {
        size_t rank = c->teacher_rank ? c->teacher_rank : d;
        if ((st = ovp_mat_alloc(rank, d, &m.W0)))
            goto done;
        ovp_rng_gaussian_mat(rng, 1.0 / sqrt((double)d), &m.X);
        ovp_rng_gaussian_mat(rng, 1.0 / sqrt((double)d), &m.W0);
        double tau = 0.0; /* E‖W0 x‖² = ‖W0‖_F²/d for x ~ N(0, I/d) */
        for (size_t i = 0; i < rank * d; i++)
            tau += m.W0.data[i] * m.W0.data[i] / (double)d;
        dulee_teacher_labels(rng, &m.X, &m.W0, id.loss, c->noise, tau, m.y);
    }
    ovp_quad_problem p = {.X = &m.X, .y = m.y, .loss = id.loss, .lambda = c->lambda, .C = NULL};
    ovp_quad_problem pc = p;
    pc.C = &m.C;
    const int perturb = needs_perturbation(c, (double)n);
    if (perturb)
        draw_perturbation(rng, c, &m.C, &m.G);
    if ((st = ovp_psdfit_work_alloc(&p, &m.pw)))
        goto done;
    convex_ref ref, refc = {0};
    if ((st = solve_convex(&p, &m, &m.M, &id, 0, out, &ref)))
        goto done;
    if (perturb && (st = solve_convex(&pc, &m, &m.MC, &id, 1, out, &refc)))
        goto done;
    group_stats stats[N_GROUPS];
    for (int g = 0; g < N_GROUPS; g++)
        stats_init(&stats[g]);
    for (size_t ki = 0; ki < (c->single_cell ? 1 : c->n_k) && !st; ki++)
        st = run_width(s, &id, (size_t)c->k_list[ki], &p, perturb ? &pc : NULL, &m, &ref, &refc, stats, recs, out);
    if (st)
        goto done;
    for (int g = 1; g < N_GROUPS; g++)
        stats_emit(out, g, &stats[g]);
    ovp_task_set(out, "loss", (double)id.loss);
    ovp_task_set(out, "f_convex", ref.f_value);
    ovp_task_set(out, "f_convex_lo", ref.f_lo);
    ovp_task_set(out, "trace", ref.trace);
done:
    if (rng)
        gsl_rng_free(rng);
    free(recs);
    inst_free(&m);
    if (st)
        return ovp_task_fail(out, st, "landscape loss=%s n=%zu seed=%zu: %s (LAPACK info %d)",
                             ovp_loss_name(id.loss), n, id.seed, ovp_strerror(st), ovp_lapack_info());
    return OVP_OK;
}

/* ---------------------------------------------------------------- reduce */

static void where_note(ovp_claim *c, const worst *w)
{
    ovp_claim_note(c, "worst at n=%.0f k=%.0f seed=%.0f", w->n, w->k, w->seed);
}

static void counts_note(ovp_claim *c, const group_stats *g)
{
    ovp_claim_note(c, "%.0f SOSPs from %.0f runs (%.0f did not reach one), %.0f non-global, %.0f spurious "
                      "(worse than another init), %.0f strict saddles escaped",
                   g->sosp, g->runs, g->unconverged, g->nonglobal, g->spurious, g->escapes);
}

/* The regime of a group: met when every run's sizes satisfy the theorem. */
static ovp_regime regime_of(const group_stats *g) { return g->hyp_met == g->runs ? OVP_REGIME_MET : OVP_REGIME_EMPIRICAL; }

static void claim_worst(ovp_run *r, const char *id, const char *scope, const group_stats *g, const worst *w,
                        const char *what)
{
    ovp_claim *c = ovp_claim_le(r, id, scope, w->obs, w->bound);
    ovp_claim_regime(c, regime_of(g), "%s", what);
    where_note(c, w);
    counts_note(c, g);
}

static void t31_claims(ovp_run *r, const dulee_state *s, const char *scope, const group_stats *g)
{
    if (g->runs == 0)
        return;
    if (g->sosp == 0) {
        ovp_claim_skip(r, "P1.T3.1.cert", scope, "no run reached an SOSP (%.0f runs)", g->runs);
        return;
    }
    const char *hyp = regime_of(g) == OVP_REGIME_MET ? "k >= d" : "k < d: Theorem 3.1 does not apply";
    char what[160];
    snprintf(what, sizeof what, "%s; observed -lambda_min(S), bound tau_S from eps_g = %g, eps_H = %g", hyp,
             s->cfg.eps_g, s->cfg.eps_H);
    claim_worst(r, "P1.T3.1.cert", scope, g, &g->cert, what);
    snprintf(what, sizeof what, "%s; observed L(W) - f*_lo, bound (eps_g/2)||W|| + tau_S tr M* bound", hyp);
    claim_worst(r, "P1.T3.1.value", scope, g, &g->value, what);
}

static void t32_claims(ovp_run *r, const dulee_state *s, const char *scope, const group_stats *g)
{
    if (g->runs == 0)
        return;
    if (g->sosp == 0) {
        ovp_claim_skip(r, "P1.T3.2.cert", scope, "no run reached an SOSP (%.0f runs)", g->runs);
        return;
    }
    char hyp[160];
    snprintf(hyp, sizeof hyp, "%s, ||C||_F = delta = %g",
             regime_of(g) == OVP_REGIME_MET ? "k(k+1)/2 > n, k < d, C PSD with a density"
                                            : "sizes or C outside Theorem 3.2's hypotheses",
             s->cfg.delta);
    claim_worst(r, "P1.T3.2.cert", scope, g, &g->cert, hyp);
    claim_worst(r, "P1.T3.2.value", scope, g, &g->value, hyp);
    claim_worst(r, "P1.T3.2.rank", scope, g, &g->rank, hyp);
    claim_worst(r, "P1.T3.2.bound", scope, g, &g->pbound, hyp);
}

/* Pooled over the losses: the certificate must fire somewhere at k = 1 and at k = 2. */
static void below_claims(ovp_run *r, const double sosp[2], const double bad[2], const char *per_loss)
{
    for (int k = 1; k <= 2; k++) {
        char scope[16];
        snprintf(scope, sizeof scope, "k=%d", k);
        if (sosp[k - 1] == 0) {
            ovp_claim_skip(r, "P1.NC.thresholds", scope, "no SOSP below both thresholds at this k");
            continue;
        }
        ovp_claim *c = ovp_claim_ge(r, "P1.NC.thresholds", scope, bad[k - 1], 1.0);
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                         "negative control: k < d and k(k+1)/2 <= n, C = 0, outside both theorems; observed: "
                         "non-global SOSPs the certificate reports, of %.0f (%s)",
                         sosp[k - 1], per_loss);
    }
}

int dulee_landscape_reduce(ovp_run *r, const dulee_state *s, ovp_task_out *const *outs, size_t n)
{
    const size_t per_loss = n / s->n_losses;
    double nc_sosp[2] = {0, 0}, nc_bad[2] = {0, 0};
    char nc_note[256] = "";
    for (size_t li = 0; li < s->n_losses; li++) {
        const char *loss = ovp_loss_name(s->losses[li]);
        group_stats g[N_GROUPS];
        for (int q = 1; q < N_GROUPS; q++) {
            stats_init(&g[q]);
            for (size_t i = li * per_loss; i < (li + 1) * per_loss; i++)
                stats_merge(&g[q], outs[i], q);
        }
        char scope[32];
        snprintf(scope, sizeof scope, "loss=%s", loss);
        t31_claims(r, s, scope, &g[G_T31]);
        t32_claims(r, s, scope, &g[G_T32]);
        const group_stats *b = &g[G_BELOW];
        nc_sosp[0] += b->k1_sosp;
        nc_sosp[1] += b->k2_sosp;
        nc_bad[0] += b->k1_nonglobal;
        nc_bad[1] += b->k2_nonglobal;
        size_t used = strlen(nc_note);
        snprintf(nc_note + used, sizeof nc_note - used, "%s%s: k=1 %.0f/%.0f, k=2 %.0f/%.0f", used ? "; " : "",
                 loss, b->k1_nonglobal, b->k1_sosp, b->k2_nonglobal, b->k2_sosp);
        for (int q = 1; q < N_GROUPS; q++) {
            if (g[q].runs == 0)
                continue;
            ovp_run_quantity(r, g[q].sosp, "%s_%s_sosp_found", group_names[q], loss);
            ovp_run_quantity(r, g[q].nonglobal, "%s_%s_nonglobal", group_names[q], loss);
            ovp_run_quantity(r, g[q].spurious, "%s_%s_spurious", group_names[q], loss);
            ovp_run_quantity(r, g[q].unconverged, "%s_%s_no_sosp", group_names[q], loss);
            ovp_run_quantity(r, g[q].max_gap, "%s_%s_worst_gap", group_names[q], loss);
        }
    }
    if (nc_sosp[0] + nc_sosp[1] > 0)
        below_claims(r, nc_sosp, nc_bad, nc_note);
    if (s->cfg.X && n > 0) { /* the user's data: the optimum of L (squared loss, k >= d) */
        ovp_run_quantity(r, ovp_task_get(outs[0], "f_convex"), "opt_value");
        ovp_run_quantity(r, ovp_task_get(outs[0], "trace"), "opt_trace");
        ovp_run_note(r, "opt_value = min over PSD M of (1/n) sum (x'Mx - y)^2/2 + (lambda/2) tr M, lambda = %g, "
                        "= min_W L(W) for k >= d; certified to within %.3g (duality gap bound)",
                     s->cfg.lambda, ovp_task_get(outs[0], "f_convex") - ovp_task_get(outs[0], "f_convex_lo"));
    }
    ovp_run_note(r, "loss scaling: L = (1/n) sum loss + (lambda/2)||W||_F^2, lambda = %g (the theorems' 1/(2n) "
                    "only rescales lambda)", s->cfg.lambda);
    return OVP_OK;
}
