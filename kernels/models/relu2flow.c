/* kernels/models/relu2flow.c: event-driven gradient flow of the two-layer ReLU net
 * (design in relu2flow.h). */
#include "relu2flow.h"
#include "linalg.h"
#include "status.h"
#include "work.h"

#include <cblas.h>
#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { INACTIVE = 0, ACTIVE = 1, SLIDING = 2 };
enum { EV_Z = 0, EV_EXIT = 1 };
#define SMAX OVP_RELU2FLOW_SMAX
/* Candidate bands and wake-ups use κ_i (1 + 1 %): q = ∫‖r‖ is integrated to
 * eps_rel, not exact, and this keeps the bound |Δz| ≤ κ Δq safe by far more. */
#define KAPPA_MARGIN 1.01
/* Rounds of events at one time before the flow is declared chattering. */
#define SETTLE_ROUNDS 64
/* Illinois iterations per located event; each is one rk8pd re-step. Illinois
 * converges superlinearly, and ~6 suffice to reach z_eps. */
#define LOCATE_ITERS 60
/* An entry found past its threshold by more than this many z_eps was not
 * located (it crossed inside a step that another event cut short, or was
 * pushed by a projection): it is flipped to the side it is on. */
#define FAR_PAST 10.0
/* A step covers at most 1/share of a segment's budget G of ∫‖r‖: every
 * candidate within κ Δq of its threshold is evaluated (O(n)) at each step's
 * end, so long steps (which the error control allows: the flow is linear
 * between events) would evaluate most candidates once per event. share =
 * max(STEP_SHARE, C/(STEP_SHARE_PER_N n)) for C candidates keeps the pops of a
 * step (~C/share) near 8n, the cost of an rk8pd step (13 evaluations, 26n²
 * flops) in O(n) evaluations. Measured: 16 fastest at ci m = 400; C/(8n) cuts
 * a third at n = 80, m = 4000. */
#define STEP_SHARE 16.0
#define STEP_SHARE_PER_N 8.0
/* More than ZENO_EVENTS steps in a row, each ending in events less than
 * ZENO_DT·max(1, t) after the previous ones, stop the flow as chattering. The
 * densest stretches at ci have events ~1e-4 apart (~1e-5 near t = 0); a
 * tangency loop (an entry joining and leaving, or grazing, every z_eps/|ż|)
 * ~1e-8: stopped after about 1e-4 time units. */
#define ZENO_DT 1e-6
#define ZENO_EVENTS 10000

typedef struct { uint32_t i, r; } entry;
typedef struct { double wake; uint32_t c; } wake_item;
typedef struct { uint32_t i, r; double d; int32_t next; } offset; /* δA offset of a non-sliding entry */
typedef struct {
    uint32_t r, cnt;
    uint32_t idx[SMAX];
    double L[SMAX * SMAX]; /* Cholesky factor of K_SS (lower, row-major) */
    double d[SMAX];        /* δA offsets of the sliding entries */
    double lip;            /* its exit functions move by at most lip·Δq (see set_lipschitz) */
    double rounding;       /* bound on the rounding of each entry of its correction (set_rounding) */
    double wake;           /* no exit before q reaches this */
    double wg[SMAX];       /* w(g) at the state of version wg_ver (a cache) */
    uint64_t wg_ver;
} slide_set;
typedef struct { int kind; uint32_t i, r; double f; } event;

struct ovp_relu2flow {
    size_t n, m, dim;
    double inv_sqrt_m;
    const ovp_mat *K;
    const double *a, *y;
    ovp_relu2flow_opts o;
    ovp_mat Z0, Z, A, dA;       /* n×m */
    unsigned char *st, *ever;   /* (i, r) at [r n + i]: state, ever changed */
    double *pt;                 /* (i, r) at [r n + i]: p̃, 1 for active entries, else 0 */
    uint64_t ver;               /* version of ys and of the mode (for the w(g) caches) */
    double k_norm;              /* ‖K‖₂ ≥ ‖H‖₂ for every mode */
    ovp_mat N, Hb, H, Htmp;     /* n×n: P̃P̃ᵀ counts, K∘N/m, the mode matrix, scratch */
    double *kappa;              /* n */
    double *ys, *y0, *yb, *yc, *yhi, *yerr; /* ODE states (2n + 1) */
    double *V0, *V1;            /* n × SMAX */
    gsl_odeiv2_step *step;
    gsl_odeiv2_control *ctl;
    gsl_odeiv2_evolve *evo;
    gsl_odeiv2_system sys;
    double t, h, kappa_max, G, t_seg_end, q_since_record;
    entry *cand;
    size_t n_cand, cap_cand;
    wake_item *heap;
    size_t n_heap, cap_heap;
    offset *off;
    size_t n_off, cap_off;
    int32_t *col_off;           /* m: first offset of a neuron, −1 none */
    slide_set *ss;
    size_t n_ss, cap_ss;
    int32_t *col_ss;            /* m: sliding set of a neuron, −1 none */
    uint32_t *popped;           /* candidates evaluated at the current step */
    size_t n_popped, cap_popped;
    event *evs;
    size_t n_evs, cap_evs;
    uint32_t *woken;            /* neurons whose sliding set was checked at this step */
    size_t cap_woken;
    double *pf;                 /* trigger values of the popped candidates, at the current state */
    size_t cap_pf;
    uint32_t *touched;          /* m: the settle stamp at which a neuron's mode last changed */
    uint32_t stamp;
    double *probe;              /* times probed for excursions */
    size_t cap_probe;
    double lam_exact, weyl, lam_lower_min;
    double corr_rounding;       /* Σ over sliding sets of their entry rounding bounds */
    double k_absmax;            /* max |K_ij| */
    size_t updates;             /* incremental updates of H since it was last formed afresh */
    size_t n_sliding, ever_changed;
    ovp_work ws;
    ovp_relu2flow_stats stats;
};

/* Grows the array whose pointer is at ptr_addr (any T **) to hold need
 * elements of size bytes, doubling its capacity *cap; OVP_ENOMEM keeps it.
 * The pointer moves by memcpy, not through a void ** lvalue (object pointers
 * share void *'s representation on every POSIX system). */
static int grow(void *ptr_addr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return OVP_OK;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    if (c > SIZE_MAX / size)
        return OVP_ENOMEM;
    void *old, *q;
    memcpy(&old, ptr_addr, sizeof old);
    if (!(q = realloc(old, c * size)))
        return OVP_ENOMEM;
    memcpy(ptr_addr, &q, sizeof q);
    *cap = c;
    return OVP_OK;
}

static unsigned char *state(const ovp_relu2flow *f, size_t i, size_t r) { return &f->st[r * f->n + i]; }
static double Kat(const ovp_relu2flow *f, size_t i, size_t j) { return OVP_AT(f->K, i, j); }

static void stop(ovp_relu2flow *f, ovp_relu2flow_stop why)
{
    if (f->stats.stop == OVP_FLOW_RUNNING) {
        f->stats.stop = why;
        f->stats.t_stop = f->t;
    }
}

/* ---------------------------------------------------------------- the right-hand side */

static int rhs(double t, const double y[], double dydt[], void *params)
{
    (void)t;
    const ovp_relu2flow *f = params;
    const int n = (int)f->n;
    cblas_dsymv(CblasRowMajor, CblasUpper, n, -1.0, f->H.data, (int)f->H.ld, y, 1, 0.0, dydt, 1);
    memcpy(dydt + n, y, (size_t)n * sizeof(double));
    dydt[2 * n] = cblas_dnrm2(n, y, 1);
    return GSL_SUCCESS;
}

/* ---------------------------------------------------------------- neuron sums */

/* Σ_j K_kj p̃_jr v_j over the active (non-sliding) entries of neuron r, j ≠ skip. */
static double kp_dot(const ovp_relu2flow *f, size_t k, size_t r, const double *v, size_t skip)
{
    const double *restrict Kk = &OVP_AT(f->K, k, 0), *restrict p = f->pt + r * f->n;
    double acc0 = 0.0, acc1 = 0.0, acc2 = 0.0, acc3 = 0.0;
    size_t j = 0, n = f->n;
    for (; j + 4 <= n; j += 4) {
        acc0 += Kk[j] * p[j] * v[j];
        acc1 += Kk[j + 1] * p[j + 1] * v[j + 1];
        acc2 += Kk[j + 2] * p[j + 2] * v[j + 2];
        acc3 += Kk[j + 3] * p[j + 3] * v[j + 3];
    }
    for (; j < n; j++)
        acc0 += Kk[j] * p[j] * v[j];
    double acc = (acc0 + acc1) + (acc2 + acc3);
    return skip < n ? acc - Kk[skip] * p[skip] * v[skip] : acc;
}

static slide_set *set_of(const ovp_relu2flow *f, size_t r)
{
    int32_t k = f->col_ss[r];
    return k < 0 ? NULL : &f->ss[k];
}

static int set_pos(const slide_set *s, size_t i)
{
    for (uint32_t a = 0; a < s->cnt; a++)
        if (s->idx[a] == i)
            return (int)a;
    return -1;
}

