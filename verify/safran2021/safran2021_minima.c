/* verify/safran2021/safran2021_minima.c: certificates, merging, the split construction. */
#include "safran2021_minima.h"
#include "linalg.h"
#include "poprelu_descent.h"
#include "status.h"

#include "theorems/safran2021.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int safran2021_certify(ovp_poprelu *p, const ovp_mat *W, ovp_mat *G, ovp_mat *H, ovp_work *ws,
                       safran2021_class *cls, double *F, double *grad_norm)
{
    *cls = SAFRAN_UNRESOLVED;
    *grad_norm = NAN;
    int st = ovp_poprelu_eval(p, W, F, G, H);
    if (st == OVP_EDOM)
        return OVP_OK; /* a zero neuron: not a differentiable point */
    if (st)
        return st;
    *grad_norm = ovp_mat_norm_fro(G);
    if (*F < safran2018_spurious_loss()) {
        *cls = SAFRAN_GLOBAL;
        return OVP_OK;
    }
    if (!(*grad_norm <= SAFRAN_GRAD_TOL))
        return OVP_OK;
    int pd = 0;
    if ((st = ovp_linalg_is_pd_shifted(H, SAFRAN_LAMBDA_MARGIN, ws, &pd)))
        return st;
    if (pd)
        *cls = SAFRAN_SPURIOUS;
    return OVP_OK;
}

int safran2021_same_up_to_permutation(const ovp_mat *A, const ovp_mat *B, double tol)
{
    if (A->rows != B->rows || A->cols != B->cols)
        return 0;
    size_t k = A->rows, d = A->cols;
    unsigned char used[k];
    memset(used, 0, k);
    for (size_t i = 0; i < k; i++) {
        size_t hit = k;
        for (size_t j = 0; j < k && hit == k; j++) {
            if (used[j])
                continue;
            double dmax = 0.0;
            for (size_t a = 0; a < d; a++)
                dmax = fmax(dmax, fabs(OVP_AT(A, i, a) - OVP_AT(B, j, a)));
            if (dmax <= tol)
                hit = j;
        }
        if (hit == k)
            return 0;
        used[hit] = 1;
    }
    return 1;
}

/* Row a of W before row b in lexicographic order. */
static int row_before(const ovp_mat *W, size_t a, size_t b)
{
    for (size_t q = 0; q < W->cols; q++)
        if (OVP_AT(W, a, q) != OVP_AT(W, b, q))
            return OVP_AT(W, a, q) < OVP_AT(W, b, q);
    return 0;
}

void safran2021_canonical_order(ovp_mat *W)
{
    /* insertion sort by adjacent row swaps: k ≤ a few dozen rows, and no state
     * shared between the threads that sort their own minima */
    for (size_t i = 1; i < W->rows; i++)
        for (size_t j = i; j > 0 && row_before(W, j, j - 1); j--)
            for (size_t q = 0; q < W->cols; q++) {
                double t = OVP_AT(W, j, q);
                OVP_AT(W, j, q) = OVP_AT(W, j - 1, q);
                OVP_AT(W, j - 1, q) = t;
            }
}

void safran2021_minima_init(safran2021_minima *m, size_t k, size_t d) { *m = (safran2021_minima){.k = k, .d = d}; }

void safran2021_minima_free(safran2021_minima *m)
{
    free(m->points);
    free(m->F);
    free(m->hits);
    *m = (safran2021_minima){0};
}

ovp_mat safran2021_minima_point(const safran2021_minima *m, size_t i)
{
    return ovp_mat_view(m->points + i * m->k * m->d, m->k, m->d);
}

