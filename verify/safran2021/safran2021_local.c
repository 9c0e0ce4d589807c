/* verify/safran2021/safran2021_local.c: the landscape near the global minima, teacher V = I_n.
 *
 * P4.a (global task): λ_min ∇²F(V) at W = V, k = n, for V = I and random teachers.
 * P4.b and P4.c (local task, one (n, k), k = n or n + j, j = 1..3): around base
 * points of the global-minimum set (k = n: V; k = n + 1: v_0 split in halves between
 * student 0 and the extra student, and V plus a zero extra neuron; k = n + j: see
 * make_base), at distances ε on a log grid:
 *   - the most negative Hessian eigenvalue found within distance ε: from a few
 *     starting directions (the split direction below, a rotation of the extra
 *     neuron, random ones), each improved by the fixed-point search
 *     D ← eigenvector of λ_min ∇²F(W* + εD);
 *   - PL and one-point ratios along W* + εD, D = (δ, −δ)/√2 on student 0 and the
 *     last student, δ ⟂ v_0 (at k = n + 1: the two halves of the split neuron
 *     turning apart; at k = n also the eigenvector of λ_min ∇²F(V)), with
 *     F − F* by quadrature of ∇F from W* (F ~ ε³ there: far below F's rounding);
 *   - the fraction of random unit directions D in which the one-point inequality
 *     ⟨∇F(W), W − P(W)⟩ ≥ c‖W − P(W)‖² holds, c = λ_min(∇²F_n(V))/2 (k ≤ n + 1). */
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

/* Fixed-point steps D ← q_min per starting direction: the search settles in 2–3. */
#define SEARCH_STEPS 4
/* Random starting directions of the negative-curvature search, besides the structured ones. */
#define SEARCH_RANDOM 2
/* Gauss–Legendre nodes for F − F*: the integrand is smooth on (0, 1]; 16 nodes
 * agree with 32 to the rounding of ∇F (tests/test_safran2021.c). */
#define QUAD_NODES 16

enum { BASE_V = 0, BASE_SPLIT = 1, BASE_ZERO = 2, BASE_SPURIOUS = 3 };
/* Runs tried to find the spurious base of the P4.c control (one in six ends spurious at n = 8). */
#define SPURIOUS_SEARCH_RUNS 500

/* ---------------------------------------------------------------- P4.a */

int safran2021_global_task(const void *state, size_t index, ovp_task_out *out)
{
    const safran2021_state *s = state;
    const task_desc *t = safran2021_task(s, PART_GLOBAL, index);
    const size_t n = t->n, d = n, nd = n * d;
    char key[48];
    snprintf(key, sizeof key, "global n=%zu", n);
    ovp_mat V = {0}, G = {0}, H = {0}, Hc = {0};
    ovp_poprelu p = {0};
    ovp_work ws = {0};
    gsl_rng *rng = ovp_rng_stream("safran2021", key, s->cfg.seed);
    int st = rng ? safran2021_identity(n, &V) : OVP_ENOMEM;
    if (!st)
        st = ovp_mat_alloc(n, d, &G);
    if (!st)
        st = ovp_mat_alloc(nd, nd, &H);
    if (!st)
        st = ovp_mat_alloc(nd, nd, &Hc);
    double lam_id = NAN, lam_rand = INFINITY, gap_id = NAN;
    for (size_t r = 0; r <= s->cfg.random_teachers && !st; r++) {
        if (r > 0) /* a random teacher, rows N(0, I/d) */
            ovp_rng_gaussian_mat(rng, 1.0 / sqrt((double)d), &V);
        if (s->cfg.parallel_teacher) /* control: v_1 = 2 v_0, the minimum is not isolated (V = I too) */
            for (size_t a = 0; a < d; a++)
                OVP_AT(&V, 1, a) = 2.0 * OVP_AT(&V, 0, a);
        if (r == 0)
            gap_id = safran2021_orthonormality_gap(&V);
        double F, lo, hi;
        if ((st = ovp_poprelu_alloc(n, &V, &p)))
            break;
        if (!(st = ovp_poprelu_eval(&p, &V, &F, &G, &H)) && !(st = ovp_mat_copy(&H, &Hc)) &&
            !(st = ovp_linalg_eig_min(&Hc, &lo, &ws)) && !(st = ovp_mat_copy(&H, &Hc)))
            st = ovp_linalg_eig_max(&Hc, &hi, &ws);
        ovp_poprelu_free(&p);
        if (st)
            break;
        ovp_task_row(out, T_GLOBAL, 6, (double[]){(double)n, (double)r, lo, hi, F, ovp_mat_norm_fro(&G)});
        if (r == 0)
            lam_id = lo;
        else
            lam_rand = fmin(lam_rand, lo);
    }
    ovp_task_set(out, "n", (double)n);
    ovp_task_set(out, "k", (double)t->k);
    ovp_task_set(out, "ortho_gap_identity", gap_id);
    ovp_task_set(out, "lambda_identity", lam_id);
    ovp_task_set(out, "lambda_random_min", s->cfg.random_teachers ? lam_rand : NAN);
    ovp_mat_free(&V);
    ovp_mat_free(&G);
    ovp_mat_free(&H);
    ovp_mat_free(&Hc);
    ovp_work_free(&ws);
    if (rng)
        gsl_rng_free(rng);
    return st ? ovp_task_fail(out, st, "%s: %s (LAPACK info %d)", key, ovp_status_str(st),
                              ovp_status_lapack_info()) : OVP_OK;
}