/* Cholesky of K_SS into s->L: 1, or 0 when not positive definite. */
static int set_factor(const ovp_relu2flow *f, slide_set *s)
{
    for (uint32_t a = 0; a < s->cnt; a++)
        for (uint32_t b = 0; b <= a; b++) {
            double sum = Kat(f, s->idx[a], s->idx[b]);
            for (uint32_t k = 0; k < b; k++)
                sum -= s->L[a * SMAX + k] * s->L[b * SMAX + k];
            if (a == b) {
                if (!(sum > 0.0))
                    return 0;
                s->L[a * SMAX + a] = sqrt(sum);
            } else {
                s->L[a * SMAX + b] = sum / s->L[b * SMAX + b];
            }
        }
    return 1;
}

/* x ← L⁻¹ x (forward) and x ← K_SS⁻¹ x (both triangles). */
static void set_lsolve(const slide_set *s, double *x)
{
    for (uint32_t a = 0; a < s->cnt; a++) {
        for (uint32_t k = 0; k < a; k++)
            x[a] -= s->L[a * SMAX + k] * x[k];
        x[a] /= s->L[a * SMAX + a];
    }
}

static void set_solve(const slide_set *s, double *x)
{
    set_lsolve(s, x);
    for (uint32_t a = s->cnt; a-- > 0;) {
        for (uint32_t k = a + 1; k < s->cnt; k++)
            x[a] -= s->L[k * SMAX + a] * x[k];
        x[a] /= s->L[a * SMAX + a];
    }
}

/* w_S = −K_SS⁻¹ K_{S,:}(p̃_r ∘ v): applied to r, θ_S ∘ r_S; applied to g, the
 * sliding entries' share of δA. */
static void set_w(const ovp_relu2flow *f, const slide_set *s, const double *v, double *w)
{
    for (uint32_t a = 0; a < s->cnt; a++)
        w[a] = kp_dot(f, s->idx[a], s->r, v, SIZE_MAX);
    set_solve(s, w);
    for (uint32_t a = 0; a < s->cnt; a++)
        w[a] = -w[a];
}

/* w(g) at the current state ys, cached until ys or the mode changes. */
static const double *set_wg(const ovp_relu2flow *f, slide_set *s)
{
    if (s->wg_ver != f->ver) {
        set_w(f, s, f->ys + f->n, s->wg);
        s->wg_ver = f->ver;
    }
    return s->wg;
}

/* V = D̃_r K_{:,S} L⁻ᵀ (n × cnt, ld SMAX), so the neuron's correction is VVᵀ/m. */
static void set_v(const ovp_relu2flow *f, const slide_set *s, double *V)
{
    const unsigned char *st = f->st + (size_t)s->r * f->n;
    for (size_t j = 0; j < f->n; j++) {
        double *v = V + j * SMAX;
        for (uint32_t a = 0; a < s->cnt; a++)
            v[a] = st[j] == ACTIVE ? Kat(f, j, s->idx[a]) : 0.0;
        if (st[j] == ACTIVE)
            set_lsolve(s, v);
    }
}

/* H += sign·VVᵀ/m; returns ‖VVᵀ‖_F/m = ‖VᵀV‖_F/m. */
static double h_rank_update(ovp_relu2flow *f, const double *V, size_t cnt, double sign)
{
    if (cnt == 0)
        return 0.0;
    f->updates++;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)f->n, (int)f->n, (int)cnt, sign / (double)f->m,
                V, SMAX, V, SMAX, 1.0, f->H.data, (int)f->H.ld);
    double g[SMAX * SMAX], s2 = 0.0;
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)cnt, (int)cnt, (int)f->n, 1.0, V, SMAX, V, SMAX,
                0.0, g, SMAX);
    for (size_t a = 0; a < cnt; a++)
        for (size_t b = 0; b < cnt; b++)
            s2 += g[a * SMAX + b] * g[a * SMAX + b];
    return sqrt(s2) / (double)f->m;
}

/* ---------------------------------------------------------------- δA and z */

static double *offset_find(const ovp_relu2flow *f, size_t i, size_t r)
{
    for (int32_t o = f->col_off[r]; o >= 0; o = f->off[o].next)
        if (f->off[o].i == i)
            return &f->off[o].d;
    return NULL;
}

static int offset_set(ovp_relu2flow *f, size_t i, size_t r, double d)
{
    double *p = offset_find(f, i, r);
    if (p) {
        *p = d;
        return OVP_OK;
    }
    if (d == 0.0)
        return OVP_OK;
    if (grow(&f->off, &f->cap_off, f->n_off + 1, sizeof *f->off))
        return OVP_ENOMEM;
    f->off[f->n_off] = (offset){(uint32_t)i, (uint32_t)r, d, f->col_off[r]};
    f->col_off[r] = (int32_t)f->n_off++;
    return OVP_OK;
}

/* δA_ir = A_ir(t) − A_ir(segment start) at g. */
static double entry_dA(const ovp_relu2flow *f, size_t i, size_t r, const double *g)
{
    if (*state(f, i, r) == SLIDING) {
        const slide_set *s = set_of(f, r);
        double w[SMAX];
        set_w(f, s, g, w);
        int a = set_pos(s, i);
        return w[a] + s->d[a];
    }
    const double *d = offset_find(f, i, r);
    return (*state(f, i, r) == ACTIVE ? g[i] : 0.0) + (d ? *d : 0.0);
}

/* z_kr at the ODE state y. */
static double z_at(const ovp_relu2flow *f, size_t k, size_t r, const double *y)
{
    const double *g = y + f->n;
    double acc = kp_dot(f, k, r, g, SIZE_MAX);
    for (int32_t o = f->col_off[r]; o >= 0; o = f->off[o].next)
        acc += Kat(f, k, f->off[o].i) * f->off[o].d;
    slide_set *s = set_of(f, r);
    if (s) {
        double wl[SMAX];
        const double *w = wl;
        if (y == f->ys)
            w = set_wg(f, s);
        else
            set_w(f, s, g, wl);
        for (uint32_t a = 0; a < s->cnt; a++)
            acc += Kat(f, k, s->idx[a]) * (w[a] + s->d[a]);
    }
    return OVP_AT(&f->Z, k, r) - f->a[r] * f->inv_sqrt_m * acc;
}

/* ≥ 0 when entry (k, r) has passed its threshold: an active entry at z ≤ −z_eps,
 * an inactive one at z ≥ z_eps. −1 for a sliding entry. */
static double z_trigger(const ovp_relu2flow *f, size_t k, size_t r, const double *y)
{
    unsigned char s = *state(f, k, r);
    if (s == SLIDING)
        return -1.0;
    double z = z_at(f, k, r, y);
    return s == ACTIVE ? -z - f->o.z_eps : z - f->o.z_eps;
}

/* A sliding entry needs θ_i = w_i/r_i ∈ (0, 1) with the field attracting:
 * a_r w_i > 0 and a_r (r_i − w_i) > 0. These are ≥ 0 when it has left to the
 * inactive side (θ < −tol) and to the active side (θ > 1 + tol), tol relative
 * to |r_i|. Leaving takes tol = θ_eps, joining only θ_eps/2 (decide): at a
 * tangency (θ → 0 or 1, one side's velocity → 0) the two tests would otherwise
 * disagree in rounding and the entry would join and leave every z_eps/|ż|. */
static double leave_inactive(double ar, double ri, double w, double tol) { return -ar * w - tol * fabs(ri); }
static double leave_active(double ar, double ri, double w, double tol) { return -ar * (ri - w) - tol * fabs(ri); }

/* θ_eps = z_eps: θ ∈ [0, 1] and z = O(1) share a scale, and an exit θ_eps late
 * moves z by θ_eps |K_ii r_i| (t − t_exit)/√m, below the flip tolerance. */
static double theta_eps(const ovp_relu2flow *f) { return f->o.z_eps; }

/* ≥ 0 when a sliding set of neuron r should lose an entry: the largest of the
 * leave tests over the set. */
static double exit_trigger(const ovp_relu2flow *f, size_t r, const double *y)
{
    const slide_set *s = set_of(f, r);
    if (!s)
        return -1.0;
    double w[SMAX], worst = -INFINITY, ar = f->a[r], tol = theta_eps(f);
    set_w(f, s, y, w);
    for (uint32_t a = 0; a < s->cnt; a++) {
        double ri = y[s->idx[a]];
        worst = fmax(worst, fmax(leave_inactive(ar, ri, w[a], tol), leave_active(ar, ri, w[a], tol)));
    }
    return worst;
}

static double event_f(const ovp_relu2flow *f, const event *e, const double *y)
{
    return e->kind == EV_Z ? z_trigger(f, e->i, e->r, y) : exit_trigger(f, e->r, y);
}

/* ---------------------------------------------------------------- λ_min(H) along the flow */

/* λ_min of the current H, and the part of its rounding error beyond that of
 * K∘N/m (which the caller knows, as for H(k) of GD): the sliding corrections
 * (set_rounding) and the incremental updates since H was last formed afresh
 * (each adds one rounding to an entry of size ≤ 2 max|K|), times n for ‖·‖₂. */
