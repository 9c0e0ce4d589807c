/* kernels/models/psdfit.c: FISTA with restart over the PSD cone for the convex reference problem. */
#include "psdfit.h"
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Largest ℓ'' over the labels: 1 for the squared loss, max y²/4 for the logistic. */
static double max_curvature(const ovp_quadnet_problem *p)
{
    if (p->loss == OVP_LOSS_SQUARED)
        return 1.0;
    double m = 0.0;
    for (size_t i = 0; i < p->X->rows; i++)
        m = fmax(m, 0.25 * p->y[i] * p->y[i]);
    return m;
}

/* Lip = max ℓ'' · (1/n) max_i Σ_j (x_iᵀx_j)²: the largest row sum of the nonnegative
 * matrix K∘K (K = XXᵀ) bounds its top eigenvalue (Perron–Frobenius), and the row sums are
 * x_iᵀ(XᵀX)x_i: nd² flops and no n×n matrix. */
static int lipschitz(const ovp_quadnet_problem *p, ovp_psdfit_work *w, double *lip)
{
    const size_t n = p->X->rows, d = p->X->cols;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n, 1.0, p->X->data, (int)p->X->ld,
                0.0, w->A.data, (int)w->A.ld);
    ovp_mat_symmetrize_upper(&w->A);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)d, (int)d, 1.0, p->X->data,
                (int)p->X->ld, w->A.data, (int)w->A.ld, 0.0, w->XM.data, (int)w->XM.ld);
    double top = 0.0;
    for (size_t i = 0; i < n; i++)
        top = fmax(top, cblas_ddot((int)d, &OVP_AT(&w->XM, i, 0), 1, &OVP_AT(p->X, i, 0), 1));
    *lip = max_curvature(p) * top / (double)n;
    return OVP_OK;
}

int ovp_psdfit_work_alloc(const ovp_quadnet_problem *p, ovp_psdfit_work *w)
{
    const size_t n = p->X->rows, d = p->X->cols;
    *w = (ovp_psdfit_work){.n = n, .d = d};
    ovp_mat *dd[] = {&w->M0, &w->Y, &w->G, &w->V, &w->A};
    int st = OVP_OK;
    for (size_t i = 0; i < sizeof dd / sizeof *dd && !st; i++)
        st = ovp_mat_alloc(d, d, dd[i]);
    if (!st)
        st = ovp_mat_alloc(n, d, &w->XM);
    if (!st)
        st = ovp_mat_alloc(n, d, &w->R);
    if (!st && (!(w->yhat = malloc(n * sizeof(double))) || !(w->d1 = malloc(n * sizeof(double))) ||
                !(w->ev = malloc(d * sizeof(double)))))
        st = OVP_ENOMEM;
    if (!st)
        st = lipschitz(p, w, &w->lip);
    if (!st && !(w->lip > 0.0))
        st = OVP_EDOM; /* X = 0: nothing to fit */
    if (st)
        ovp_psdfit_work_free(w);
    return st;
}

void ovp_psdfit_work_free(ovp_psdfit_work *w)
{
    ovp_mat *ms[] = {&w->M0, &w->Y, &w->G, &w->V, &w->A, &w->XM, &w->R};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
        ovp_mat_free(ms[i]);
    free(w->yhat);
    free(w->d1);
    free(w->ev);
    ovp_work_free(&w->ws);
    *w = (ovp_psdfit_work){0};
}

static double frob_inner(const ovp_mat *A, const ovp_mat *B)
{
    double s = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        s += cblas_ddot((int)A->cols, &OVP_AT(A, i, 0), 1, &OVP_AT(B, i, 0), 1);
    return s;
}