/* ---------------------------------------------------------------- P4.b, P4.c */

typedef struct {
    size_t n, k, d, kd;
    ovp_mat V, Wstar, W, G, P, Wt, Gt, H, D, Dbest, Wspur;
    ovp_poprelu p;
    ovp_work ws;
    gsl_integration_glfixed_table *quad;
    gsl_rng *rng;
} local_mem;

static void local_mem_free(local_mem *m)
{
    ovp_mat *ms[] = {&m->V, &m->Wstar, &m->W, &m->G, &m->P, &m->Wt, &m->Gt, &m->H, &m->D, &m->Dbest, &m->Wspur};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
        ovp_mat_free(ms[i]);
    ovp_poprelu_free(&m->p);
    ovp_work_free(&m->ws);
    if (m->quad)
        gsl_integration_glfixed_table_free(m->quad);
    if (m->rng)
        gsl_rng_free(m->rng);
}

static int local_mem_alloc(local_mem *m, size_t n, size_t k, const char *key, uint64_t seed)
{
    m->n = n, m->k = k, m->d = n, m->kd = k * n;
    int st = safran2021_identity(n, &m->V);
    ovp_mat *kxd[] = {&m->Wstar, &m->W, &m->G, &m->P, &m->Wt, &m->Gt, &m->D, &m->Dbest, &m->Wspur};
    for (size_t i = 0; i < sizeof kxd / sizeof *kxd && !st; i++)
        st = ovp_mat_alloc(k, n, kxd[i]);
    if (!st)
        st = ovp_mat_alloc(m->kd, m->kd, &m->H);
    if (!st)
        st = ovp_poprelu_alloc(k, &m->V, &m->p);
    if (!st && (!(m->quad = gsl_integration_glfixed_table_alloc(QUAD_NODES)) ||
                !(m->rng = ovp_rng_stream("safran2021", key, seed))))
        st = OVP_ENOMEM;
    return st;
}

/* The base point W* of the global-minimum set. At k = n + j: BASE_SPLIT splits
 * v_0..v_{j-1} in halves between student i and student n + i; BASE_ZERO splits
 * v_0..v_{j-2} likewise and leaves the last student zero (j = 1: V plus a zero
 * neuron). At most one zero neuron, so the structured search directions (the split
 * of v_0, the last student rotated) reach differentiable points. */
static int make_base(local_mem *m, int base)
{
    if (base == BASE_SPURIOUS)
        return ovp_mat_copy(&m->Wspur, &m->Wstar);
    memset(m->Wstar.data, 0, m->kd * sizeof(double));
    for (size_t j = 0; j < m->n; j++)
        OVP_AT(&m->Wstar, j, j) = 1.0;
    size_t extra = m->k - m->n, pairs = base == BASE_SPLIT ? extra : base == BASE_ZERO && extra > 0 ? extra - 1 : 0;
    for (size_t i = 0; i < pairs; i++)
        OVP_AT(&m->Wstar, i, i) = OVP_AT(&m->Wstar, m->n + i, i) = 0.5;
    return OVP_OK;
}

static void normalise(ovp_mat *D)
{
    double s = ovp_mat_norm_fro(D);
    for (size_t c = 0; c < D->rows * D->cols; c++)
        D->data[c] /= s;
}

static void random_direction(local_mem *m, ovp_mat *D)
{
    ovp_rng_gaussian_mat(m->rng, 1.0, D);
    normalise(D);
}

