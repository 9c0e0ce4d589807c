/* verify/dulee2018/dulee2018_landscape.c: Theorems 3.1 and 3.2, the negative control below both
 * thresholds, and the phase diagram.
 *
 * One task per instance (loss, n, seed): the convex reference problem over PSD M is
 * solved once (and once more with the perturbation C when some k needs it), then for
 * every k and every initialisation the SOSP finder runs on L (and on L_C in T3.2 cells)
 * and the certificate is evaluated at the point it returns. A run is
 *   non-global  when λ_min(S) < −τ_S or L(W) − f* > value_tol (f* ≥ the certified lower
 *               bound f(M) − gap_bound(M) of the convex optimum): the certificate fires.
 *               τ_S ≥ ε_H/2 = 5e-8 and value_tol are model errors of an (ε_g, ε_H)-SOSP
 *               (theorems/dulee2018.h): Theorem 3.1's τ_S for k ≥ d, and for k < d the
 *               Hessian bound at σ_k = DULEE_RANK_TOL·σ_1 (no a-priori τ exists there, so
 *               the k < d claims are empirical); both exceed λ_min(S)'s rounding
 *               (~(n + d)·u·‖S‖) by orders while ‖S‖ ≲ 1e5, which is not checked at run time;
 *   spurious    when another initialisation of the same instance and k found an SOSP
 *               lower by more than value_tol: a local minimum of L that is provably not global.
 * In the theorems' cells the critical points met or built (up to a cap on the embedded ones)
 * are then checked for λ_min(∇²L) ≤ −ε_H with its rounding bound (Property 2.2,
 * verify/dulee2018/dulee2018_saddle.c); the sweep's end points of L are kept as donors for it. */
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

/* The convex reference. FISTA (d > CVX_IPM_MAX_D) stops at this KKT residual: ~100 ulps of
 * the entries of M. A stopping rule only: no verdict reads it; P1.CVX.cert decides by the
 * duality gap against DULEE_CVX_GAP_RTOL·|f| + the rounding bound of f. */
#define CVX_KKT_TOL 1e-11
#define CVX_MAX_ITERS 200000
#define CVX_CHECK_EVERY 10
/* The interior-point method (kernels/models/psdfit.h) up to d = 40: its Newton system has
 * d(d+1)/2 = 820 unknowns (5 MB, 0.2 GFlop per Cholesky); beyond, FISTA. It needs ~100
 * Newton steps on wine and the ci instances; 500 leaves a factor 5. The negative control
 * with C not PSD (its barrier problem need not be bounded) keeps FISTA. */
#define CVX_IPM_MAX_D 40
#define CVX_MAX_NEWTON 500

/* ---------------------------------------------------------------- instances */

static instance_id instance_of(const dulee2018_state *s, size_t index)
{
    const dulee2018_config *c = &s->cfg;
    size_t per_loss = c->n_n * c->seeds, rest = index % per_loss;
    instance_id id = {.li = index / per_loss, .seed = rest % c->seeds};
    id.loss = s->losses[id.li];
    id.n = c->X ? c->n_user : (size_t)c->n_list[rest / c->seeds];
    return id;
}

void dulee2018_landscape_label(const void *state, size_t index, char *buf, size_t len)
{
    const dulee2018_state *s = state;
    instance_id id = instance_of(s, index);
    snprintf(buf, len, "landscape loss=%s n=%zu seed=%zu", ovp_quadnet_loss_name(id.loss), id.n, id.seed);
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
    ovp_work hess; /* the SOSP works' H and F, kept across the widths (ovp_sosp_work_set_pool) */
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
    ovp_work_free(&m->hess);
}

/* Solves the convex reference problem of p from M = 0 and writes its instances row; the
 * task values cvx_* (suffix _C for the perturbed problem) carry its certificate. */