int ovp_psdfit_value_grad(const ovp_quadnet_problem *p, const ovp_mat *M, ovp_psdfit_work *w, double *value,
                          ovp_mat *G)
{
    const size_t n = w->n, d = w->d;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)d, (int)d, 1.0, p->X->data,
                (int)p->X->ld, M->data, (int)M->ld, 0.0, w->XM.data, (int)w->XM.ld);
    for (size_t i = 0; i < n; i++)
        w->yhat[i] = cblas_ddot((int)d, &OVP_AT(&w->XM, i, 0), 1, &OVP_AT(p->X, i, 0), 1);
    double data = ovp_quadnet_data_loss(p, w->yhat, w->d1, NULL), tr = 0.0;
    for (size_t a = 0; a < d; a++)
        tr += OVP_AT(M, a, a);
    *value = data + 0.5 * p->lambda * tr + (p->C ? frob_inner(p->C, M) : 0.0);
    return ovp_quadnet_S_from(p, w->d1, &w->R, G);
}

int ovp_psdfit_project(ovp_mat *A, ovp_psdfit_work *w, size_t *rank)
{
    const size_t d = w->d;
    int st = ovp_linalg_eig_sym(A, w->ev, &w->V, &w->ws);
    if (st)
        return st;
    double top = fmax(w->ev[d - 1], 0.0);
    size_t r = 0;
    for (size_t j = 0; j < d; j++) { /* columns of V scaled by √max(λ_j, 0) */
        double s = sqrt(fmax(w->ev[j], 0.0));
        r += w->ev[j] > OVP_PSDFIT_RANK_TOL * top;
        for (size_t i = 0; i < d; i++)
            OVP_AT(&w->V, i, j) *= s;
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)d, (int)d, 1.0, w->V.data, (int)w->V.ld, 0.0,
                A->data, (int)A->ld);
    ovp_mat_symmetrize_upper(A);
    if (rank)
        *rank = r;
    return OVP_OK;
}

/* ℓ*(t·ℓ'(ŷ, y)), the convex conjugate of ŷ ↦ ℓ(ŷ, y) at a shrunk derivative:
 *   squared   ℓ*(v) = v y + v²/2;
 *   logistic  ℓ(ŷ) = log(1 + e^{−yŷ}), v = −y s with s = t σ(−yŷ) ∈ [0, 1]:
 *             ℓ*(v) = s log s + (1 − s) log(1 − s)   (y = 0: ℓ ≡ log 2, ℓ*(0) = −log 2). */
static double conjugate_at(ovp_loss loss, double yhat, double y, double t)
{
    if (loss == OVP_LOSS_SQUARED) {
        double v = t * (yhat - y);
        return v * y + 0.5 * v * v;
    }
    if (y == 0.0)
        return -log(2.0);
    double m = y * yhat, sig = m >= 0 ? exp(-m) / (1.0 + exp(-m)) : 1.0 / (1.0 + exp(m)); /* σ(−m) */
    double s = t * sig, r = 0.0;
    if (s > 0.0)
        r += s * log(s);
    if (s < 1.0)
        r += (1.0 - s) * log1p(-s);
    return r;
}