/* (δ, −δ)/√2 on student 0 and its partner, student n (the last at k = n + 1; itself
 * at k = n), δ ⟂ v_0 = e_0 a random unit vector. */
static void split_direction(local_mem *m, ovp_mat *D)
{
    const size_t partner = m->k > m->n ? m->n : m->k - 1;
    memset(D->data, 0, m->kd * sizeof(double));
    ovp_rng_gaussian(m->rng, 1.0, &OVP_AT(D, 0, 0), m->d); /* n ≥ 2, so δ ≠ 0 w.p. 1 */
    OVP_AT(D, 0, 0) = 0.0;
    for (size_t a = 0; a < m->d; a++)
        OVP_AT(D, partner, a) = -OVP_AT(D, 0, a);
    normalise(D);
}

/* W = W* + εD. */
static void move(local_mem *m, const ovp_mat *D, double eps)
{
    for (size_t c = 0; c < m->kd; c++)
        m->W.data[c] = m->Wstar.data[c] + eps * D->data[c];
}

/* λ_min ∇²F(W) and its unit eigenvector into D (k×d, contiguous), by dsyevr for that one
 * eigenpair (RANGE='I'): the search needs no other, and the whole spectrum with every
 * eigenvector cost about three times as much. */
static int hess_min(local_mem *m, double *lam, ovp_mat *D)
{
    double F;
    int st = ovp_poprelu_eval(&m->p, &m->W, &F, NULL, &m->H);
    return st ? st : ovp_linalg_eig_min_vec(&m->H, lam, D->data, &m->ws);
}

/* The most negative λ_min ∇²F over the points W* + εD the search visits. The
 * direction that gave the best value so far (warm, k×d, zero when none) is
 * the first start and is updated, so the search carries over from one ε to
 * the next. */
static int search_negative(local_mem *m, double eps, ovp_mat *warm, double *best)
{
    *best = INFINITY;
    int have_warm = ovp_mat_norm_fro(warm) > 0.0;
    for (int start = have_warm ? -1 : 0; start < 2 + SEARCH_RANDOM; start++) {
        if (start == -1) {
            int st = ovp_mat_copy(warm, &m->D);
            if (st)
                return st;
        } else if (start == 0) {
            split_direction(m, &m->D);
        } else if (start == 1) { /* the last student rotated off its position (the extra neuron at k = n + 1) */
            memset(m->D.data, 0, m->kd * sizeof(double));
            ovp_rng_gaussian(m->rng, 1.0, &OVP_AT(&m->D, m->k - 1, 0), m->d);
            normalise(&m->D);
        } else {
            random_direction(m, &m->D);
        }
        for (int step = 0; step < SEARCH_STEPS; step++) {
            double lam;
            move(m, &m->D, eps);
            int st = hess_min(m, &lam, &m->Dbest);
            if (st == OVP_EDOM)
                break;
            if (st)
                return st;
            if (lam < *best) {
                *best = lam;
                if ((st = ovp_mat_copy(&m->D, warm)))
                    return st;
            }
            if ((st = ovp_mat_copy(&m->Dbest, &m->D)))
                return st;
        }
    }
    return OVP_OK;
}

/* W − P(W) into P and its norm, P the nearest global minimum of the indexing. */
static int residual_to_set(local_mem *m, double *dist)
{
    if (m->k == m->n) {
        *dist = ovp_mat_dist_fro(&m->W, &m->V);
        int st = ovp_mat_copy(&m->V, &m->P);
        if (st)
            return st;
    } else {
        *dist = safran2021_project_split_family(&m->V, &m->W, &m->P);
    }
    for (size_t c = 0; c < m->kd; c++)
        m->P.data[c] = m->W.data[c] - m->P.data[c];
    return OVP_OK;
}

/* PL and one-point ratios at W = W* + εD. */
static int ratios(local_mem *m, const ovp_mat *D, double eps, double *pl, double *op, double *dist,
                  double *excess)
{
    double F;
    move(m, D, eps);
    int st = ovp_poprelu_excess(&m->p, &m->Wstar, &m->W, m->quad, &m->Wt, &m->Gt, excess);
    if (!st)
        st = ovp_poprelu_eval(&m->p, &m->W, &F, &m->G, NULL);
    if (st)
        return st;
    double g = ovp_mat_norm_fro(&m->G), dot = 0.0;
    if ((st = residual_to_set(m, dist)))
        return st;
    for (size_t c = 0; c < m->kd; c++)
        dot += m->G.data[c] * m->P.data[c];
    *pl = g * g / *excess;
    *op = dot / (*dist * *dist);
    return OVP_OK;
}