static int lambda_exact(ovp_relu2flow *f, double *lam)
{
    int st = ovp_mat_copy(&f->H, &f->Htmp);
    if (st)
        return st;
    f->stats.eig_evals++;
    const double u = DBL_EPSILON / 2;
    double per_entry = fmax(f->corr_rounding, 0.0) + (double)f->updates * u * 2.0 * f->k_absmax;
    f->stats.h_rounding = fmax(f->stats.h_rounding, (double)f->n * per_entry);
    return ovp_linalg_eig_min(&f->Htmp, lam, &f->ws);
}

/* After H changed by ‖ΔH‖_F ≤ dnorm: the Weyl lower bound λ_exact − Σ‖ΔH‖,
 * recomputed exactly once the changes have used up LAMBDA_BUDGET of the gap
 * between the last exact value and the floor (and at every change once below
 * it). The certified minimum then stays a fair picture of the exact one. */
#define LAMBDA_BUDGET 0.5
static int lambda_track(ovp_relu2flow *f, double dnorm)
{
    f->weyl += dnorm;
    double lower = f->lam_exact - f->weyl;
    if (lower < f->o.lambda_floor + (1.0 - LAMBDA_BUDGET) * fmax(f->lam_exact - f->o.lambda_floor, 0.0)) {
        int st = lambda_exact(f, &f->lam_exact);
        if (st)
            return st;
        f->weyl = 0.0;
        lower = f->lam_exact;
    }
    f->lam_lower_min = fmin(f->lam_lower_min, lower);
    return OVP_OK;
}

/* ---------------------------------------------------------------- mode changes */

/* p̃_ir ← p̃_ir + delta (±1): N and H on row and column i. Returns ‖ΔH‖_F. */
static double pattern_update(ovp_relu2flow *f, size_t i, size_t r, int delta)
{
    f->updates++;
    const unsigned char *s = f->st + r * f->n;
    const double inv_m = 1.0 / (double)f->m;
    double s2 = 0.0;
    for (size_t j = 0; j < f->n; j++) {
        if (j != i && s[j] != ACTIVE)
            continue;
        OVP_AT(&f->N, i, j) += delta;
        if (j != i)
            OVP_AT(&f->N, j, i) += delta;
        double hb = Kat(f, i, j) * OVP_AT(&f->N, i, j) * inv_m, dh = hb - OVP_AT(&f->Hb, i, j);
        OVP_AT(&f->Hb, i, j) = hb;
        OVP_AT(&f->Hb, j, i) = hb;
        OVP_AT(&f->H, i, j) += dh;
        if (j != i)
            OVP_AT(&f->H, j, i) += dh;
        s2 += (j == i ? 1.0 : 2.0) * dh * dh;
    }
    return sqrt(s2);
}

static void mark_changed(ovp_relu2flow *f, size_t i, size_t r)
{
    unsigned char *e = &f->ever[r * f->n + i];
    f->ever_changed += !*e;
    *e = 1;
}

/* Appends a candidate (an entry that left its sliding set) to the popped ones;
 * its trigger value is filled in by settle (its neuron was touched). */
static int popped_add(ovp_relu2flow *f, size_t i, size_t r)
{
    if (grow(&f->cand, &f->cap_cand, f->n_cand + 1, sizeof *f->cand) ||
        grow(&f->popped, &f->cap_popped, f->n_popped + 1, sizeof *f->popped) ||
        grow(&f->pf, &f->cap_pf, f->n_popped + 1, sizeof *f->pf))
        return OVP_ENOMEM;
    f->cand[f->n_cand] = (entry){(uint32_t)i, (uint32_t)r};
    f->pf[f->n_popped] = -INFINITY;
    f->popped[f->n_popped++] = (uint32_t)f->n_cand++;
    return OVP_OK;
}

static void set_remove_at(ovp_relu2flow *f, size_t r)
{
    int32_t k = f->col_ss[r], last = (int32_t)f->n_ss - 1;
    if (k != last) {
        f->ss[k] = f->ss[last];
        f->col_ss[f->ss[k].r] = k;
    }
    f->col_ss[r] = -1;
    f->n_ss--;
}

/* The exit functions −a_r w_a and −a_r (r_i − w_a) of a set are linear in r,
 * w = B r with B = −K_SS⁻¹K_{S,:}D̃ = −L⁻ᵀVᵀ fixed while the neuron's mode is, and
 * ‖Δr‖ = ‖∫Hr‖ ≤ ‖K‖₂ Δq (H ⪯ (1/m)Σ_r D_r K D_r for every mode): they move
 * by at most ‖K‖₂ (1 + max_a ‖B_a‖) Δq. */
static void set_lipschitz(ovp_relu2flow *f, slide_set *s, const double *V)
{
    double b2[SMAX] = {0};
    for (size_t j = 0; j < f->n; j++) {
        double x[SMAX];
        memcpy(x, V + j * SMAX, s->cnt * sizeof(double));
        for (uint32_t a = s->cnt; a-- > 0;) { /* x ← L⁻ᵀ x */
            for (uint32_t k = a + 1; k < s->cnt; k++)
                x[a] -= s->L[k * SMAX + a] * x[k];
            x[a] /= s->L[a * SMAX + a];
        }
        for (uint32_t a = 0; a < s->cnt; a++)
            b2[a] += x[a] * x[a];
    }
    double bmax = 0.0;
    for (uint32_t a = 0; a < s->cnt; a++)
        bmax = fmax(bmax, sqrt(b2[a]));
    s->lip = KAPPA_MARGIN * f->k_norm * (1.0 + bmax);
    s->wake = -INFINITY;
}

/* Rounding of the correction K_{:S}K_SS⁻¹K_{S,:}/m, per entry, to first order:
 * entry (i, j) is k_iᵀ K_SS⁻¹ k_j with ‖k_i‖ ≤ √s max|K| (s = |S|), formed by
 * Cholesky (Higham, Thm 10.3: a backward error ≤ γ_{s+1}|L||Lᵀ|, norm ≤
 * (s+1)u‖K_SS‖ up to s), two triangular solves (Thm 8.5: γ_s) and a dot
 * product (γ_s ‖v_i‖‖v_j‖, ‖v_i‖² ≤ ‖k_i‖²/λ_min). A perturbation E of K_SS moves
 * the entry by ≤ ‖k_i‖‖k_j‖‖E‖/λ_min², so the entry is within
 * (s² max|K|² u / m)(3(s + 1) λ_max/λ_min² + 1/λ_min), the 3 counting the
 * factorisation and both solves; eigenvalues of K_SS by dsyevr (s ≤ SMAX). */
static int set_rounding(ovp_relu2flow *f, slide_set *s)
{
    double kss[SMAX * SMAX], w[SMAX];
    ovp_mat A = ovp_mat_view(kss, s->cnt, s->cnt);
    for (uint32_t a = 0; a < s->cnt; a++)
        for (uint32_t b = 0; b < s->cnt; b++)
            kss[a * s->cnt + b] = Kat(f, s->idx[a], s->idx[b]);
    int st = ovp_linalg_eig_sym(&A, w, NULL, &f->ws);
    if (st)
        return st;
    const double u = DBL_EPSILON / 2, c = (double)s->cnt, lmin = w[0], lmax = w[s->cnt - 1];
    s->rounding = lmin > 0.0 ? c * c * f->k_absmax * f->k_absmax * u / (double)f->m *
                                   (3.0 * (c + 1.0) * lmax / (lmin * lmin) + 1.0 / lmin)
                             : INFINITY;
    return OVP_OK;
}

/* Entries ei of neuron r take the states enew at the current time, keeping δA
 * continuous (offsets), N, H and the neuron's sliding correction up to date. */