int ovp_psdfit_describe(const ovp_quadnet_problem *p, const ovp_mat *M, ovp_psdfit_work *w,
                        ovp_psdfit_result *res)
{
    const size_t n = w->n, d = w->d;
    const double u = 0x1p-53;
    int st = ovp_psdfit_value_grad(p, M, w, &res->value, &w->G);
    if (st)
        return st;
    /* Rounding of f(M): ŷ_i = x_iᵀ(M x_i) is two dot products of length d, error
     * ≤ γ_2d |x_i|ᵀ|M||x_i| (Higham, Thm 3.5, γ_m ≈ m u); it moves ℓ_i by |ℓ'_i| times that,
     * and the mean of n terms adds γ_n f. Computed before w->XM is reused. */
    double round_sum = 0.0, data = 0.0;
    for (size_t i = 0; i < n; i++) {
        double li = ovp_quadnet_loss_eval(p->loss, w->yhat[i], p->y[i], NULL, NULL);
        data += li / (double)n;
    }
    for (size_t i = 0; i < d * d; i++)
        w->A.data[i] = fabs(M->data[i]);
    for (size_t i = 0; i < n; i++)
        for (size_t a = 0; a < d; a++)
            OVP_AT(&w->R, i, a) = fabs(OVP_AT(p->X, i, a));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)d, (int)d, 1.0, w->R.data,
                (int)w->R.ld, w->A.data, (int)w->A.ld, 0.0, w->XM.data, (int)w->XM.ld);
    for (size_t i = 0; i < n; i++) {
        double q = cblas_ddot((int)d, &OVP_AT(&w->XM, i, 0), 1, &OVP_AT(&w->R, i, 0), 1);
        round_sum += fabs(w->d1[i]) * (q + fabs(p->y[i])) / (double)n;
    }
    res->value_round = 2.0 * (double)d * u * round_sum + (double)n * u * fabs(res->value);
    res->inner_SM = frob_inner(&w->G, M);
    /* The dual point: ℓ'_i shrunk by t so that (1 − t)P + t S ⪰ 0, P = (λ/2)I + C.
     * λ_min((1 − t)P + tS) ≥ (1 − t)λ_min(P) + tλ_min(S) (concavity of λ_min): with
     * π = λ_min(P) > 0 and σ = λ_min(S) < 0, t = π/(π − σ); exact when C = 0. */
    if ((st = ovp_mat_copy(&w->G, &w->A)) || (st = ovp_linalg_eig_min(&w->A, &res->lambda_min_S, &w->ws)))
        return st;
    double pi = 0.5 * p->lambda;
    if (p->C) {
        if ((st = ovp_mat_copy(p->C, &w->A)))
            return st;
        for (size_t a = 0; a < d; a++)
            OVP_AT(&w->A, a, a) += 0.5 * p->lambda;
        if ((st = ovp_linalg_eig_min(&w->A, &pi, &w->ws)))
            return st;
    }
    double t = res->lambda_min_S >= 0.0 ? 1.0 : pi > 0.0 ? pi / (pi - res->lambda_min_S) : 0.0;
    res->dual_scale = t;
    if (t > 0.0) {
        double dual = 0.0;
        for (size_t i = 0; i < n; i++)
            dual -= conjugate_at(p->loss, w->yhat[i], p->y[i], t) / (double)n;
        res->dual_value = dual;
        res->dual_gap = res->value - dual;
    } else {
        res->dual_value = -INFINITY;
        res->dual_gap = INFINITY;
    }
    /* tr M vs tr M* (squared loss, C = 0): g(ŷ) = (1/2n)‖ŷ − y‖² is (1/n)-strongly convex
     * in ŷ and M* minimises f over the PSD cone, so G ≥ f(M) − f* ≥ (1/2n)‖ŷ − ŷ*‖²;
     * (λ/2)(tr M − tr M*) = (f(M) − f*) − (g(ŷ) − g(ŷ*)) and |g(ŷ) − g(ŷ*)| ≤
     * (‖r‖/n)‖ŷ − ŷ*‖ + ‖ŷ − ŷ*‖²/(2n), so
     *   |tr M − tr M*| ≤ (2/λ)(2G + √(2 g(ŷ)) √(2G)),   √(2g) = ‖r‖/√n. */
    double G = fmax(res->dual_gap, 0.0);
    res->trace_err = p->loss == OVP_LOSS_SQUARED && !p->C && p->lambda > 0.0
                         ? (2.0 / p->lambda) * (2.0 * G + sqrt(2.0 * data) * sqrt(2.0 * G))
                         : INFINITY;
    for (size_t i = 0; i < d * d; i++) /* A = M − ∇f(M), projected */
        w->A.data[i] = M->data[i] - w->G.data[i];
    if ((st = ovp_psdfit_project(&w->A, w, NULL)))
        return st;
    res->kkt = ovp_mat_dist_fro(M, &w->A);
    if ((st = ovp_mat_copy(M, &w->A)))
        return st;
    if ((st = ovp_psdfit_project(&w->A, w, &res->rank))) /* M is PSD: this only counts its rank */
        return st;
    res->trace = 0.0;
    for (size_t a = 0; a < d; a++)
        res->trace += OVP_AT(M, a, a);
    return OVP_OK;
}

