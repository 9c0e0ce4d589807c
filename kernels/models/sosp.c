/* kernels/models/sosp.c: L-BFGS to a first-order point, Hessian check, negative-curvature escapes. */
#include "sosp.h"
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Armijo's sufficient-decrease constant (the customary 1e-4). */
#define ARMIJO_C 1e-4
/* Backtracking halvings before a line search gives up: 2^-60 ≈ 1e-18 of the first step. */
#define MAX_HALVINGS 60
/* L rises by at most this many ulps of |L| when the step is at the rounding floor. */
#define ROUNDING_ULPS 8.0
/* A curvature pair is kept when sᵀy > this · ‖s‖‖y‖ (keeps the L-BFGS matrix positive definite). */
#define CURVATURE_PAIR_TOL 1e-12

/* ‖x‖₂ as √(xᵀx): OpenBLAS 0.3.21's dnrm2 scales against overflow at several times the cost of
 * ddot (3% of a dulee2018 run); gradients and steps here are far from overflow. */
static double norm2(size_t N, const double *x) { return sqrt(cblas_ddot((int)N, x, 1, x, 1)); }

int ovp_sosp_work_alloc(size_t n, size_t d, size_t k, size_t memory, ovp_sosp_work *w)
{
    *w = (ovp_sosp_work){.n = n, .d = d, .k = k, .memory = memory ? memory : 1};
    size_t N = k * d, m = w->memory;
    /* The kd×kd H waits for the first dense Hessian (ovp_sosp_form_hessian): k > min(d, n)
     * never needs one in ovp_sosp_find. */
    int st = ovp_quadnet_work_alloc(n, d, k, 1, &w->qw);
    ovp_mat *kd[] = {&w->G, &w->Wt, &w->Gt};
    for (size_t i = 0; i < 3 && !st; i++)
        st = ovp_mat_alloc(k, d, kd[i]);
    if (!st)
        st = ovp_mat_alloc(d, d, &w->S);
    if (!st)
        st = ovp_mat_alloc(d, d, &w->T);
    if (!st && (!(w->s_hist = malloc(m * N * sizeof(double))) || !(w->y_hist = malloc(m * N * sizeof(double))) ||
                !(w->rho = malloc(m * sizeof(double))) || !(w->alpha = malloc(m * sizeof(double))) ||
                !(w->dir = malloc(N * sizeof(double))) || !(w->evec = malloc(N * sizeof(double))) ||
                !(w->null_u = malloc((d + k) * sizeof(double)))))
        st = OVP_ENOMEM;
    if (st)
        ovp_sosp_work_free(w);
    return st;
}

void ovp_sosp_work_free(ovp_sosp_work *w)
{
    ovp_quadnet_work_free(&w->qw);
    ovp_mat *ms[] = {&w->G, &w->Wt, &w->Gt, &w->S, &w->T, &w->H};
    for (size_t i = 0; i < 6; i++)
        ovp_mat_free(ms[i]);
    free(w->s_hist);
    free(w->y_hist);
    free(w->rho);
    free(w->alpha);
    free(w->dir);
    free(w->evec);
    free(w->null_u);
    ovp_work_free(&w->ws);
    *w = (ovp_sosp_work){0};
}

int ovp_sosp_form_hessian(const ovp_quadnet_problem *p, ovp_sosp_work *w)
{
    const size_t N = w->k * w->d;
    int st = w->H.data ? OVP_OK : ovp_mat_alloc(N, N, &w->H);
    if (!st)
        st = ovp_quadnet_S(p, &w->qw, &w->S);
    return st ? st : ovp_quadnet_hessian(p, &w->qw, &w->S, &w->H);
}

/* A unit a ∈ R^k orthogonal to the m columns of the k×m matrix B (m < k): column m + 1 of the
 * Householder Q of B = QR (dgeqrf, then dormqr applied to e_{m+1}), orthogonal to B's column
 * space to rounding. B is read as B_jc = src[j·sj + c·sc] (W: sj = ld, sc = 1; Zᵀ: swapped). */
static int lapack_failed(lapack_int info)
{
    ovp_status_set_lapack_info((int)info);
    return OVP_ELAPACK;
}