static int transition(ovp_relu2flow *f, size_t r, const uint32_t *ei, const unsigned char *enew, size_t ne)
{
    const size_t n = f->n;
    const double *g = f->ys + n;
    slide_set *s = set_of(f, r);
    f->ver++;
    f->touched[r] = f->stamp;
    uint32_t who[2 * SMAX + 2];
    double old[2 * SMAX + 2], w[SMAX];
    size_t nw = 0;
    if (s) {
        set_w(f, s, g, w);
        for (uint32_t a = 0; a < s->cnt; a++) {
            who[nw] = s->idx[a];
            old[nw++] = w[a] + s->d[a];
        }
        set_v(f, s, f->V0);
        f->corr_rounding -= s->rounding;
    }
    size_t cnt_old = s ? s->cnt : 0;
    for (size_t e = 0; e < ne; e++)
        if (*state(f, ei[e], r) != SLIDING) {
            who[nw] = ei[e];
            old[nw++] = entry_dA(f, ei[e], r, g);
        }
    double dnorm = 0.0;
    for (size_t e = 0; e < ne; e++) {
        size_t i = ei[e];
        unsigned char *sp = state(f, i, r), was = *sp, now = enew[e];
        if (was == now)
            continue;
        if ((was == ACTIVE) != (now == ACTIVE)) {
            *sp = INACTIVE; /* pattern_update reads the other entries of the neuron only */
            dnorm += pattern_update(f, i, r, now == ACTIVE ? 1 : -1);
        }
        if (was == SLIDING) {
            int a = set_pos(s, i);
            s->idx[a] = s->idx[s->cnt - 1];
            s->d[a] = s->d[s->cnt - 1];
            s->cnt--;
            f->n_sliding--;
            f->stats.slide_exit++;
        }
        if (now == SLIDING) {
            if (!s) {
                if (grow(&f->ss, &f->cap_ss, f->n_ss + 1, sizeof *f->ss))
                    return OVP_ENOMEM;
                f->col_ss[r] = (int32_t)f->n_ss;
                s = &f->ss[f->n_ss++];
                *s = (slide_set){.r = (uint32_t)r, .wg_ver = UINT64_MAX, .rounding = 0.0};
            }
            s->idx[s->cnt++] = (uint32_t)i;
            f->n_sliding++;
            f->stats.slide_enter++;
            if (isnan(f->stats.t_first_sliding))
                f->stats.t_first_sliding = f->t;
        }
        if (was != SLIDING && now != SLIDING)
            f->stats.flips++;
        *sp = now;
        f->pt[r * n + i] = now == ACTIVE;
        mark_changed(f, i, r);
    }
    /* H = Hb − Σ VVᵀ/m: the neuron's old correction (V0, from the old states) back in */
    double c0 = h_rank_update(f, f->V0, cnt_old, +1.0);
    /* offsets of the entries now off their surfaces */
    for (size_t k = 0; k < nw; k++) {
        size_t i = who[k];
        unsigned char now = *state(f, i, r);
        if (now != SLIDING) {
            if (offset_set(f, i, r, old[k] - (now == ACTIVE ? g[i] : 0.0)))
                return OVP_ENOMEM;
        } else if (offset_find(f, i, r)) {
            offset_set(f, i, r, 0.0);
        }
    }
    double c1 = 0.0;
    if (s && s->cnt == 0) {
        set_remove_at(f, r);
        s = NULL;
    } else if (s) {
        if (!set_factor(f, s)) {
            stop(f, OVP_FLOW_STOP_SINGULAR);
            return OVP_OK;
        }
        set_w(f, s, g, w);
        for (uint32_t a = 0; a < s->cnt; a++)
            for (size_t k = 0; k < nw; k++)
                if (who[k] == s->idx[a])
                    s->d[a] = old[k] - w[a];
        set_v(f, s, f->V1);
        c1 = h_rank_update(f, f->V1, s->cnt, -1.0);
        set_lipschitz(f, s, f->V1);
        int st = set_rounding(f, s);
        if (st)
            return st;
        f->corr_rounding += s->rounding;
        if (s->cnt > f->stats.max_sliding_per_neuron)
            f->stats.max_sliding_per_neuron = s->cnt;
    }
    if (f->n_sliding > f->stats.max_sliding)
        f->stats.max_sliding = f->n_sliding;
    /* ‖ΔH‖ ≤ ‖ΔHb‖_F + ‖old correction‖ + ‖new correction‖ */
    return lambda_track(f, dnorm + c0 + c1);
}

/* Moves the entries P = S_r ∪ {extra} (extra = SIZE_MAX for none) exactly onto
 * their surfaces z = 0: δA_P += a_r √m K_PP⁻¹ z_P, i.e. w_r moves by ≤ ‖z_P‖. */
static int project(ovp_relu2flow *f, size_t r, size_t extra)
{
    const slide_set *s = set_of(f, r);
    slide_set p = {.r = (uint32_t)r, .cnt = 0};
    if (s)
        p = *s;
    if (extra != SIZE_MAX && p.cnt == SMAX) /* a full set: the grazing entry alone (the set's */
        p.cnt = 0;                          /* z then move by ≤ 2 z_eps, and stay frozen)   */
    if (extra != SIZE_MAX)
        p.idx[p.cnt++] = (uint32_t)extra;
    if (p.cnt == 0)
        return OVP_OK;
    f->touched[r] = f->stamp;
    if (!set_factor(f, &p)) {
        stop(f, OVP_FLOW_STOP_SINGULAR);
        return OVP_OK;
    }
    double z[SMAX + 1];
    for (uint32_t a = 0; a < p.cnt; a++)
        z[a] = z_at(f, p.idx[a], r, f->ys);
    set_solve(&p, z);
    const double scale = f->a[r] / f->inv_sqrt_m;
    slide_set *sm = set_of(f, r);
    for (uint32_t a = 0; a < p.cnt; a++) {
        size_t i = p.idx[a];
        if (*state(f, i, r) == SLIDING) {
            sm->d[set_pos(sm, i)] += scale * z[a];
        } else {
            double *d = offset_find(f, i, r);
            if (offset_set(f, i, r, (d ? *d : 0.0) + scale * z[a]))
                return OVP_ENOMEM;
        }
    }
    return OVP_OK;
}

/* The velocities ż_kr of entry k of neuron r were it active or inactive, the
 * neuron's sliding entries held on their surfaces. */
static void velocities(const ovp_relu2flow *f, size_t k, size_t r, double *v_act, double *v_inact)
{
    const double *rv = f->ys;
    double base = kp_dot(f, k, r, rv, k), mkk = Kat(f, k, k);
    const slide_set *s = set_of(f, r);
    if (s) {
        double b[SMAX] = {0}, c[SMAX] = {0}, c2[SMAX] = {0};
        for (uint32_t a = 0; a < s->cnt; a++) {
            b[a] = kp_dot(f, s->idx[a], r, rv, k);
            c[a] = c2[a] = Kat(f, s->idx[a], k);
        }
        set_solve(s, b);
        for (uint32_t a = 0; a < s->cnt; a++)
            base -= Kat(f, k, s->idx[a]) * b[a];
        set_solve(s, c2);
        for (uint32_t a = 0; a < s->cnt; a++)
            mkk -= c[a] * c2[a];
    }
    double sc = -f->a[r] * f->inv_sqrt_m;
    *v_inact = sc * base;
    *v_act = sc * (base + mkk * rv[k]);
}

/* Entries of neuron r's sliding set whose θ left (0, 1) leave it, to the side
 * it left by; repeated until the set is consistent. */
static int validate(ovp_relu2flow *f, size_t r)
{
    for (int round = 0; round <= SMAX + 1; round++) {
        const slide_set *s = set_of(f, r);
        if (!s || f->stats.stop)
            return OVP_OK;
        double w[SMAX], ar = f->a[r], tol = theta_eps(f);
        set_w(f, s, f->ys, w);
        uint32_t ei[SMAX];
        unsigned char en[SMAX];
        size_t ne = 0;
        for (uint32_t a = 0; a < s->cnt; a++) {
            double ri = f->ys[s->idx[a]];
            int to_inactive = leave_inactive(ar, ri, w[a], tol) >= 0.0;
            int to_active = leave_active(ar, ri, w[a], tol) >= 0.0;
            if (!to_inactive && !to_active)
                continue;
            if (to_inactive && to_active)
                f->stats.repelling++;
            ei[ne] = s->idx[a];
            en[ne++] = to_inactive ? INACTIVE : ACTIVE;
        }
        if (ne == 0)
            return OVP_OK;
        int st = transition(f, r, ei, en, ne);
        for (size_t k = 0; k < ne && !st; k++)
            st = popped_add(f, ei[k], r);
        if (st)
            return st;
    }
    stop(f, OVP_FLOW_STOP_UNRESOLVED);
    return OVP_OK;
}

/* 1 when entry k of neuron r, on its surface, slides: with it added to the
 * neuron's sliding set S, its θ_k is within [−θ_eps/2, 1 + θ_eps/2]. By block
 * elimination θ_k = −(M q̃)_k/(M_kk r_k), M = K − K_{:S}K_SS⁻¹K_{S:}, so this is
 * v_act < 0 < v_inact with S held (velocities), up to that margin; entries of S
 * that leave once k slides are then evicted by validate. −1 when it would slide
 * but the set is full (the flow stops), 0 otherwise. */
static int joins_sliding(ovp_relu2flow *f, size_t k, size_t r)
{
    const slide_set *s = set_of(f, r);
    slide_set p = {.r = (uint32_t)r, .cnt = 0};
    if (s)
        p = *s;
    if (p.cnt == SMAX || p.cnt + 1 > f->o.max_sliding) {
        double v_act, v_inact;
        velocities(f, k, r, &v_act, &v_inact);
        if (v_act < 0.0 && v_inact > 0.0) {
            stop(f, OVP_FLOW_STOP_SLIDING_LIMIT);
            return -1;
        }
        return 0;
    }
    p.idx[p.cnt++] = (uint32_t)k;
    if (!set_factor(f, &p))
        return 0;
    double *pk = &f->pt[r * f->n + k], keep = *pk, w[SMAX], ar = f->a[r], tol = 0.5 * theta_eps(f);
    *pk = 0.0; /* p̃_k = 0 while it slides */
    set_w(f, &p, f->ys, w);
    *pk = keep;
    const uint32_t a = p.cnt - 1;
    const double rk = f->ys[k];
    return leave_inactive(ar, rk, w[a], tol) < 0.0 && leave_active(ar, rk, w[a], tol) < 0.0;
}