int ovp_psdfit_solve(const ovp_quadnet_problem *p, const ovp_psdfit_opts *o, ovp_psdfit_work *w, ovp_mat *M,
                     ovp_psdfit_result *res)
{
    const size_t dd = w->d * w->d;
    if (M->rows != w->d || M->cols != w->d || M->ld != w->d)
        return OVP_EINVAL;
    const double step = 1.0 / w->lip;
    double t = 1.0, f;
    size_t iters = 0, restarts = 0;
    int st, converged = 0;
    if ((st = ovp_mat_copy(M, &w->Y)))
        return st;
    while (iters < o->max_iters && !converged) {
        iters++;
        if ((st = ovp_psdfit_value_grad(p, &w->Y, w, &f, &w->G)))
            return st;
        if ((st = ovp_mat_copy(M, &w->M0)))
            return st;
        for (size_t i = 0; i < dd; i++)
            M->data[i] = w->Y.data[i] - step * w->G.data[i];
        if ((st = ovp_psdfit_project(M, w, NULL)))
            return st;
        double progress = 0.0; /* ⟨Y − M, M − M0⟩ > 0: momentum points uphill, restart */
        for (size_t i = 0; i < dd; i++)
            progress += (w->Y.data[i] - M->data[i]) * (M->data[i] - w->M0.data[i]);
        double beta = 0.0;
        if (progress > 0.0) {
            t = 1.0;
            restarts++;
        } else {
            double tn = 0.5 * (1.0 + sqrt(1.0 + 4.0 * t * t));
            beta = (t - 1.0) / tn;
            t = tn;
        }
        for (size_t i = 0; i < dd; i++)
            w->Y.data[i] = M->data[i] + beta * (M->data[i] - w->M0.data[i]);
        if (iters % o->check_every == 0 || iters == o->max_iters) {
            if ((st = ovp_psdfit_describe(p, M, w, res)))
                return st;
            converged = res->kkt <= o->kkt_tol || (o->gap_tol > 0.0 && res->dual_gap <= o->gap_tol);
        }
    }
    if (iters == 0 && (st = ovp_psdfit_describe(p, M, w, res)))
        return st;
    res->iters = iters;
    res->restarts = restarts;
    res->converged = converged;
    return OVP_OK;
}

/* ---------------------------------------------------------------- diagonal rescaling */

void ovp_psdfit_scales(const ovp_quadnet_problem *p, double *s)
{
    const size_t n = p->X->rows, d = p->X->cols;
    for (size_t a = 0; a < d; a++) {
        double q = 0.0;
        for (size_t i = 0; i < n; i++)
            q += OVP_AT(p->X, i, a) * OVP_AT(p->X, i, a);
        s[a] = q > 0.0 ? sqrt(q / (double)n) : 1.0;
    }
}

/* The rescaled problem: X̃ = X diag(s)⁻¹, C̃ = diag(s)⁻¹((λ/2)I + C)diag(s)⁻¹, λ̃ = 0. */
typedef struct {
    double *s;
    ovp_mat X, C;
    ovp_quadnet_problem p;
} scaled_problem;

static void scaled_free(scaled_problem *q)
{
    free(q->s);
    ovp_mat_free(&q->X);
    ovp_mat_free(&q->C);
}

static int scaled_make(const ovp_quadnet_problem *p, scaled_problem *q)
{
    const size_t n = p->X->rows, d = p->X->cols;
    *q = (scaled_problem){0};
    int st = ovp_mat_alloc(n, d, &q->X);
    if (!st)
        st = ovp_mat_alloc(d, d, &q->C);
    if (!st && !(q->s = malloc(d * sizeof(double))))
        st = OVP_ENOMEM;
    if (st) {
        scaled_free(q);
        return st;
    }
    ovp_psdfit_scales(p, q->s);
    for (size_t i = 0; i < n; i++)
        for (size_t a = 0; a < d; a++)
            OVP_AT(&q->X, i, a) = OVP_AT(p->X, i, a) / q->s[a];
    for (size_t a = 0; a < d; a++)
        for (size_t b = 0; b < d; b++)
            OVP_AT(&q->C, a, b) = ((a == b ? 0.5 * p->lambda : 0.0) + (p->C ? OVP_AT(p->C, a, b) : 0.0)) /
                                  (q->s[a] * q->s[b]);
    q->p = (ovp_quadnet_problem){.X = &q->X, .y = p->y, .loss = p->loss, .lambda = 0.0, .C = &q->C};
    return OVP_OK;
}