/* P4.c: the fraction of random directions where ⟨∇F, W − P⟩ ≥ c‖W − P‖² (and > 0). */
static int one_point_fraction(local_mem *m, double eps, double c, size_t N, double *holds, double *positive)
{
    size_t h = 0, pos = 0;
    for (size_t t = 0; t < N; t++) {
        double F;
        random_direction(m, &m->D);
        move(m, &m->D, eps);
        double dist, dot = 0.0;
        int st = ovp_poprelu_eval(&m->p, &m->W, &F, &m->G, NULL);
        if (!st)
            st = residual_to_set(m, &dist);
        if (st)
            return st;
        for (size_t q = 0; q < m->kd; q++)
            dot += m->G.data[q] * m->P.data[q];
        h += dot >= c * dist * dist;
        pos += dot > 0.0;
    }
    *holds = (double)h / (double)N;
    *positive = (double)pos / (double)N;
    return OVP_OK;
}

/* The P4.c negative control's base point: a certified spurious minimum of the
 * k = n problem, found by the table's GD + Newton from this task's stream. */
static int find_spurious(local_mem *m, const safran2021_config *c, int *found)
{
    ovp_poprelu_descent_work dw = {0};
    ovp_mat W0 = {0};
    int st = ovp_poprelu_descent_work_alloc(m->k, m->d, &dw);
    if (!st)
        st = ovp_mat_alloc(m->k, m->d, &W0);
    const ovp_poprelu_descent_opts o = safran2021_descent_opts(c, m->k);
    *found = 0;
    for (size_t run = 0; run < SPURIOUS_SEARCH_RUNS && !st && !*found; run++) {
        ovp_poprelu_descent_result res;
        safran2021_class cls;
        double F, gn;
        ovp_rng_gaussian_mat(m->rng, 1.0 / sqrt((double)m->d), &W0);
        if (!(st = ovp_poprelu_descent_run(&m->p, &W0, &m->Wspur, &o, &dw, &res)))
            st = safran2021_certify(&m->p, &m->Wspur, &m->G, &m->H, &m->ws, &cls, &F, &gn);
        *found = !st && cls == SAFRAN_SPURIOUS;
    }
    ovp_poprelu_descent_work_free(&dw);
    ovp_mat_free(&W0);
    return st;
}

/* λ_min ∇²F_n(V) of the k = n problem: the one-point and PL scale of P4.a. */
static int reference_lambda(size_t n, double *lam)
{
    ovp_mat V = {0}, H = {0};
    ovp_poprelu p = {0};
    ovp_work ws = {0};
    double F;
    int st = safran2021_identity(n, &V);
    if (!st)
        st = ovp_mat_alloc(n * n, n * n, &H);
    if (!st)
        st = ovp_poprelu_alloc(n, &V, &p);
    if (!st)
        st = ovp_poprelu_eval(&p, &V, &F, NULL, &H);
    if (!st)
        st = ovp_linalg_eig_min(&H, lam, &ws);
    ovp_mat_free(&V);
    ovp_mat_free(&H);
    ovp_poprelu_free(&p);
    ovp_work_free(&ws);
    return st;
}

/* One (n, k) of the local task; its values are named with the prefix ("" for the
 * task's own k, "k<K>_" for the larger k of the same task). */