static int null_vector(const double *src, size_t k, size_t m, size_t sj, size_t sc, double *a, ovp_work *ws)
{
    if (m >= k)
        return OVP_EINVAL;
    lapack_int lk = (lapack_int)k, lm = (lapack_int)m, info;
    double q1 = 0.0, q2 = 0.0; /* workspace queries */
    if ((info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, lk, lm, NULL, lk, NULL, &q1, -1)) ||
        (info = LAPACKE_dormqr_work(LAPACK_COL_MAJOR, 'L', 'N', lk, 1, lm, NULL, lk, NULL, a, lk, &q2, -1)))
        return lapack_failed(info);
    size_t lwork = (size_t)fmax(fmax(q1, q2), 1.0);
    int st = ovp_work_reserve(ws, k * m + m + lwork, 0);
    if (st)
        return st;
    double *A = ws->d, *tau = A + k * m, *work = tau + m;
    for (size_t c = 0; c < m; c++) /* column-major k×m */
        for (size_t j = 0; j < k; j++)
            A[c * k + j] = src[j * sj + c * sc];
    memset(a, 0, k * sizeof(double));
    a[m] = 1.0;
    if ((info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, lk, lm, A, lk, tau, work, (lapack_int)lwork)) ||
        (info = LAPACKE_dormqr_work(LAPACK_COL_MAJOR, 'L', 'N', lk, 1, lm, A, lk, tau, a, lk, work,
                                    (lapack_int)lwork)))
        return lapack_failed(info);
    return OVP_OK;
}

/* λ_min(∇²L) when k > min(d, n), from S alone (w->S formed, w->qw at W). With F the Hessian
 * factor, ∇²L − I_k ⊗ 2S = FFᵀ = (4/n)Σ ℓ''_i v_iv_iᵀ ⪰ 0 (ℓ'' ≥ 0), so λ_min(∇²L) ≥ 2λ_min(S).
 * The z_i = W x_i span at most min(rank W, n) ≤ min(d, n) < k dimensions of R^k, which leaves
 * a unit a with aᵀz_i = 0 for every i (aᵀW = 0 when k > d); along U = a uᵀ (u the bottom unit
 * eigenvector of S) v_iᵀvec(U) = (aᵀz_i)(uᵀx_i) = 0, so vec(U)ᵀ∇²L vec(U) = 2uᵀSu = 2λ_min(S).
 * Hence λ_min(∇²L) = 2λ_min(S) exactly, with the eigenvector a ⊗ u: one d×d eigenproblem (d³
 * flops) in place of the kd×kd one ((kd)³) and no n(kd)² Hessian. The computed values differ
 * from dsyevr on the dense Ĥ by rounding only (tests/test_quadnet.c). */
static int hessian_min_structured(ovp_sosp_work *w, const ovp_mat *W, double *lambda_min, double *evec)
{
    const size_t n = w->n, d = w->d, k = w->k;
    for (size_t i = 0; i < n; i++)
        if (!(w->qw.d2[i] >= 0.0))
            return OVP_EDOM; /* as ovp_quadnet_hessian: FFᵀ ⪰ 0 needs a convex loss */
    double mu;
    int st = ovp_mat_copy(&w->S, &w->T);
    if (!st)
        st = evec ? ovp_linalg_eig_min_vec(&w->T, &mu, w->null_u, &w->ws) : ovp_linalg_eig_min(&w->T, &mu, &w->ws);
    if (st)
        return st;
    *lambda_min = 2.0 * mu;
    if (!evec)
        return OVP_OK;
    const double *u = w->null_u, *a = w->null_u + d;
    st = k > d ? null_vector(W->data, k, d, W->ld, 1, w->null_u + d, &w->ws)
               : null_vector(w->qw.Z.data, k, n, 1, w->qw.Z.ld, w->null_u + d, &w->ws);
    if (st)
        return st;
    for (size_t j = 0; j < k; j++) /* vec(a uᵀ), row-major */
        for (size_t c = 0; c < d; c++)
            evec[j * d + c] = a[j] * u[c];
    return OVP_OK;
}