int safran2021_minima_add(safran2021_minima *m, const ovp_mat *W, double F, size_t *index, int *is_new)
{
    for (size_t i = 0; i < m->count; i++) {
        ovp_mat P = safran2021_minima_point(m, i);
        if (fabs(m->F[i] - F) <= SAFRAN_MERGE_TOL && safran2021_same_up_to_permutation(W, &P, SAFRAN_MERGE_TOL)) {
            m->hits[i]++;
            *index = i;
            *is_new = 0;
            return OVP_OK;
        }
    }
    if (m->count == m->cap) {
        size_t c = m->cap ? 2 * m->cap : 8, kd = m->k * m->d;
        double *pts = realloc(m->points, c * kd * sizeof(double)), *f = NULL;
        size_t *h = NULL;
        if (pts)
            m->points = pts;
        if (pts && (f = realloc(m->F, c * sizeof(double))))
            m->F = f;
        if (f && (h = realloc(m->hits, c * sizeof(size_t))))
            m->hits = h;
        if (!h)
            return OVP_ENOMEM;
        m->cap = c;
    }
    ovp_mat P = safran2021_minima_point(m, m->count);
    int st = ovp_mat_copy(W, &P);
    if (st)
        return st;
    safran2021_canonical_order(&P);
    m->F[m->count] = F;
    m->hits[m->count] = 1;
    *index = m->count++;
    *is_new = 1;
    return OVP_OK;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

size_t safran2021_minima_orbits(const safran2021_minima *m)
{
    const size_t kd = m->k * m->d;
    if (m->count == 0)
        return 0;
    double *sig = malloc(m->count * kd * sizeof(double));
    size_t *cls = malloc(m->count * sizeof(size_t)), orbits = 0;
    if (!sig || !cls) {
        free(sig);
        free(cls);
        return 0;
    }
    memcpy(sig, m->points, m->count * kd * sizeof(double));
    for (size_t i = 0; i < m->count; i++)
        qsort(sig + i * kd, kd, sizeof(double), cmp_double);
    for (size_t i = 0; i < m->count; i++) {
        cls[i] = orbits;
        for (size_t j = 0; j < i; j++) {
            double dmax = fabs(m->F[i] - m->F[j]);
            for (size_t q = 0; q < kd && dmax <= SAFRAN_MERGE_TOL; q++)
                dmax = fmax(dmax, fabs(sig[i * kd + q] - sig[j * kd + q]));
            if (dmax <= SAFRAN_MERGE_TOL) {
                cls[i] = cls[j];
                break;
            }
        }
        orbits += cls[i] == orbits;
    }
    free(sig);
    free(cls);
    return orbits;
}

/* k = n + 1: one extra student, one branch per teacher. */
static double project_one_extra(const ovp_mat *V, const ovp_mat *W, ovp_mat *P)
{
    const size_t n = V->rows, d = V->cols;
    double base = 0.0, best = INFINITY, best_a = 0.0;
    size_t best_j = 0;
    for (size_t l = 0; l < n; l++)
        for (size_t q = 0; q < d; q++) {
            double t = OVP_AT(W, l, q) - OVP_AT(V, l, q);
            base += t * t;
        }
    for (size_t j = 0; j < n; j++) {
        /* minimise ‖w_j − (1 − a)v_j‖² + ‖w_n − a v_j‖² over a ∈ [0, 1] */
        double vv = 0.0, num = 0.0, own = 0.0;
        for (size_t q = 0; q < d; q++) {
            double v = OVP_AT(V, j, q), t = OVP_AT(W, j, q) - v;
            vv += v * v;
            num += (OVP_AT(W, n, q) - OVP_AT(W, j, q) + v) * v;
            own += t * t;
        }
        double a = fmin(1.0, fmax(0.0, num / (2.0 * vv))), dist = base - own;
        for (size_t q = 0; q < d; q++) {
            double v = OVP_AT(V, j, q), t1 = OVP_AT(W, j, q) - (1.0 - a) * v, t2 = OVP_AT(W, n, q) - a * v;
            dist += t1 * t1 + t2 * t2;
        }
        if (dist < best)
            best = dist, best_j = j, best_a = a;
    }
    for (size_t l = 0; l < n; l++)
        memcpy(&OVP_AT(P, l, 0), &OVP_AT(V, l, 0), d * sizeof(double));
    for (size_t q = 0; q < d; q++) {
        OVP_AT(P, best_j, q) = (1.0 - best_a) * OVP_AT(V, best_j, q);
        OVP_AT(P, n, q) = best_a * OVP_AT(V, best_j, q);
    }
    return sqrt(fmax(best, 0.0));
}

/* Branch (e, j): extra student e splits v_j with student j. Returns
 * ‖w_j − (1 − a)v_j‖² + ‖w_e − a v_j‖² − ‖w_j − v_j‖² at the best a ∈ [0, 1], into *a. */
static double branch_delta(const ovp_mat *V, const ovp_mat *W, size_t e, size_t j, double *a_out)
{
    const size_t d = V->cols;
    double vv = 0.0, num = 0.0, own = 0.0, dist = 0.0;
    for (size_t q = 0; q < d; q++) {
        double v = OVP_AT(V, j, q), t = OVP_AT(W, j, q) - v;
        vv += v * v;
        num += (OVP_AT(W, e, q) - OVP_AT(W, j, q) + v) * v;
        own += t * t;
    }
    double a = vv > 0.0 ? fmin(1.0, fmax(0.0, num / (2.0 * vv))) : 0.0;
    for (size_t q = 0; q < d; q++) {
        double v = OVP_AT(V, j, q), t1 = OVP_AT(W, j, q) - (1.0 - a) * v, t2 = OVP_AT(W, e, q) - a * v;
        dist += t1 * t1 + t2 * t2;
    }
    *a_out = a;
    return dist - own;
}

#define MAX_EXTRA 3

/* Best injective assignment of the extras e ≥ from to unused teachers. */
static void best_assignment(size_t m, size_t n, const double *delta, size_t from, unsigned char *used,
                            size_t *cur, double acc, double *best, size_t *best_sigma)
{
    if (from == m) {
        if (acc < *best) {
            *best = acc;
            memcpy(best_sigma, cur, m * sizeof *cur);
        }
        return;
    }
    for (size_t j = 0; j < n; j++) {
        if (used[j])
            continue;
        used[j] = 1;
        cur[from] = j;
        best_assignment(m, n, delta, from + 1, used, cur, acc + delta[from * n + j], best, best_sigma);
        used[j] = 0;
    }
}

double safran2021_project_split_family(const ovp_mat *V, const ovp_mat *W, ovp_mat *P)
{
    const size_t n = V->rows, d = V->cols, m = W->rows - n;
    if (m == 1)
        return project_one_extra(V, W, P);
    if (m == 0 || m > MAX_EXTRA || m > n)
        return NAN;
    double delta[MAX_EXTRA * 64] = {0}, alpha[MAX_EXTRA * 64] = {0}; /* set below for i < m, j < n */
    if (n > 64)
        return NAN;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            delta[i * n + j] = branch_delta(V, W, n + i, j, &alpha[i * n + j]);
    unsigned char used[64] = {0};
    size_t cur[MAX_EXTRA], sigma[MAX_EXTRA] = {0};
    double best = INFINITY;
    best_assignment(m, n, delta, 0, used, cur, 0.0, &best, sigma);
    for (size_t l = 0; l < n; l++)
        memcpy(&OVP_AT(P, l, 0), &OVP_AT(V, l, 0), d * sizeof(double));
    for (size_t i = 0; i < m; i++) {
        size_t j = sigma[i];
        double a = alpha[i * n + j];
        for (size_t q = 0; q < d; q++) {
            OVP_AT(P, j, q) = (1.0 - a) * OVP_AT(V, j, q);
            OVP_AT(P, n + i, q) = a * OVP_AT(V, j, q);
        }
    }
    /* the distance from P itself: base + best cancels O(1) terms down to ‖W − P‖² */
    return ovp_mat_dist_fro(W, P);
}

double safran2021_orthonormality_gap(const ovp_mat *V)
{
    double gap = 0.0;
    for (size_t j = 0; j < V->rows; j++)
        for (size_t l = 0; l < V->rows; l++) {
            double dot = 0.0;
            for (size_t q = 0; q < V->cols; q++)
                dot += OVP_AT(V, j, q) * OVP_AT(V, l, q);
            gap = fmax(gap, fabs(dot - (j == l ? 1.0 : 0.0)));
        }
    return gap;
}

/* ---------------------------------------------------------------- P4.d */

typedef struct {
    ovp_poprelu pk, pk1;       /* k and k + 1 neurons */
    ovp_mat G, H, Gs, Hs, Ws;  /* at W and at the split point */
    ovp_mat B, U;              /* d×d block H'_ii and its eigenvectors */
    ovp_mat Hp;                /* 2d×2d: the split Hessian on the two halves */
    double *eig, *z, *Hz;
    ovp_work ws;
} split_mem;

static void split_mem_free(split_mem *s)
{
    ovp_poprelu_free(&s->pk);
    ovp_poprelu_free(&s->pk1);
    ovp_mat *ms[] = {&s->G, &s->H, &s->Gs, &s->Hs, &s->Ws, &s->B, &s->U, &s->Hp};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
        ovp_mat_free(ms[i]);
    free(s->eig);
    free(s->z);
    free(s->Hz);
    ovp_work_free(&s->ws);
}

static int split_mem_alloc(split_mem *s, const ovp_mat *V, size_t k, size_t d)
{
    size_t k1d = (k + 1) * d;
    int st = ovp_poprelu_alloc(k, V, &s->pk);
    if (!st)
        st = ovp_poprelu_alloc(k + 1, V, &s->pk1);
    if (!st)
        st = ovp_mat_alloc(k, d, &s->G);
    if (!st)
        st = ovp_mat_alloc(k * d, k * d, &s->H);
    if (!st)
        st = ovp_mat_alloc(k + 1, d, &s->Gs);
    if (!st)
        st = ovp_mat_alloc(k1d, k1d, &s->Hs);
    if (!st)
        st = ovp_mat_alloc(k + 1, d, &s->Ws);
    if (!st)
        st = ovp_mat_alloc(d, d, &s->B);
    if (!st)
        st = ovp_mat_alloc(d, d, &s->U);
    if (!st)
        st = ovp_mat_alloc(2 * d, 2 * d, &s->Hp);
    if (!st && (!(s->eig = malloc(d * sizeof(double))) || !(s->z = calloc(k1d, sizeof(double))) ||
                !(s->Hz = malloc(k1d * sizeof(double)))))
        st = OVP_ENOMEM;
    return st;
}

/* zᵀ H z for the full symmetric H (here the 2d×2d block of the two halves: z vanishes
 * elsewhere, and the terms it drops are exact zeros, so the sum has the bits of the
 * full (k+1)d form in the same order). */
static double quadform(const ovp_mat *H, const double *z, double *Hz)
{
    double q = 0.0;
    for (size_t r = 0; r < H->rows; r++) {
        double s = 0.0;
        for (size_t c = 0; c < H->cols; c++)
            s += OVP_AT(H, r, c) * z[c];
        Hz[r] = s;
        q += z[r] * s;
    }
    return q;
}

int safran2021_split_analysis(const ovp_mat *V, const ovp_mat *W, double a, safran2021_split_report *r)
{
    const size_t k = W->rows, d = W->cols;
    split_mem s = {0};
    memset(r, 0, sizeof *r);
    int st = split_mem_alloc(&s, V, k, d);
    if (st)
        goto done;
    if ((st = ovp_poprelu_eval(&s.pk, W, &r->F, &s.G, &s.H)))
        goto done;
    r->grad_norm = ovp_mat_norm_fro(&s.G);
    r->best_formula = r->best_quadform = INFINITY;
    for (size_t i = 0; i < k; i++) {
        r->sum_norms += s.pk.norm[i];
        /* H'_ii = block (i,i) − ½I, and its most negative direction u */
        for (size_t x = 0; x < d; x++)
            for (size_t y = 0; y < d; y++)
                OVP_AT(&s.B, x, y) = OVP_AT(&s.H, i * d + x, i * d + y) - (x == y ? 0.5 : 0.0);
        if ((st = ovp_linalg_eig_sym(&s.B, s.eig, &s.U, &s.ws)))
            goto done;
        r->negative_blocks += s.eig[0] < -SAFRAN_CURVATURE_TOL;
        /* the split point: rows 0..k−1 of W with w_i scaled by a, and (1 − a) w_i last */
        for (size_t l = 0; l < k; l++)
            for (size_t x = 0; x < d; x++)
                OVP_AT(&s.Ws, l, x) = (l == i ? a : 1.0) * OVP_AT(W, l, x);
        for (size_t x = 0; x < d; x++)
            OVP_AT(&s.Ws, k, x) = (1.0 - a) * OVP_AT(W, i, x);
        /* the split's Hessian on the halves i and k only: z lives there */
        double Fs;
        if ((st = ovp_poprelu_eval_pair(&s.pk1, &s.Ws, i, k, &Fs, &s.Gs, &s.Hp)))
            goto done;
        r->max_split_F_gap = fmax(r->max_split_F_gap, fabs(Fs - r->F));
        r->max_split_grad = fmax(r->max_split_grad, ovp_mat_norm_fro(&s.Gs));
        /* z = (u, −u) on the two halves, u the unit eigenvector of λ_min(H'_ii) */
        for (size_t x = 0; x < d; x++) {
            s.z[x] = OVP_AT(&s.U, x, 0);
            s.z[d + x] = -OVP_AT(&s.U, x, 0);
        }
        double q = quadform(&s.Hp, s.z, s.Hz), f = safran2021_split_curvature(a, s.eig[0]);
        r->max_curvature_gap = fmax(r->max_curvature_gap, fabs(f - q) / fmax(1.0, fabs(q)));
        if (q < r->best_quadform)
            r->best_quadform = q, r->best_formula = f, r->best_neuron = i;
    }
    /* P4.d's own measurement: the spectrum of the full Hessian at the best split,
     * by dsyevr, not the quadratic form along the construction's direction */
    for (size_t l = 0; l < k; l++)
        for (size_t x = 0; x < d; x++)
            OVP_AT(&s.Ws, l, x) = (l == r->best_neuron ? a : 1.0) * OVP_AT(W, l, x);
    for (size_t x = 0; x < d; x++)
        OVP_AT(&s.Ws, k, x) = (1.0 - a) * OVP_AT(W, r->best_neuron, x);
    double Fs;
    if ((st = ovp_poprelu_eval(&s.pk1, &s.Ws, &Fs, &s.Gs, &s.Hs)) ||
        (st = ovp_linalg_eig_min(&s.Hs, &r->best_split_lambda, &s.ws)))
        goto done;
    r->saddle = r->best_split_lambda < -SAFRAN_CURVATURE_TOL;
    st = ovp_linalg_eig_min(&s.H, &r->lambda_min, &s.ws); /* H is not needed after this */
done:
    split_mem_free(&s);
    return st;
}