static int local_one(const safran2021_state *s, const task_desc *t, size_t k, const char *prefix, ovp_task_out *out)
{
    const safran2021_config *c = &s->cfg;
    const size_t n = t->n;
    char key[48];
    snprintf(key, sizeof key, "local n=%zu k=%zu", n, k);
    local_mem m = {0};
    double lam_ref = NAN;
    int st = local_mem_alloc(&m, n, k, key, c->seed);
    if (!st)
        st = reference_lambda(n, &lam_ref);
    int bases[2] = {k == n ? BASE_V : BASE_SPLIT, BASE_ZERO}, found = 1;
    if (!st && c->spurious_base && k == n && !t->contrast) {
        st = find_spurious(&m, c, &found);
        bases[0] = BASE_SPURIOUS;
    }
    if (!st && !found)
        st = OVP_EDOM;
    const size_t n_bases = k == n ? 1 : 2, E = c->eps_points;
    /* P4.c at k <= n + 1 only: beyond, the projection onto the minima near the zero-neuron
     * base is not the exact nearest point (two extras may share a teacher there) */
    const int with_fraction = k <= n + 1;
    double worst_hess = -INFINITY, frac_min = INFINITY, pl_min = INFINITY, op_min = INFINITY;
    double pl_first = NAN, pl_last = NAN, op_first = NAN, op_last = NAN;
    ovp_mat Dseq = {0}, Deig = {0}, warm[2] = {{0}, {0}};
    if (!st)
        st = ovp_mat_alloc(k, n, &Dseq);
    for (size_t b = 0; b < 2 && !st; b++)
        st = ovp_mat_alloc(k, n, &warm[b]);
    if (!st)
        st = ovp_mat_alloc(k, n, &Deig);
    if (!st) {
        split_direction(&m, &Dseq);
        if (!(st = make_base(&m, bases[0])) && !(st = ovp_mat_copy(&m.Wstar, &m.W)))
            st = hess_min(&m, &(double){0}, &Deig); /* the flattest direction at the base */
    }
    for (size_t e = 0; e < E && !st; e++) {
        double eps = c->eps_max * pow(c->eps_min / c->eps_max, E > 1 ? (double)e / (double)(E - 1) : 0.0);
        double hess_eps = INFINITY;
        for (size_t b = 0; b < n_bases && !st; b++) {
            double lam, holds, positive;
            if ((st = make_base(&m, bases[b])) || (st = search_negative(&m, eps, &warm[b], &lam)))
                break;
            hess_eps = fmin(hess_eps, lam);
            if (with_fraction) {
                if ((st = one_point_fraction(&m, eps, safran2021_one_point_floor(lam_ref), c->directions, &holds,
                                             &positive)))
                    break;
                frac_min = fmin(frac_min, holds);
                ovp_task_row(out, T_FRACTION, 7,
                             (double[]){(double)n, (double)k, (double)bases[b], eps, (double)c->directions, holds,
                                        positive});
            }
            double pl = NAN, op = NAN, dist = NAN, excess = NAN;
            if (b == 0) { /* the ratios along the sequence from the first base */
                if ((st = ratios(&m, &Dseq, eps, &pl, &op, &dist, &excess)))
                    break;
                if (k == n) { /* at k = n also along the flattest direction */
                    double pl2, op2, d2, ex2;
                    if ((st = ratios(&m, &Deig, eps, &pl2, &op2, &d2, &ex2)))
                        break;
                    pl = fmin(pl, pl2), op = fmin(op, op2);
                }
                pl_min = fmin(pl_min, pl), op_min = fmin(op_min, op);
                if (e == 0)
                    pl_first = pl, op_first = op;
                pl_last = pl, op_last = op;
            }
            ovp_task_row(out, T_LOCAL, 10,
                         (double[]){(double)n, (double)k, (double)bases[b], eps, lam, pl, op, dist, excess, lam_ref});
        }
        worst_hess = fmax(worst_hess, hess_eps);
    }
    double ortho_gap = safran2021_orthonormality_gap(&m.V);
    ovp_mat_free(&Dseq);
    ovp_mat_free(&Deig);
    ovp_mat_free(&warm[0]);
    ovp_mat_free(&warm[1]);
    local_mem_free(&m);
    if (st)
        return ovp_task_fail(out, st, "%s: %s (LAPACK info %d)", key, ovp_status_str(st), ovp_status_lapack_info());
    const char *names[] = {"n", "k", "lambda_ref", "worst_hess", "frac_min", "pl_min", "op_min",
                           "pl_first", "pl_last", "op_first", "op_last", "ortho_gap"};
    const double vals[] = {(double)n, (double)k, lam_ref, worst_hess, with_fraction ? frac_min : NAN, pl_min,
                           op_min, pl_first, pl_last, op_first, op_last, ortho_gap};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        char name[48];
        snprintf(name, sizeof name, "%s%s", prefix, names[i]);
        ovp_task_set(out, name, vals[i]);
    }
    return OVP_OK;
}

int safran2021_local_task(const void *state, size_t index, ovp_task_out *out)
{
    const safran2021_state *s = state;
    const task_desc *t = safran2021_task(s, PART_LOCAL, index);
    int st = local_one(s, t, t->k, "", out);
    if (t->contrast || t->k == t->n)
        return st;
    /* the larger k = n + 2, n + 3 in the same task (one task per local n stays cheap at ci,
     * and each k has its own stream, so the records do not depend on the grouping) */
    for (size_t k = t->k + 1; k <= safran2021_local_k_max(&s->cfg, t->n) && !st; k++) {
        char prefix[24];
        snprintf(prefix, sizeof prefix, "k%zu_", k);
        st = local_one(s, t, k, prefix, out);
    }
    return st;
}