/* Entry (k, r) has passed its threshold by fv: flip, slide or graze. */
static int decide(ovp_relu2flow *f, size_t k, size_t r, double fv)
{
    unsigned char was = *state(f, k, r), now;
    uint32_t ki = (uint32_t)k;
    if (fv > FAR_PAST * f->o.z_eps) { /* not located: it is on the other side */
        f->stats.missed++;
        now = was == ACTIVE ? INACTIVE : ACTIVE;
        return transition(f, r, &ki, &now, 1);
    }
    double v_act, v_inact;
    velocities(f, k, r, &v_act, &v_inact);
    if (v_act > 0.0 && v_inact < 0.0)
        f->stats.repelling++;
    int joins = joins_sliding(f, k, r);
    if (joins < 0)
        return OVP_OK; /* stopped */
    if (joins) { /* both sides point into z = 0: Filippov sliding */
        now = SLIDING;
        int st = transition(f, r, &ki, &now, 1);
        return st ? st : project(f, r, SIZE_MAX);
    }
    if (was == ACTIVE ? v_inact < 0.0 : v_act > 0.0) { /* the new side carries it away */
        now = was == ACTIVE ? INACTIVE : ACTIVE;
        return transition(f, r, &ki, &now, 1);
    }
    /* both sides carry it back: it touched z = 0 and stays */
    f->stats.grazing++;
    return project(f, r, k);
}

/* Events at the current time: every popped candidate and sliding set past its
 * threshold, until none is. On entry f->pf holds the popped candidates' trigger
 * values at the current state; a mode change moves no z except by a projection
 * in its own neuron, so only candidates of the neurons touched since (stamp)
 * are evaluated again. On return f->pf is current. */
static int settle(ovp_relu2flow *f)
{
    f->stamp++;
    for (int round = 0; round < SETTLE_ROUNDS; round++) {
        int any = 0;
        for (size_t p = 0; p < f->n_popped && !f->stats.stop; p++) {
            const entry *c = &f->cand[f->popped[p]];
            if (f->touched[c->r] == f->stamp) {
                f->stats.evaluations++;
                f->pf[p] = z_trigger(f, c->i, c->r, f->ys);
            }
            double fv = f->pf[p];
            if (fv < 0.0)
                continue;
            any = 1;
            int st = decide(f, c->i, c->r, fv);
            if (!st)
                st = validate(f, c->r);
            if (st)
                return st;
        }
        for (size_t k = 0; k < f->n_ss && !f->stats.stop; k++) {
            size_t r = f->ss[k].r;
            if (f->ss[k].wake > f->ys[2 * f->n] || exit_trigger(f, r, f->ys) < 0.0)
                continue;
            any = 1;
            int st = validate(f, r);
            if (st)
                return st;
            k = (size_t)-1; /* the sets moved: start over */
        }
        if (!any || f->stats.stop)
            return OVP_OK;
        f->stats.events++;
        if (f->o.max_events && f->stats.events >= f->o.max_events) {
            stop(f, OVP_FLOW_STOP_EVENT_LIMIT);
            return OVP_OK;
        }
    }
    stop(f, OVP_FLOW_STOP_CHATTER);
    return OVP_OK;
}

/* ---------------------------------------------------------------- candidates */

static void heap_push(ovp_relu2flow *f, double wake, uint32_t c)
{
    size_t k = f->n_heap++;
    while (k > 0) {
        size_t p = (k - 1) / 2;
        if (f->heap[p].wake <= wake)
            break;
        f->heap[k] = f->heap[p];
        k = p;
    }
    f->heap[k] = (wake_item){wake, c};
}

static wake_item heap_pop(ovp_relu2flow *f)
{
    wake_item top = f->heap[0], last = f->heap[--f->n_heap];
    size_t k = 0;
    for (;;) {
        size_t c = 2 * k + 1;
        if (c >= f->n_heap)
            break;
        if (c + 1 < f->n_heap && f->heap[c + 1].wake < f->heap[c].wake)
            c++;
        if (last.wake <= f->heap[c].wake)
            break;
        f->heap[k] = f->heap[c];
        k = c;
    }
    if (f->n_heap)
        f->heap[k] = last;
    return top;
}

/* The value of q at which candidate c could first reach its threshold, from
 * its trigger value fv at the current state: |Δz| ≤ κ Δq; 2 z_eps spare for
 * projections. */
static double wake_of(const ovp_relu2flow *f, uint32_t c, double fv)
{
    const entry *e = &f->cand[c];
    double gap = -fv - 2.0 * f->o.z_eps;
    return f->ys[2 * f->n] + fmax(gap, 0.0) / (KAPPA_MARGIN * f->kappa[e->i]);
}

/* The popped candidates back into the heap, from their current trigger values. */
static int reinsert_popped(ovp_relu2flow *f)
{
    if (grow(&f->heap, &f->cap_heap, f->n_heap + f->n_popped, sizeof *f->heap))
        return OVP_ENOMEM;
    for (size_t p = 0; p < f->n_popped; p++) {
        uint32_t c = f->popped[p];
        if (*state(f, f->cand[c].i, f->cand[c].r) != SLIDING)
            heap_push(f, wake_of(f, c, f->pf[p]), c);
    }
    f->n_popped = 0;
    return OVP_OK;
}

/* New segment at the current time: candidates and their wake-ups (at a
 * segment start z = Z: g, q and the offsets are 0), the end time; with
 * fresh_h, H is formed afresh (Hb − Σ_r V_r V_rᵀ/m: no drift from the
 * incremental updates). Records keep the updated H, which the tests compare
 * with a recomputation. */
static int segment_start(ovp_relu2flow *f, int fresh_h)
{
    const size_t n = f->n, m = f->m;
    if (fresh_h) {
        int st = ovp_mat_copy(&f->Hb, &f->H);
        if (st)
            return st;
        for (size_t k = 0; k < f->n_ss; k++) {
            set_v(f, &f->ss[k], f->V0);
            h_rank_update(f, f->V0, f->ss[k].cnt, -1.0);
        }
        f->updates = 0;
    }
    f->n_cand = f->n_heap = f->n_popped = 0;
    for (size_t i = 0; i < n; i++) {
        const double kq = KAPPA_MARGIN * f->kappa[i], band = kq * f->G + 2.0 * f->o.z_eps;
        const double *z = &OVP_AT(&f->Z, i, 0);
        for (size_t r = 0; r < m; r++) {
            unsigned char s = *state(f, i, r);
            if (s == SLIDING || fabs(z[r]) > band)
                continue;
            if (grow(&f->cand, &f->cap_cand, f->n_cand + 1, sizeof *f->cand) ||
                grow(&f->heap, &f->cap_heap, f->n_heap + 1, sizeof *f->heap) ||
                grow(&f->popped, &f->cap_popped, f->n_popped + 1, sizeof *f->popped))
                return OVP_ENOMEM;
            double fv = s == ACTIVE ? -z[r] - f->o.z_eps : z[r] - f->o.z_eps;
            uint32_t c = (uint32_t)f->n_cand;
            f->cand[f->n_cand++] = (entry){(uint32_t)i, (uint32_t)r};
            if (fv >= 0.0) { /* past its threshold: a flip no event caught, handled now */
                f->stats.missed++;
                if (grow(&f->pf, &f->cap_pf, f->n_popped + 1, sizeof *f->pf))
                    return OVP_ENOMEM;
                f->pf[f->n_popped] = fv;
                f->popped[f->n_popped++] = c;
            } else {
                heap_push(f, fmax(-fv - 2.0 * f->o.z_eps, 0.0) / kq, c);
            }
        }
    }
    if (f->n_cand > f->stats.max_candidates)
        f->stats.max_candidates = f->n_cand;
    int st = OVP_OK;
    if (f->n_popped) {
        st = settle(f);
        if (!st)
            st = reinsert_popped(f);
    }
    double rn = cblas_dnrm2((int)n, f->ys, 1);
    f->t_seg_end = rn > 0.0 ? f->t + f->G / rn : INFINITY;
    gsl_odeiv2_evolve_reset(f->evo);
    return st;
}

/* Folds the segment into A and Z (one dgemm) and resets g and q. */
static int fold(ovp_relu2flow *f)
{
    const size_t n = f->n, m = f->m;
    double *g = f->ys + n;
    f->stats.segments++;
    for (size_t i = 0; i < n; i++) {
        double *row = &OVP_AT(&f->dA, i, 0);
        for (size_t r = 0; r < m; r++)
            row[r] = *state(f, i, r) == ACTIVE ? g[i] : 0.0;
    }
    for (size_t o = 0; o < f->n_off; o++)
        OVP_AT(&f->dA, f->off[o].i, f->off[o].r) += f->off[o].d;
    for (size_t k = 0; k < f->n_ss; k++) {
        slide_set *s = &f->ss[k];
        double w[SMAX];
        set_w(f, s, g, w);
        for (uint32_t a = 0; a < s->cnt; a++) {
            OVP_AT(&f->dA, s->idx[a], s->r) = w[a] + s->d[a];
            s->d[a] = 0.0;
        }
    }
    for (size_t o = 0; o < f->n_off; o++)
        f->col_off[f->off[o].r] = -1;
    f->n_off = 0;
    for (size_t i = 0; i < n; i++) {
        double *da = &OVP_AT(&f->dA, i, 0), *acc = &OVP_AT(&f->A, i, 0);
        for (size_t r = 0; r < m; r++) {
            acc[r] += da[r];
            da[r] *= f->a[r];
        }
    }
    int st = ovp_linalg_gemm(-f->inv_sqrt_m, f->K, 0, &f->dA, 0, 1.0, &f->Z); /* Z −= K δA diag(a)/√m */
    f->q_since_record += f->ys[2 * n];
    for (size_t k = 0; k < f->n_ss; k++)
        f->ss[k].wake -= f->ys[2 * n];
    memset(g, 0, (n + 1) * sizeof(double));
    f->ver++;
    return st;
}