static int solve_convex(const ovp_quadnet_problem *p, inst_mem *m, ovp_mat *M, const instance_id *id, int perturbed,
                        int ipm, ovp_task_out *out, convex_ref *ref)
{
    ovp_psdfit_result res;
    memset(M->data, 0, M->rows * M->cols * sizeof(double));
    int st;
    if (ipm && p->X->cols <= CVX_IPM_MAX_D) {
        ovp_psdfit_ipm_opts o = {.max_newton = CVX_MAX_NEWTON, .gap_rtol = DULEE_CVX_GAP_RTOL};
        st = ovp_psdfit_solve_ipm(p, &o, M, &res);
    } else {
        ovp_psdfit_opts o = {.max_iters = CVX_MAX_ITERS, .kkt_tol = CVX_KKT_TOL, .check_every = CVX_CHECK_EVERY};
        st = ovp_psdfit_solve(p, &o, &m->pw, M, &res);
    }
    if (st)
        return st;
    double gap = dulee2018_gap_bound(res.inner_SM, res.lambda_min_S, dulee2018_trace_bound(res.value, p->lambda));
    /* The certified lower bound of f*: the larger of the dual value and f − gap_bound. */
    double f_lo = fmax(res.value - fmax(gap, 0.0), res.dual_value);
    *ref = (convex_ref){f_lo, res.value, res.trace, NAN, (double)res.rank};
    double tol = dulee2018_cvx_gap_tol(res.value, res.value_round), cert_gap = res.value - f_lo;
    const char *sfx = perturbed ? "_C" : "";
    char name[48];
#define CVX_SET(what, v)                                                                           \
    snprintf(name, sizeof name, "cvx_%s%s", what, sfx);                                            \
    ovp_task_set(out, name, v);
    CVX_SET("unconverged", (double)!(cert_gap <= tol))
    CVX_SET("gap", cert_gap)
    CVX_SET("gap_tol", tol)
    CVX_SET("lambda_min_S", res.lambda_min_S)
    CVX_SET("inner_SM", res.inner_SM)
    CVX_SET("trace_err", res.trace_err)
    CVX_SET("iters", (double)res.iters)
#undef CVX_SET
    ovp_task_row(out, T_INSTANCES, 16,
                 (double[]){(double)id->loss, (double)id->n, (double)id->seed, (double)perturbed, res.value,
                            res.kkt, gap, (double)res.rank, res.trace, (double)res.iters, (double)res.restarts,
                            (double)(cert_gap <= tol), res.lambda_min_S, res.inner_SM, cert_gap, tol});
    return OVP_OK;
}

/* Runs the SOSP finder from m->Winit on problem p and evaluates the certificate. */
static int run_one(const dulee2018_state *s, const ovp_quadnet_problem *p, const ovp_quadnet_problem *p0, inst_mem *m,
                   ovp_sosp_work *sw, const convex_ref *ref, run_record *rec)
{
    const dulee2018_config *c = &s->cfg;
    ovp_sosp_opts o = dulee2018_sosp_opts(c);
    int st = ovp_mat_copy(&m->Winit, &m->W);
    if (!st)
        st = ovp_sosp_find(p, &m->W, &o, sw, &rec->res);
    if (!st)
        st = ovp_quadnet_certify(p, &m->W, &sw->qw, &m->S, &m->WS, &m->T, &m->ws, &rec->cert);
    if (!st)
        st = ovp_quadnet_value(p0, &m->W, &sw->qw, &rec->value_unperturbed);
    if (st)
        return st;
    if ((st = ovp_mat_copy(&m->W, &m->sv_scratch)) || (st = ovp_linalg_svd_values(&m->sv_scratch, m->sv, &m->ws)))
        return st;
    size_t r = m->W.rows < m->W.cols ? m->W.rows : m->W.cols;
    /* W at the minimiser M* = 0 (e.g. logistic labels all −1) is 0 up to ε_g/λ: rank 0. */
    rec->sigma_ratio = m->sv[0] * m->sv[0] > DULEE_ZERO_W_SQ ? m->sv[r - 1] / m->sv[0] : 0.0;
    dulee2018_tolerances(c, m->W.rows, rec->cert.curvature, m->sv[0], rec->cert.w_fro, ref->f_value, &rec->tau_S,
                         &rec->value_tol);
    rec->gap = rec->cert.value - ref->f_lo;
    rec->found = rec->res.outcome == OVP_SOSP_FOUND;
    rec->nonglobal = rec->found && (-rec->cert.lambda_min_S > rec->tau_S || rec->gap > rec->value_tol);
    return OVP_OK;
}