/* M̃ = diag(s) M diag(s) (to = 1) or back (to = 0), in place. */
static void scaled_map(const double *s, ovp_mat *M, int to)
{
    for (size_t a = 0; a < M->rows; a++)
        for (size_t b = 0; b < M->cols; b++)
            OVP_AT(M, a, b) = to ? OVP_AT(M, a, b) * s[a] * s[b] : OVP_AT(M, a, b) / (s[a] * s[b]);
}

/* The rescaled problem and workspaces for it (w) and for the original (w0,
 * to certify the answer there). Nothing to free on failure. */
static int scaled_setup(const ovp_quadnet_problem *p, scaled_problem *q, ovp_psdfit_work *w, ovp_psdfit_work *w0)
{
    int st = scaled_make(p, q);
    if (st)
        return st;
    if ((st = ovp_psdfit_work_alloc(&q->p, w))) {
        scaled_free(q);
        return st;
    }
    if ((st = ovp_psdfit_work_alloc(p, w0))) {
        ovp_psdfit_work_free(w);
        scaled_free(q);
    }
    return st;
}

int ovp_psdfit_solve_scaled(const ovp_quadnet_problem *p, const ovp_psdfit_opts *o, ovp_mat *M,
                            ovp_psdfit_result *res)
{
    scaled_problem q;
    ovp_psdfit_work w, w0;
    int st = scaled_setup(p, &q, &w, &w0);
    if (st)
        return st;
    scaled_map(q.s, M, 1);
    ovp_psdfit_result r;
    st = ovp_psdfit_solve(&q.p, o, &w, M, &r);
    scaled_map(q.s, M, 0);
    if (!st)
        st = ovp_psdfit_describe(p, M, &w0, res);
    if (!st) {
        res->iters = r.iters;
        res->restarts = r.restarts;
        res->converged = r.converged;
    }
    ovp_psdfit_work_free(&w0);
    ovp_psdfit_work_free(&w);
    scaled_free(&q);
    return st;
}

/* ---------------------------------------------------------------- interior point */

typedef struct {
    size_t n, d, P;
    double *V, *H, *g, *dx, *d2, *kap;
    size_t *ia, *ib;
    ovp_mat Mt, L, Winv;
} ipm_work;

static void ipm_free(ipm_work *k)
{
    free(k->V);
    free(k->H);
    free(k->g);
    free(k->dx);
    free(k->d2);
    free(k->kap);
    free(k->ia);
    free(k->ib);
    ovp_mat_free(&k->Mt);
    ovp_mat_free(&k->L);
    ovp_mat_free(&k->Winv);
}

static int ipm_alloc(size_t n, size_t d, ipm_work *k)
{
    const size_t P = d * (d + 1) / 2;
    *k = (ipm_work){.n = n, .d = d, .P = P};
    k->V = malloc(n * P * sizeof(double));
    k->H = malloc(P * P * sizeof(double));
    k->g = malloc(P * sizeof(double));
    k->dx = malloc(P * sizeof(double));
    k->d2 = malloc(n * sizeof(double));
    k->kap = malloc(P * sizeof(double));
    k->ia = malloc(P * sizeof(size_t));
    k->ib = malloc(P * sizeof(size_t));
    int st = (k->V && k->H && k->g && k->dx && k->d2 && k->kap && k->ia && k->ib) ? OVP_OK : OVP_ENOMEM;
    if (!st)
        st = ovp_mat_alloc(d, d, &k->Mt);
    if (!st)
        st = ovp_mat_alloc(d, d, &k->L);
    if (!st)
        st = ovp_mat_alloc(d, d, &k->Winv);
    if (st) {
        ipm_free(k);
        return st;
    }
    size_t q = 0; /* svec order: (a, b), a ≤ b; off-diagonal entries carry √2 */
    for (size_t a = 0; a < d; a++)
        for (size_t b = a; b < d; b++, q++) {
            k->ia[q] = a;
            k->ib[q] = b;
            k->kap[q] = a == b ? 1.0 : M_SQRT2;
        }
    return OVP_OK;
}