int ovp_sosp_hessian_min(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_sosp_work *w,
                         double *lambda_min, double *evec)
{
    double f;
    int st = ovp_quadnet_value(p, W, &w->qw, &f);
    if (!st && (w->k > w->d || w->k > w->n))
        return (st = ovp_quadnet_S(p, &w->qw, &w->S)) ? st : hessian_min_structured(w, W, lambda_min, evec);
    if (!st)
        st = ovp_sosp_form_hessian(p, w);
    if (st)
        return st;
    /* Values only unless the vector is wanted: dsyevr takes the same dsytrd + dstebz path for
     * the eigenvalue either way (il = iu = 1), so λ_min is the same to the bit. */
    return evec ? ovp_linalg_eig_min_vec(&w->H, lambda_min, evec, &w->ws) : ovp_linalg_eig_min(&w->H, lambda_min,
                                                                                               &w->ws);
}

/* dir = −H_k g by the two-loop recursion over the stored pairs (newest at head − 1). */
static void lbfgs_direction(ovp_sosp_work *w, const double *g, size_t N)
{
    double *q = w->dir;
    memcpy(q, g, N * sizeof(double));
    const size_t m = w->memory;
    for (size_t c = 0; c < w->n_hist; c++) {
        size_t i = (w->head + m - 1 - c) % m;
        w->alpha[i] = w->rho[i] * cblas_ddot((int)N, w->s_hist + i * N, 1, q, 1);
        cblas_daxpy((int)N, -w->alpha[i], w->y_hist + i * N, 1, q, 1);
    }
    if (w->n_hist) {
        size_t i = (w->head + m - 1) % m;
        const double *y = w->y_hist + i * N;
        cblas_dscal((int)N, 1.0 / (w->rho[i] * cblas_ddot((int)N, y, 1, y, 1)), q, 1);
    }
    for (size_t c = w->n_hist; c-- > 0;) {
        size_t i = (w->head + m - 1 - c) % m;
        double beta = w->rho[i] * cblas_ddot((int)N, w->y_hist + i * N, 1, q, 1);
        cblas_daxpy((int)N, w->alpha[i] - beta, w->s_hist + i * N, 1, q, 1);
    }
    cblas_dscal((int)N, -1.0, q, 1);
}

static void lbfgs_push(ovp_sosp_work *w, const double *W, const double *Wt, const double *G,
                       const double *Gt, size_t N)
{
    double *s = w->s_hist + w->head * N, *y = w->y_hist + w->head * N;
    for (size_t i = 0; i < N; i++) {
        s[i] = Wt[i] - W[i];
        y[i] = Gt[i] - G[i];
    }
    double sy = cblas_ddot((int)N, s, 1, y, 1);
    if (!(sy > CURVATURE_PAIR_TOL * norm2(N, s) * norm2(N, y)))
        return;
    w->rho[w->head] = 1.0 / sy;
    w->head = (w->head + 1) % w->memory;
    if (w->n_hist < w->memory)
        w->n_hist++;
}

/* Wt = W + t·dir; its value and gradient in Gt. */
static int trial(const ovp_quadnet_problem *p, const ovp_mat *W, const double *dir, double t,
                 ovp_sosp_work *w, double *ft)
{
    const size_t N = w->k * w->d;
    for (size_t i = 0; i < N; i++)
        w->Wt.data[i] = W->data[i] + t * dir[i];
    return ovp_quadnet_value_grad(p, &w->Wt, &w->qw, ft, &w->Gt);
}

/* W, G ← Wt, Gt. */
static void accept(ovp_mat *W, ovp_sosp_work *w)
{
    memcpy(W->data, w->Wt.data, w->k * w->d * sizeof(double));
    memcpy(w->G.data, w->Gt.data, w->k * w->d * sizeof(double));
}