/* ---------------------------------------------------------------- integration */

/* y(t0 + h) from y0 by one rk8pd step (into yc). */
static int restep(ovp_relu2flow *f, double t0, double h)
{
    memcpy(f->yc, f->y0, f->dim * sizeof(double));
    f->stats.locate_steps++;
    return gsl_odeiv2_step_apply(f->step, t0, h, f->yc, f->yerr, NULL, NULL, &f->sys) == GSL_SUCCESS ? OVP_OK
                                                                                                  : OVP_EDOM;
}

static int add_event(ovp_relu2flow *f, int kind, size_t i, size_t r, double fv)
{
    if (grow(&f->evs, &f->cap_evs, f->n_evs + 1, sizeof *f->evs))
        return OVP_ENOMEM;
    f->evs[f->n_evs++] = (event){kind, (uint32_t)i, (uint32_t)r, fv};
    return OVP_OK;
}

/* The first event of the step (t0, t1]: f->ys = y(t1) on entry, y(τ) on return,
 * with f->t = τ where the earliest triggered entry has passed its threshold by
 * at most its tolerance (or the bracket shrank to rounding). */
static int locate(ovp_relu2flow *f, double t0)
{
    const double ftol_exit = f->o.z_eps * fmax(fabs(f->y0[cblas_idamax((int)f->n, f->y0, 1)]), 1e-300);
    double hi = f->t;
    memcpy(f->yhi, f->ys, f->dim * sizeof(double));
    for (int round = 0; round < LOCATE_ITERS; round++) {
        size_t target = SIZE_MAX;
        double best = INFINITY, flo_t = 0.0;
        for (size_t k = 0; k < f->n_evs; k++) {
            event *e = &f->evs[k];
            double flo = event_f(f, e, f->y0);
            if (flo >= 0.0) { /* already past at t0 */
                f->t = t0;
                memcpy(f->ys, f->y0, f->dim * sizeof(double));
                f->ver++;
                for (size_t p = 0; p < f->n_popped; p++) {
                    const entry *c = &f->cand[f->popped[p]];
                    f->pf[p] = z_trigger(f, c->i, c->r, f->ys);
                }
                return OVP_OK;
            }
            double est = t0 + (hi - t0) * (-flo) / (e->f - flo);
            /* after a round, only an entry past by more than its tolerance can be earlier */
            if (round > 0 && e->f <= (e->kind == EV_Z ? f->o.z_eps : ftol_exit))
                continue;
            if (est < best) {
                best = est;
                target = k;
                flo_t = flo;
            }
        }
        if (target == SIZE_MAX) /* every estimate NaN: a blown-up state */
            return OVP_EDOM;
        event *e = &f->evs[target];
        const double tol = e->kind == EV_Z ? f->o.z_eps : ftol_exit;
        double a = t0, fa = flo_t, b = hi, fb = e->f, fb_true = e->f;
        memcpy(f->yb, f->yhi, f->dim * sizeof(double));
        int side = 0;
        for (int it = 0; it < LOCATE_ITERS && fb_true > tol; it++) {
            double c = b - fb * (b - a) / (fb - fa);
            if (!(c > a && c < b))
                c = 0.5 * (a + b);
            if (!(c > a && c < b))
                break; /* the bracket is down to adjacent doubles */
            int st = restep(f, t0, c - t0);
            if (st)
                return st;
            double fc = event_f(f, e, f->yc);
            if (fc >= 0.0) {
                b = c;
                fb = fb_true = fc;
                memcpy(f->yb, f->yc, f->dim * sizeof(double));
                if (side == -1)
                    fa *= 0.5;
                side = -1;
            } else {
                a = c;
                fa = fc;
                if (side == 1)
                    fb *= 0.5;
                side = 1;
            }
        }
        /* Any other entry past its threshold at b by more than its tolerance crossed
         * earlier: every candidate evaluated at this step is checked, not only those
         * past it at the step's end (one may have crossed and come back since). */
        const event tgt = *e;
        size_t keep = 0;
        int earlier = 0;
        for (size_t k = 0; k < f->n_evs; k++) { /* the sliding sets */
            event ek = f->evs[k];
            if (ek.kind != EV_EXIT)
                continue;
            ek.f = (tgt.kind == EV_EXIT && ek.r == tgt.r) ? fb_true : event_f(f, &ek, f->yb);
            if (ek.f < 0.0)
                continue;
            earlier |= !(tgt.kind == EV_EXIT && ek.r == tgt.r) && ek.f > ftol_exit;
            f->evs[keep++] = ek;
        }
        f->n_evs = keep;
        /* the values at b, where the step now ends (exact: bounding them by
         * |Δz| ≤ κ Δq instead saves evaluations here but wakes them earlier, and
         * was 20 % slower) */
        for (size_t p = 0; p < f->n_popped; p++) {
            const entry *c = &f->cand[f->popped[p]];
            int is_t = tgt.kind == EV_Z && c->i == tgt.i && c->r == tgt.r;
            double fc = is_t ? fb_true : z_trigger(f, c->i, c->r, f->yb);
            f->pf[p] = fc;
            if (fc < 0.0)
                continue;
            earlier |= !is_t && fc > f->o.z_eps;
            int st = add_event(f, EV_Z, c->i, c->r, fc);
            if (st)
                return st;
        }
        hi = b;
        memcpy(f->yhi, f->yb, f->dim * sizeof(double));
        if (!earlier)
            break;
    }
    f->t = hi;
    memcpy(f->ys, f->yhi, f->dim * sizeof(double));
    f->ver++;
    return OVP_OK;
}


/* ż_kr at the ODE state y, in the mode of the current step. */
static double zdot_at(const ovp_relu2flow *f, size_t k, size_t r, const double *y)
{
    double acc = kp_dot(f, k, r, y, SIZE_MAX);
    const slide_set *s = set_of(f, r);
    if (s) {
        double w[SMAX];
        set_w(f, s, y, w);
        for (uint32_t a = 0; a < s->cnt; a++)
            acc += Kat(f, k, s->idx[a]) * w[a];
    }
    return -f->a[r] * f->inv_sqrt_m * acc;
}

/* The largest value on s ∈ [0, 1] of the cubic Hermite interpolant of (f0, d0)
 * at 0 and (f1, d1) at 1 (d: derivatives times the step), and where. */