/* log det A by Cholesky (L ← factor); *pd = 0 when A is not positive definite. */
static int ipm_logdet(const ovp_mat *A, ovp_mat *L, double *logdet, int *pd)
{
    const size_t d = A->rows;
    int st = ovp_mat_copy(A, L);
    if (st)
        return st;
    lapack_int info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (lapack_int)d, L->data, (lapack_int)L->ld);
    if (info < 0)
        return OVP_ELAPACK;
    *pd = info == 0;
    *logdet = 0.0;
    if (*pd)
        for (size_t a = 0; a < d; a++)
            *logdet += 2.0 * log(OVP_AT(L, a, a));
    return OVP_OK;
}

/* F_μ at A: f̃(A) − μ log det A (+∞ outside the cone); G ← ∇f̃(A), L ← Cholesky factor. */
static int ipm_value(const ovp_quadnet_problem *q, const ovp_mat *A, double mu, ovp_psdfit_work *w, ipm_work *k,
                     double *F, int *pd)
{
    double logdet, f;
    int st = ipm_logdet(A, &k->L, &logdet, pd);
    if (st || !*pd) {
        *F = INFINITY;
        return st;
    }
    if ((st = ovp_psdfit_value_grad(q, A, w, &f, &w->G)))
        return st;
    *F = f - mu * logdet;
    return OVP_OK;
}