/* L-BFGS until ‖g‖ ≤ grad_tol, the budget is spent or the line search fails. */
static int descend(const ovp_quadnet_problem *p, ovp_mat *W, const ovp_sosp_opts *o, ovp_sosp_work *w,
                   double *f, double *gnorm, ovp_sosp_result *res, int *stalled)
{
    const size_t N = w->k * w->d;
    *stalled = 0;
    w->n_hist = w->head = 0;
    while (*gnorm > o->grad_tol && res->iters < o->max_iters) {
        res->iters++;
        lbfgs_direction(w, w->G.data, N);
        double gd = cblas_ddot((int)N, w->G.data, 1, w->dir, 1);
        double t = 1.0;
        if (!(gd < 0.0) || w->n_hist == 0) { /* steepest descent, unit first step length */
            for (size_t i = 0; i < N; i++)
                w->dir[i] = -w->G.data[i];
            gd = -(*gnorm) * (*gnorm);
            w->n_hist = w->head = 0;
            t = fmin(1.0, 1.0 / *gnorm);
        }
        int ok = 0, st;
        double ft = NAN;
        for (int h = 0; h < MAX_HALVINGS && !ok; h++, t *= 0.5) {
            if ((st = trial(p, W, w->dir, t, w, &ft)))
                return st;
            if (ft <= *f + ARMIJO_C * t * gd)
                ok = 1;
            else if (ft <= *f + ROUNDING_ULPS * DBL_EPSILON * fabs(*f) &&
                     norm2(N, w->Gt.data) < *gnorm)
                ok = 1; /* at the rounding floor of L: accept a smaller gradient */
            if (ok)
                break;
        }
        if (!ok) {
            *stalled = 1;
            return OVP_OK;
        }
        lbfgs_push(w, W->data, w->Wt.data, w->G.data, w->Gt.data, N);
        accept(W, w);
        *f = ft;
        *gnorm = norm2(N, w->G.data);
    }
    return OVP_OK;
}

/* From a strict saddle: W ± t·e, t halved from 1 until L ≤ L(W) + ¼t²λ (half the
 * quadratic model's decrease); the better sign is kept. Returns ok = 0 if no t works. */
static int escape(const ovp_quadnet_problem *p, ovp_mat *W, double lambda, ovp_sosp_work *w, double *f,
                  int *ok)
{
    *ok = 0;
    double t = 1.0;
    for (int h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
        double fp, fm;
        int st = trial(p, W, w->evec, t, w, &fp);
        if (st)
            return st;
        if ((st = trial(p, W, w->evec, -t, w, &fm)))
            return st;
        double target = *f + 0.25 * t * t * lambda;
        if (fmin(fp, fm) <= target) {
            if (fp < fm && (st = trial(p, W, w->evec, t, w, &fp)))
                return st;
            accept(W, w);
            *f = fmin(fp, fm);
            *ok = 1;
            return OVP_OK;
        }
    }
    return OVP_OK;
}

int ovp_sosp_find(const ovp_quadnet_problem *p, ovp_mat *W, const ovp_sosp_opts *o, ovp_sosp_work *w,
                  ovp_sosp_result *res)
{
    if (W->ld != W->cols || W->rows != w->k || W->cols != w->d)
        return OVP_EINVAL;
    const size_t N = w->k * w->d;
    *res = (ovp_sosp_result){.outcome = OVP_SOSP_MAXITER, .hess_min = NAN};
    double f, gnorm;
    int st = ovp_quadnet_value_grad(p, W, &w->qw, &f, &w->G);
    if (st)
        return st;
    gnorm = norm2(N, w->G.data);
    for (;;) {
        int stalled;
        if ((st = descend(p, W, o, w, &f, &gnorm, res, &stalled)))
            return st;
        double lam;
        if ((st = ovp_sosp_hessian_min(p, W, w, &lam, NULL)))
            return st;
        res->hessians++;
        res->hess_min = lam;
        if (gnorm > o->grad_tol) {
            res->outcome = stalled ? OVP_SOSP_STALLED : OVP_SOSP_MAXITER;
            break;
        }
        if (lam >= -o->curv_tol) {
            res->outcome = OVP_SOSP_FOUND;
            break;
        }
        if (res->escapes >= o->max_escapes) {
            res->outcome = OVP_SOSP_MAXITER;
            break;
        }
        /* A strict saddle (rare: never from the harness's random starts): now the direction. The
         * same W gives the same Ĥ and the same λ_min, now with its eigenvector. */
        if ((st = ovp_sosp_hessian_min(p, W, w, &lam, w->evec)))
            return st;
        int ok;
        if ((st = escape(p, W, lam, w, &f, &ok)))
            return st;
        if (!ok) { /* curvature too weak to lower L in floating point */
            res->outcome = OVP_SOSP_STALLED;
            break;
        }
        res->escapes++;
        gnorm = norm2(N, w->G.data);
    }
    res->value = f;
    res->grad_norm = gnorm;
    /* w->S holds S at the returned W (ovp_sosp_hessian_min ran last). */
    return OVP_OK;
}