static void hermite_max(double f0, double d0, double f1, double d1, double *s_max, double *p_max)
{
    double A = 6 * f0 + 3 * d0 - 6 * f1 + 3 * d1, B = -6 * f0 - 4 * d0 + 6 * f1 - 2 * d1, C = d0;
    double roots[2], best = fmax(f0, f1), where = f0 > f1 ? 0.0 : 1.0;
    int nr = 0;
    if (fabs(A) < 1e-300) {
        if (fabs(B) > 0)
            roots[nr++] = -C / B;
    } else {
        double disc = B * B - 4 * A * C;
        if (disc >= 0) {
            double q = -0.5 * (B + copysign(sqrt(disc), B));
            roots[nr++] = q / A;
            if (q != 0)
                roots[nr++] = C / q;
        }
    }
    for (int k = 0; k < nr; k++) {
        double x = roots[k];
        if (!(x > 0 && x < 1))
            continue;
        double x2 = x * x, x3 = x2 * x;
        double p = (2 * x3 - 3 * x2 + 1) * f0 + (x3 - 2 * x2 + x) * d0 + (-2 * x3 + 3 * x2) * f1 + (x3 - x2) * d1;
        if (p > best) {
            best = p;
            where = x;
        }
    }
    *s_max = where;
    *p_max = best;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A candidate below its threshold at both ends of the step (t0, t] may still
 * have passed it inside (a grazing excursion). In the step's fixed mode
 * |f''| = |z̈| ≤ M = κ_k (1 + ‖B_r‖) ‖K‖₂ ‖r(t0)‖ (q_r = p̃∘r + B r, ‖ṙ‖ ≤ ‖K‖₂‖r‖), so
 * f ≤ max(f0, f1) + M h²/8 on the step. Where that bound reaches 0, the cubic
 * Hermite interpolant of (f, f') at both ends is maximised, and if it comes
 * within z_eps of 0 its maximiser is probed by an exact re-step. The step is
 * cut back to the first probe at which some candidate is past its threshold:
 * returns 1 then, with f->ys, f->t and f->pf at the probe. */
static int excursions(ovp_relu2flow *f, double t0, int *cut)
{
    const size_t n = f->n;
    const double h = f->t - t0, rn0 = cblas_dnrm2((int)n, f->y0, 1);
    size_t np = 0;
    *cut = 0;
    for (size_t p = 0; p < f->n_popped; p++) {
        const entry *e = &f->cand[f->popped[p]];
        unsigned char s = *state(f, e->i, e->r);
        if (f->pf[p] >= 0.0 || s == SLIDING)
            continue;
        const slide_set *ss = set_of(f, e->r);
        double bfac = ss ? ss->lip / (KAPPA_MARGIN * f->k_norm) : 1.0;
        double M = KAPPA_MARGIN * f->kappa[e->i] * bfac * f->k_norm * rn0;
        double f0 = z_trigger(f, e->i, e->r, f->y0);
        if (fmax(f0, f->pf[p]) + M * h * h / 8 < 0.0)
            continue;
        double sg = s == ACTIVE ? -1.0 : 1.0, sx, pmax;
        hermite_max(f0, h * sg * zdot_at(f, e->i, e->r, f->y0), f->pf[p], h * sg * zdot_at(f, e->i, e->r, f->ys),
                    &sx, &pmax);
        if (pmax < -f->o.z_eps)
            continue;
        if (grow(&f->probe, &f->cap_probe, np + 1, sizeof *f->probe))
            return OVP_ENOMEM;
        f->probe[np++] = t0 + sx * h;
    }
    if (np == 0)
        return OVP_OK;
    qsort(f->probe, np, sizeof *f->probe, cmp_double);
    for (size_t k = 0; k < np; k++) {
        if (!(f->probe[k] > t0 && f->probe[k] < f->t) || (k && f->probe[k] == f->probe[k - 1]))
            continue;
        int st = restep(f, t0, f->probe[k] - t0);
        if (st)
            return st;
        int past = 0;
        for (size_t p = 0; p < f->n_popped && !past; p++) {
            const entry *e = &f->cand[f->popped[p]];
            past = z_trigger(f, e->i, e->r, f->yc) >= 0.0;
        }
        if (!past)
            continue;
        f->stats.excursions++;
        f->t = f->probe[k];
        memcpy(f->ys, f->yc, f->dim * sizeof(double));
        f->ver++;
        for (size_t p = 0; p < f->n_popped; p++) {
            const entry *e = &f->cand[f->popped[p]];
            f->pf[p] = z_trigger(f, e->i, e->r, f->ys);
        }
        *cut = 1;
        return OVP_OK;
    }
    return OVP_OK;
}

/* One accepted step toward t_goal, and the events in it. */
static int one_step(ovp_relu2flow *f, double t_goal)
{
    const size_t n = f->n;
    double t0 = f->t;
    memcpy(f->y0, f->ys, f->dim * sizeof(double));
    double h = f->h;
    if (gsl_odeiv2_evolve_apply(f->evo, f->ctl, f->step, &f->sys, &f->t, t_goal, &h, f->ys) != GSL_SUCCESS)
        return OVP_EDOM;
    if (f->t < t_goal) /* a step cut short to land on t_goal says nothing of the next one */
        f->h = h;
    f->ver++;
    f->stats.steps++;
    double q1 = f->ys[2 * n];
    f->n_popped = 0;
    f->n_evs = 0;
    while (f->n_heap && f->heap[0].wake <= q1) {
        uint32_t c = heap_pop(f).c;
        const entry *e = &f->cand[c];
        if (*state(f, e->i, e->r) == SLIDING)
            continue;
        if (grow(&f->popped, &f->cap_popped, f->n_popped + 1, sizeof *f->popped) ||
            grow(&f->pf, &f->cap_pf, f->n_popped + 1, sizeof *f->pf))
            return OVP_ENOMEM;
        f->stats.evaluations++;
        f->pf[f->n_popped] = z_trigger(f, e->i, e->r, f->ys);
        f->popped[f->n_popped++] = c;
    }
    int cut, st = excursions(f, t0, &cut);
    if (st)
        return st;
    for (size_t p = 0; p < f->n_popped; p++) {
        const entry *e = &f->cand[f->popped[p]];
        if (f->pf[p] >= 0.0 && add_event(f, EV_Z, e->i, e->r, f->pf[p]))
            return OVP_ENOMEM;
    }
    q1 = f->ys[2 * n];
    size_t n_woken = 0;
    for (size_t k = 0; k < f->n_ss; k++) {
        slide_set *s = &f->ss[k];
        if (s->wake > q1)
            continue;
        double fv = exit_trigger(f, s->r, f->ys);
        if (fv >= 0.0 && add_event(f, EV_EXIT, 0, s->r, fv))
            return OVP_ENOMEM;
        s->wake = fv >= 0.0 ? -INFINITY : q1 - fv / s->lip;
        if (grow(&f->woken, &f->cap_woken, n_woken + 1, sizeof *f->woken))
            return OVP_ENOMEM;
        f->woken[n_woken++] = s->r;
    }
    if (f->n_evs) {
        /* back to the event time: wake-ups computed at the step's end do not hold there */
        for (size_t k = 0; k < n_woken; k++)
            if (set_of(f, f->woken[k]))
                set_of(f, f->woken[k])->wake = -INFINITY;
        st = locate(f, t0);
        if (!st)
            st = settle(f);
        gsl_odeiv2_evolve_reset(f->evo);
    }
    if (!st)
        st = reinsert_popped(f);
    if (!st && f->o.on_step)
        f->o.on_step(f->o.ctx, f->t, cblas_ddot((int)n, f->ys, 1, f->ys, 1));
    return st;
}

/* ---------------------------------------------------------------- public */

void ovp_relu2flow_free(ovp_relu2flow *f)
{
    if (!f)
        return;
    ovp_mat *mats[] = {&f->Z0, &f->Z, &f->A, &f->dA, &f->N, &f->Hb, &f->H, &f->Htmp};
    for (size_t k = 0; k < sizeof mats / sizeof *mats; k++)
        ovp_mat_free(mats[k]);
    void *ptrs[] = {f->st, f->ever, f->kappa, f->ys, f->y0, f->yb, f->yc, f->yhi, f->yerr, f->V0, f->V1,
                    f->cand, f->heap, f->off, f->col_off, f->ss, f->col_ss, f->popped, f->evs, f->woken, f->pt, f->pf, f->probe, f->touched};
    for (size_t k = 0; k < sizeof ptrs / sizeof *ptrs; k++)
        free(ptrs[k]);
    if (f->step)
        gsl_odeiv2_step_free(f->step);
    if (f->ctl)
        gsl_odeiv2_control_free(f->ctl);
    if (f->evo)
        gsl_odeiv2_evolve_free(f->evo);
    ovp_work_free(&f->ws);
    free(f);
}

int ovp_relu2flow_alloc(size_t n, size_t m, ovp_relu2flow **fp)
{
    *fp = NULL;
    if (n == 0 || m == 0 || n > UINT32_MAX || m > UINT32_MAX || m > INT32_MAX)
        return OVP_EINVAL;
    ovp_relu2flow *f = calloc(1, sizeof *f);
    if (!f)
        return OVP_ENOMEM;
    f->n = n;
    f->m = m;
    f->dim = 2 * n + 1;
    f->inv_sqrt_m = 1.0 / sqrt((double)m);
    int st = OVP_OK;
    ovp_mat *nm[] = {&f->Z0, &f->Z, &f->A, &f->dA}, *nn[] = {&f->N, &f->Hb, &f->H, &f->Htmp};
    for (size_t k = 0; k < 4 && !st; k++)
        st = ovp_mat_alloc(n, m, nm[k]);
    for (size_t k = 0; k < 4 && !st; k++)
        st = ovp_mat_alloc(n, n, nn[k]);
    if (!st) {
        f->st = malloc(n * m);
        f->pt = malloc(n * m * sizeof(double));
        f->ever = malloc(n * m);
        f->kappa = malloc(n * sizeof(double));
        double **ys[] = {&f->ys, &f->y0, &f->yb, &f->yc, &f->yhi, &f->yerr};
        for (size_t k = 0; k < sizeof ys / sizeof *ys; k++)
            *ys[k] = calloc(f->dim, sizeof(double));
        f->V0 = malloc(n * SMAX * sizeof(double));
        f->V1 = malloc(n * SMAX * sizeof(double));
        f->col_off = malloc(m * sizeof(int32_t));
        f->col_ss = malloc(m * sizeof(int32_t));
        f->touched = calloc(m, sizeof(uint32_t));
        f->step = gsl_odeiv2_step_alloc(gsl_odeiv2_step_rk8pd, f->dim);
        f->ctl = gsl_odeiv2_control_y_new(1e-10, 1e-10);
        f->evo = gsl_odeiv2_evolve_alloc(f->dim);
        if (!f->st || !f->pt || !f->ever || !f->kappa || !f->ys || !f->y0 || !f->yb || !f->yc || !f->yhi || !f->yerr ||
            !f->V0 || !f->V1 || !f->col_off || !f->col_ss || !f->touched || !f->step || !f->ctl || !f->evo)
            st = OVP_ENOMEM;
    }
    if (st) {
        ovp_relu2flow_free(f);
        return st;
    }
    f->sys = (gsl_odeiv2_system){rhs, NULL, f->dim, f};
    *fp = f;
    return OVP_OK;
}

int ovp_relu2flow_start(ovp_relu2flow *f, const ovp_mat *X, const ovp_mat *K, const ovp_mat *W0,
                        const double *a, const double *y, const ovp_relu2flow_opts *opts)
{
    const size_t n = f->n, m = f->m;
    if (X->rows != n || K->rows != n || K->cols != n || W0->rows != m || W0->cols != X->cols ||
        !(opts->eps_rel > 0) || !(opts->eps_abs > 0) || !(opts->z_eps > 0) || !(opts->band > 0))
        return OVP_EINVAL;
    f->K = K;
    f->a = a;
    f->y = y;
    f->o = *opts;
    if (f->o.max_sliding < 1 || f->o.max_sliding > SMAX)
        f->o.max_sliding = SMAX;
    if (gsl_odeiv2_control_init(f->ctl, f->o.eps_abs, f->o.eps_rel, 1.0, 0.0) != GSL_SUCCESS)
        return OVP_EINVAL; /* a negative tolerance */
    int st = ovp_linalg_gemm(1.0, X, 0, W0, 1, 0.0, &f->Z0);
    if (st)
        return st;
    if ((st = ovp_mat_copy(&f->Z0, &f->Z)))
        return st;
    memset(f->A.data, 0, n * m * sizeof(double));
    memset(f->ever, 0, n * m);
    f->kappa_max = f->k_absmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *z = &OVP_AT(&f->Z0, i, 0);
        double *p = &OVP_AT(&f->dA, i, 0), u = 0.0;
        for (size_t r = 0; r < m; r++) {
            int on = z[r] >= 0.0;
            *state(f, i, r) = on ? ACTIVE : INACTIVE;
            f->pt[r * n + i] = on;
            p[r] = on;
            u += on ? a[r] * z[r] : 0.0;
        }
        f->ys[i] = u * f->inv_sqrt_m - y[i];
        f->kappa[i] = cblas_dnrm2((int)n, &OVP_AT(K, i, 0), 1) * f->inv_sqrt_m;
        for (size_t j = 0; j < n; j++)
            f->k_absmax = fmax(f->k_absmax, fabs(OVP_AT(K, i, j)));
        f->kappa_max = fmax(f->kappa_max, f->kappa[i]);
    }
    memset(f->ys + n, 0, (n + 1) * sizeof(double));
    if ((st = ovp_linalg_gemm(1.0, &f->dA, 0, &f->dA, 1, 0.0, &f->N))) /* N = P Pᵀ, exact integers */
        return st;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            OVP_AT(&f->Hb, i, j) = OVP_AT(K, i, j) * OVP_AT(&f->N, i, j) / (double)m;
    for (size_t r = 0; r < m; r++)
        f->col_off[r] = f->col_ss[r] = -1;
    f->n_off = f->n_ss = f->n_sliding = f->ever_changed = f->updates = 0;
    f->corr_rounding = 0.0;
    f->stats = (ovp_relu2flow_stats){.t_first_sliding = NAN, .t_stop = NAN};
    f->t = 0.0;
    f->h = 1e-2;
    f->G = f->o.band / f->kappa_max;
    f->q_since_record = 0.0;
    f->weyl = 0.0;
    if ((st = ovp_mat_copy(K, &f->Htmp)) || (st = ovp_linalg_eig_max(&f->Htmp, &f->k_norm, &f->ws)))
        return st;
    f->ver++;
    if ((st = ovp_mat_copy(&f->Hb, &f->H)) || (st = lambda_exact(f, &f->lam_exact)))
        return st;
    f->lam_lower_min = f->lam_exact;
    gsl_odeiv2_step_reset(f->step);
    return segment_start(f, 1);
}

/* Distances from init, the residual check and the record at the current (rebuilt) time. */
static int fill_record(ovp_relu2flow *f, ovp_relu2flow_record *rec)
{
    const size_t n = f->n, m = f->m;
    double max_d2 = 0.0, mismatch = 0.0, drift = 0.0;
    for (size_t r = 0; r < m; r++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += OVP_AT(&f->A, i, r) * (OVP_AT(&f->Z, i, r) - OVP_AT(&f->Z0, i, r));
        max_d2 = fmax(max_d2, -f->a[r] * f->inv_sqrt_m * s); /* e_r·(z_r − z_r(0)) */
    }
    for (size_t i = 0; i < n; i++) {
        const double *z = &OVP_AT(&f->Z, i, 0);
        double u = 0.0;
        for (size_t r = 0; r < m; r++) {
            u += z[r] > 0.0 ? f->a[r] * z[r] : 0.0;
            if (*state(f, i, r) == SLIDING)
                drift = fmax(drift, fabs(z[r]));
        }
        mismatch = fmax(mismatch, fabs(f->ys[i] - (u * f->inv_sqrt_m - f->y[i])));
    }
    double lam;
    int st = lambda_exact(f, &lam);
    if (st)
        return st;
    *rec = (ovp_relu2flow_record){
        .t = f->t,
        .residual_sq = cblas_ddot((int)n, f->ys, 1, f->ys, 1),
        .max_dist_from_init = sqrt(max_d2),
        .integral_residual = f->q_since_record,
        .lambda_min = lam,
        .lambda_min_lower = fmin(f->lam_lower_min, lam),
        .residual_mismatch = mismatch,
        .sliding_drift = drift,
        .flips = f->stats.flips,
        .sliding_now = f->n_sliding,
        .ever_changed = f->ever_changed,
    };
    f->lam_exact = f->lam_lower_min = lam;
    f->weyl = 0.0;
    f->q_since_record = 0.0;
    return OVP_OK;
}

int ovp_relu2flow_advance(ovp_relu2flow *f, double t_target, ovp_relu2flow_record *rec)
{
    int st = OVP_OK, stalled = 0;
    while (!st && f->t < t_target && !f->stats.stop) {
        if (f->t >= f->t_seg_end) {
            st = fold(f);
            if (!st)
                st = segment_start(f, 1);
            continue;
        }
        /* a step spans at most 1/STEP_SHARE of the segment's ∫‖r‖ budget */
        double rn = cblas_dnrm2((int)f->n, f->ys, 1), t0 = f->t;
        double share = fmax(STEP_SHARE, (double)f->n_cand / (STEP_SHARE_PER_N * (double)f->n));
        double cap = rn > 0.0 ? f->t + f->G / (share * rn) : INFINITY;
        double goal = fmin(fmin(f->t_seg_end, t_target), cap);
        if (!(goal > f->t)) /* a step below the resolution of t */
            goal = fmin(t_target, nextafter(f->t, INFINITY));
        size_t ev0 = f->stats.events;
        st = one_step(f, goal);
        /* events that follow each other with no time in between: chattering (Zeno) */
        stalled = f->stats.events > ev0 && f->t - t0 <= ZENO_DT * fmax(1.0, f->t) ? stalled + 1 : 0;
        if (stalled > ZENO_EVENTS)
            stop(f, OVP_FLOW_STOP_CHATTER);
    }
    if (!st)
        st = fold(f);
    if (!st)
        st = segment_start(f, 0);
    if (!st)
        st = fill_record(f, rec);
    return st;
}


void ovp_relu2flow_residual(const ovp_relu2flow *f, double *r) { memcpy(r, f->ys, f->n * sizeof(double)); }

void ovp_relu2flow_get_stats(const ovp_relu2flow *f, ovp_relu2flow_stats *st) { *st = f->stats; }

int ovp_relu2flow_weights(ovp_relu2flow *f, const ovp_mat *X, const ovp_mat *W0, ovp_mat *W)
{
    const size_t n = f->n, m = f->m;
    if (W->rows != m || W0->rows != m || W->cols != X->cols || W0->cols != X->cols || X->rows != n)
        return OVP_EINVAL;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < m; r++)
            OVP_AT(&f->dA, i, r) = -f->a[r] * f->inv_sqrt_m * OVP_AT(&f->A, i, r); /* E */
    int st = ovp_mat_copy(W0, W);
    return st ? st : ovp_linalg_gemm(1.0, &f->dA, 1, X, 0, 1.0, W); /* W = W0 + EᵀX */
}

int ovp_relu2flow_h_deviation(ovp_relu2flow *f, double *max_abs_diff)
{
    const size_t n = f->n, m = f->m;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double c = 0.0;
            for (size_t r = 0; r < m; r++)
                c += (*state(f, i, r) == ACTIVE) && (*state(f, j, r) == ACTIVE);
            OVP_AT(&f->Htmp, i, j) = Kat(f, i, j) * c / (double)m;
        }
    /* the sliding corrections, into Htmp through H's update routine */
    ovp_mat keep = f->H;
    f->H = f->Htmp;
    for (size_t k = 0; k < f->n_ss; k++) {
        set_v(f, &f->ss[k], f->V0);
        h_rank_update(f, f->V0, f->ss[k].cnt, -1.0);
    }
    f->H = keep;
    double d = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            d = fmax(d, fabs(OVP_AT(&f->H, i, j) - OVP_AT(&f->Htmp, i, j)));
    *max_abs_diff = d;
    return OVP_OK;
}