/* C for Theorem 3.2, or −(δ/√d) I for the negative control (c_negative). */
static void draw_perturbation(gsl_rng *rng, const dulee2018_config *c, ovp_mat *C, ovp_mat *G)
{
    const size_t d = c->d;
    memset(C->data, 0, d * d * sizeof(double));
    if (c->c_negative) {
        for (size_t a = 0; a < d; a++)
            OVP_AT(C, a, a) = -c->delta / sqrt((double)d);
        return;
    }
    dulee2018_draw_perturbation(rng, c->delta, C, G);
}

/* C = G Gᵀ · δ U^{1/D} / ‖G Gᵀ‖_F, G d×d with N(0, 1) entries, U ~ uniform(0, 1) independent,
 * D = d(d+1)/2 the dimension of the symmetric matrices. Why it has a density on
 * {C ⪰ 0, ‖C‖_F ≤ δ}: the Wishart G Gᵀ (d degrees of freedom ≥ d) has a density on the PSD
 * cone, so in polar coordinates (r, Θ = C/‖C‖_F) its direction Θ has a density g w.r.t. the
 * surface measure of the unit sphere; the new radius R = δU^{1/D} is independent of Θ with
 * density D r^{D−1}/δ^D on (0, δ); Lebesgue measure in polar coordinates is r^{D−1} dr dΘ, so
 * C has the density (D/δ^D) g(C/‖C‖_F) on the cone's part of the δ-ball. (Rescaling onto the
 * sphere ‖C‖_F = δ, as before, concentrates C on a set of measure zero: no density.) */
void dulee2018_draw_perturbation(gsl_rng *rng, double delta, ovp_mat *C, ovp_mat *G)
{
    const size_t d = C->rows;
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
    const double D = (double)d * (double)(d + 1) / 2.0;
    double scale = delta * pow(gsl_rng_uniform_pos(rng), 1.0 / D) / sqrt(f2);
    for (size_t i = 0; i < d * d; i++)
        C->data[i] *= scale;
}

/* λ_min(S(0)) of the unperturbed problem, S(0) = (1/n) Σ ℓ'(0, y_i) x_i x_iᵀ + (λ/2) I: the
 * minimiser of the convex problem is M* = 0 exactly when S(0) ⪰ 0 (KKT at M = 0, ⟨S, 0⟩ = 0;
 * conversely M = 0 optimal forces S(0) ⪰ 0). E.g. logistic labels all −1: S(0) ⪰ λ/2 I. */