int ovp_psdfit_solve_ipm(const ovp_quadnet_problem *p, const ovp_psdfit_ipm_opts *o, ovp_mat *M,
                         ovp_psdfit_result *res)
{
    const size_t n = p->X->rows, d = p->X->cols, P = d * (d + 1) / 2;
    if (M->rows != d || M->cols != d || M->ld != d)
        return OVP_EINVAL;
    scaled_problem q;
    ovp_psdfit_work w, w0;
    ipm_work k;
    int st = scaled_setup(p, &q, &w, &w0);
    if (st)
        return st;
    if ((st = ipm_alloc(n, d, &k)))
        goto out;
    /* Start: M̃ = αI with α the least-squares fit of the labels' scale (mean ‖x̃_i‖² = d),
     * μ₀ = f(0)/d, the objective's own scale, so the first centring is a few steps. */
    double ymean = 0.0, f0 = 0.0;
    for (size_t i = 0; i < n; i++) {
        ymean += fabs(p->y[i]) / (double)n;
        f0 += ovp_quadnet_loss_eval(p->loss, 0.0, p->y[i], NULL, NULL) / (double)n;
    }
    double alpha = fmax(ymean, 1e-3) / (double)d, mu = fmax(f0, 1e-12) / (double)d;
    memset(M->data, 0, d * d * sizeof(double));
    for (size_t a = 0; a < d; a++)
        OVP_AT(M, a, a) = alpha;
    size_t newton = 0, centrings = 0, steps_at_mu = 0;
    int pd, done = 0;
    double F;
    if ((st = ipm_value(&q.p, M, mu, &w, &k, &F, &pd)))
        goto out;
    if (!pd) {
        st = OVP_EDOM;
        goto out;
    }
    while (!done && newton < o->max_newton) {
        /* One Newton step on F_μ from M (G, L and ŷ of M are current). */
        double *d1 = w.d1;
        ovp_quadnet_data_loss(&q.p, w.yhat, d1, k.d2);
        /* W = M̃⁻¹ from the factor in L */
        if ((st = ovp_mat_copy(&k.L, &k.Winv)))
            goto out;
        lapack_int info = LAPACKE_dpotri(LAPACK_ROW_MAJOR, 'U', (lapack_int)d, k.Winv.data, (lapack_int)d);
        if (info) {
            st = OVP_ELAPACK;
            goto out;
        }
        ovp_mat_symmetrize_upper(&k.Winv);
        for (size_t i = 0; i < n; i++) { /* rows √(ℓ''_i/n) svec(x̃_ix̃_iᵀ) */
            double sc = sqrt(fmax(k.d2[i], 0.0) / (double)n);
            const double *x = &OVP_AT(q.p.X, i, 0);
            for (size_t r = 0; r < P; r++)
                k.V[i * P + r] = sc * k.kap[r] * x[k.ia[r]] * x[k.ib[r]];
        }
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)P, (int)n, 1.0, k.V, (int)P, 0.0, k.H, (int)P);
        const ovp_mat *Wi = &k.Winv;
        for (size_t r = 0; r < P; r++) {
            size_t a = k.ia[r], b = k.ib[r];
            k.g[r] = k.kap[r] * (OVP_AT(&w.G, a, b) - mu * OVP_AT(Wi, a, b));
            for (size_t c = r; c < P; c++) { /* μ (W ⊛ W) in svec coordinates */
                size_t e = k.ia[c], f = k.ib[c];
                double v = 0.5 * (OVP_AT(Wi, a, e) * OVP_AT(Wi, b, f) + OVP_AT(Wi, a, f) * OVP_AT(Wi, b, e));
                k.H[r * P + c] += mu * k.kap[r] * k.kap[c] * v;
            }
        }
        for (size_t r = 0; r < P; r++)
            k.dx[r] = -k.g[r];
        ovp_mat Hm = ovp_mat_view(k.H, P, P);
        int hpd;
        if ((st = ovp_linalg_cholesky_solve(&Hm, k.dx, &hpd)))
            goto out;
        if (!hpd) /* the Hessian lost definiteness to rounding: the numerical end of the path */
            break;
        double dec2 = 0.0; /* Newton decrement² = −gᵀΔ; F_μ/μ is self-concordant (squared loss) */
        for (size_t r = 0; r < P; r++)
            dec2 -= k.g[r] * k.dx[r];
        newton++;
        /* Backtracking inside the cone; near the centre F_μ's change drowns in rounding, so a
         * step with dec² ≤ 1e-6 μ (deep in Newton's quadratic region) is taken whole. */
        double t = 1.0, Fn = INFINITY;
        for (int bt = 0; bt < 60; bt++, t *= 0.5) {
            for (size_t r = 0; r < P; r++) {
                double v = OVP_AT(M, k.ia[r], k.ib[r]) + t * k.dx[r] / k.kap[r];
                OVP_AT(&k.Mt, k.ia[r], k.ib[r]) = v;
                OVP_AT(&k.Mt, k.ib[r], k.ia[r]) = v;
            }
            if ((st = ipm_value(&q.p, &k.Mt, mu, &w, &k, &Fn, &pd)))
                goto out;
            if (pd && (Fn <= F - 0.25 * t * dec2 || (t == 1.0 && dec2 <= 1e-6 * mu)))
                break;
        }
        if (!pd) { /* no step stays inside: numerical end of the path */
            if ((st = ipm_value(&q.p, M, mu, &w, &k, &F, &pd)))
                goto out;
            break;
        }
        if ((st = ovp_mat_copy(&k.Mt, M)))
            goto out;
        F = Fn;
        /* Centred when dec² ≤ 1e-9 μ; at the smallest μ, dec² stalls at its rounding floor
         * (~1e-20 on wine), so after 8 steps at one μ, dec² ≤ 1e-3 μ is accepted: the gap
         * is then still within a few μd (the certificate measures it anyway). */
        steps_at_mu++;
        if (dec2 <= 1e-9 * mu || (steps_at_mu >= 8 && dec2 <= 1e-3 * mu)) {
            centrings++;
            steps_at_mu = 0;
            if (mu * (double)d <= 0.1 * fmax(o->gap_tol, o->gap_rtol * fabs(F)))
                done = 1;
            mu /= OVP_PSDFIT_IPM_SHRINK;
            if ((st = ipm_value(&q.p, M, mu, &w, &k, &F, &pd)))
                goto out;
        }
    }
    scaled_map(q.s, M, 0);
    ovp_mat_symmetrize_upper(M);
    if ((st = ovp_psdfit_describe(p, M, &w0, res)))
        goto out;
    res->iters = newton;
    res->restarts = centrings;
    res->converged = res->dual_gap <= fmax(o->gap_tol, o->gap_rtol * fabs(res->value));
out:
    ipm_free(&k);
    ovp_psdfit_work_free(&w0);
    ovp_psdfit_work_free(&w);
    scaled_free(&q);
    return st;
}