static int lambda_min_S_at_zero(const ovp_quadnet_problem *p, inst_mem *m, double *lmin)
{
    const size_t n = p->X->rows, d = p->X->cols;
    double *z = calloc(2 * n, sizeof(double));
    ovp_mat R = {0};
    int st = z ? ovp_mat_alloc(n, d, &R) : OVP_ENOMEM;
    if (!st) {
        ovp_quadnet_data_loss(p, z, z + n, NULL); /* ℓ'(0, y_i) into z + n */
        st = ovp_quadnet_S_from(p, z + n, &R, &m->T);
    }
    if (!st)
        st = ovp_linalg_eig_min(&m->T, lmin, &m->ws);
    ovp_mat_free(&R);
    free(z);
    return st;
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
static int run_width(const dulee2018_state *s, const instance_id *id, size_t k, const ovp_quadnet_problem *p,
                     const ovp_quadnet_problem *pc, inst_mem *m, const convex_ref *ref, const convex_ref *refc,
                     group_stats *stats, run_record *recs, dulee2018_donors donors[2], ovp_task_out *out)
{
    const dulee2018_config *c = &s->cfg;
    const size_t d = c->d, R = c->inits;
    /* Unperturbed L everywhere (the phase diagram) unless a single perturbed cell; L_C in T3.2 cells. */
    const int modes[2] = {!c->single_cell || !c->perturbed,
                          pc != NULL && (c->single_cell ? c->perturbed
                                                        : dulee2018_t32_holds((double)k, (double)id->n, (double)d))};
    ovp_sosp_work sw;
    int st = ovp_sosp_work_alloc(id->n, d, k, 10, &sw);
    if (!st)
        ovp_sosp_work_set_pool(&sw, &m->hess);
    ovp_mat *kd[] = {&m->W, &m->Winit, &m->WS, &m->sv_scratch};
    for (size_t i = 0; i < 4 && !st; i++)
        st = ovp_mat_alloc(k, d, kd[i]);
    if (!st && !(m->sv = malloc((k < d ? k : d) * sizeof(double))))
        st = OVP_ENOMEM;
    double *ends = st ? NULL : malloc(2 * R * k * d * sizeof(double)); /* every run's end point */
    if (!st && !ends)
        st = OVP_ENOMEM;
    for (size_t r = 0; r < R && !st; r++) {
        char key[96];
        snprintf(key, sizeof key, "init loss=%s n=%zu seed=%zu k=%zu r=%zu", ovp_quadnet_loss_name(id->loss), id->n,
                 id->seed, k, r);
        gsl_rng *rng = ovp_rng_stream("dulee2018", key, c->seed);
        if (!rng) {
            st = OVP_ENOMEM;
            break;
        }
        ovp_rng_gaussian_mat(rng, 1.0 / sqrt((double)d), &m->Winit);
        gsl_rng_free(rng);
        for (int pert = 0; pert < 2 && !st; pert++)
            if (modes[pert] && !(st = run_one(s, pert ? pc : p, p, m, &sw, pert ? refc : ref, &recs[2 * r + pert])))
                memcpy(ends + (2 * r + pert) * k * d, m->W.data, k * d * sizeof(double));
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
                dulee2018_worst_update(&gs->cert, -q->cert.lambda_min_S, q->tau_S, where[0], where[1], where[2]);
                dulee2018_worst_update(&gs->value, q->gap, q->value_tol, where[0], where[1], where[2]);
                dulee2018_worst_update(&gs->rank, q->sigma_ratio, DULEE_RANK_TOL, where[0], where[1], where[2]);
                if (pert && ref->lambda_min_S0 >= 0.0) {
                    /* W* = 0 (S(0) ⪰ 0): then Ŵ = 0 and the bound reads 0 <= tolerance. */
                    gs->pbound_trivial++;
                } else if (pert) {
                    /* L(Ŵ) − L(W*) against δ‖W*‖_F², the informative form of the bound; Ŵ is
                     * global for L_C to within its value_tol, which the bound inherits. The worst
                     * case is the largest ratio observed/bound (the tightest instance), not the
                     * least slack, which would pick the instance with the smallest tr M*. */
                    double b = dulee2018_perturbed_value_bound(0.0, c->delta, ref->trace) + q->value_tol;
                    double o = q->value_unperturbed - ref->f_lo;
                    gs->pbound_runs++;
                    dulee2018_worst_update_rel(&gs->pbound, o, b, where[0], where[1], where[2]);
                    gs->pbound_tol_share = fmax(gs->pbound_tol_share, q->value_tol / b);
                }
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
    /* P1.P2.2 in the theorems' cells (L at k ≥ d, L_C in T3.2's); then the sweep's end points of
     * L become donors for the wider cells (L_C's donors come from their own searches). */
    for (int pert = 0; pert < 2 && !st; pert++) {
        if (!modes[pert])
            continue;
        int hyp, g = group_of(c, (double)k, (double)id->n, pert, &hyp);
        if ((g == G_T31 && !pert) || (g == G_T32 && pert)) {
            dulee2018_saddle_target t = {s, id, k, pert, hyp, pert ? pc : p, pert ? refc : ref, recs, ends, &sw};
            st = dulee2018_saddle_check(&t, &donors[pert], &stats[g], out);
        }
        for (size_t r = 0; r < R && !st && !pert && !c->single_cell; r++)
            if (recs[2 * r].found) {
                ovp_mat W = ovp_mat_view(ends + 2 * r * k * d, k, d);
                st = dulee2018_donors_add(&donors[0], &W, recs[2 * r].cert.value, recs[2 * r].res.grad_norm, r);
            }
    }
    free(ends);
    ovp_sosp_work_free(&sw);
    for (size_t i = 0; i < 4; i++)
        ovp_mat_free(kd[i]);
    free(m->sv);
    m->sv = NULL;
    return st;
}

int dulee2018_landscape_task(const void *state, size_t index, ovp_task_out *out)
{
    const dulee2018_state *s = state;
    const dulee2018_config *c = &s->cfg;
    const instance_id id = instance_of(s, index);
    const size_t n = id.n, d = c->d;
    char key[96];
    snprintf(key, sizeof key, "data loss=%s n=%zu seed=%zu", ovp_quadnet_loss_name(id.loss), n, id.seed);
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
        dulee2018_teacher_labels(rng, &m.X, &m.W0, id.loss, c->noise, tau, m.y);
    }
    ovp_quadnet_problem p = {.X = &m.X, .y = m.y, .loss = id.loss, .lambda = c->lambda, .C = NULL};
    ovp_quadnet_problem pc = p;
    pc.C = &m.C;
    const int perturb = needs_perturbation(c, (double)n);
    if (perturb)
        draw_perturbation(rng, c, &m.C, &m.G);
    if ((st = ovp_psdfit_work_alloc(&p, &m.pw)))
        goto done;
    convex_ref ref, refc = {0};
    if ((st = solve_convex(&p, &m, &m.M, &id, 0, !c->c_negative, out, &ref)))
        goto done;
    if (perturb && (st = solve_convex(&pc, &m, &m.MC, &id, 1, !c->c_negative, out, &refc)))
        goto done;
    if ((st = lambda_min_S_at_zero(&p, &m, &ref.lambda_min_S0)))
        goto done;
    ovp_task_set(out, "lambda_min_S0", ref.lambda_min_S0);
    group_stats stats[N_GROUPS];
    for (int g = 0; g < N_GROUPS; g++)
        dulee2018_stats_init(&stats[g]);
    dulee2018_donors donors[2] = {{0}, {0}};
    refc.lambda_min_S0 = NAN;
    /* The SOSP works' H and F at the widest dense width (k ≤ min(d, n)) at once: growing the
     * pool width by width copied it each time. */
    size_t k_dense = 0;
    for (size_t ki = 0; ki < (c->single_cell ? 1 : c->n_k); ki++)
        if (c->k_list[ki] <= (double)(n < d ? n : d))
            k_dense = (size_t)fmax((double)k_dense, c->k_list[ki]);
    if (k_dense && (st = ovp_work_reserve(&m.hess, 2 * (k_dense * d) * (k_dense * d), 0)))
        goto done;
    for (size_t ki = 0; ki < (c->single_cell ? 1 : c->n_k) && !st; ki++)
        st = run_width(s, &id, (size_t)c->k_list[ki], &p, perturb ? &pc : NULL, &m, &ref, &refc, stats, recs,
                       donors, out);
    dulee2018_donors_free(&donors[0]);
    dulee2018_donors_free(&donors[1]);
    if (st)
        goto done;
    for (int g = 1; g < N_GROUPS; g++)
        dulee2018_stats_emit(out, g, &stats[g]);
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
                             ovp_quadnet_loss_name(id.loss), n, id.seed, ovp_status_str(st), ovp_status_lapack_info());
    return OVP_OK;
}

