/* kernels/models/sosp.c: L-BFGS to a first-order point, Hessian check, negative-curvature escapes. */
#include "sosp.h"
#include "eigcert.h"
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

/* The dense enclosure (sosp.h). Its shift σ: first curv_tol/20 (the enclosure's lower end; the
 * bottom cluster of Ĥ at an SOSP lies within ~2e-9 of 0 in the paper scale, i.e. above −σ),
 * then curv_tol/2 (still proves λ_min ≥ −curv_tol). Inverse iterations at most
 * ENCLOSE_MAX_ITERS, ended when ρ moves by less than ENCLOSE_SETTLED of the width. The value is
 * kept when its half-width is at most ENCLOSE_ERR_SHARE·curv_tol, else dsyevr's: k = 1 (no
 * cluster, λ_min ~1e-3, a slow iteration) falls back. */
#define ENCLOSE_SHIFT_NEAR 0.05
#define ENCLOSE_SHIFT_WIDE 0.5
#define ENCLOSE_MAX_ITERS 8
#define ENCLOSE_SETTLED 0.01
#define ENCLOSE_ERR_SHARE 0.1

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
    if (w->pool) /* views into the caller's pool */
        w->H = w->F = (ovp_mat){0};
    ovp_mat *ms[] = {&w->G, &w->Wt, &w->Gt, &w->S, &w->T, &w->H, &w->F};
    for (size_t i = 0; i < 7; i++)
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

/* An n×n ovp_mat whose entries are left unset: H and F are written whole before they are read
 * (dsyrk, ovp_eigcert_check), and zeroing (kd)² doubles per width was 6% of a dulee2018 run. */
static int mat_alloc_unset(size_t n, ovp_mat *A)
{
    size_t bytes = ovp_mat_bytes(n, n);
    double *p = bytes ? aligned_alloc(64, (bytes + 63) / 64 * 64) : NULL;
    if (!p)
        return bytes ? OVP_ENOMEM : OVP_EINVAL;
    *A = (ovp_mat){.data = p, .rows = n, .cols = n, .ld = n};
    return OVP_OK;
}

void ovp_sosp_work_set_pool(ovp_sosp_work *w, ovp_work *pool)
{
    if (w->pool)
        w->H = w->F = (ovp_mat){0};
    ovp_mat_free(&w->H);
    ovp_mat_free(&w->F);
    w->pool = pool;
}

/* H and, with F, the enclosure's factor: views into the pool, else w's own buffers. */
static int hessian_buffers(ovp_sosp_work *w, int with_f)
{
    const size_t N = w->k * w->d;
    if (w->pool) {
        int st = ovp_work_reserve(w->pool, 2 * N * N, 0);
        if (st)
            return st;
        w->H = ovp_mat_view(w->pool->d, N, N);
        w->F = ovp_mat_view(w->pool->d + N * N, N, N);
        return OVP_OK;
    }
    int st = w->H.data ? OVP_OK : mat_alloc_unset(N, &w->H);
    if (!st && with_f && !w->F.data)
        st = mat_alloc_unset(N, &w->F);
    return st;
}

int ovp_sosp_form_hessian(const ovp_quadnet_problem *p, ovp_sosp_work *w)
{
    int st = hessian_buffers(w, 0);
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

/* γ_m = mu/(1 − mu), u = 2⁻⁵³. */
static double gamma_m(double m)
{
    const double u = DBL_EPSILON / 2;
    return m * u / (1.0 - m * u);
}

/* ‖Ĥ‖_F from the upper triangle of the row-major kd×kd w->H. */
static double hessian_fro(const ovp_sosp_work *w)
{
    const size_t N = w->H.rows;
    double fro = 0.0;
    for (size_t a = 0; a < N; a++) {
        const double *h = &OVP_AT(&w->H, a, a);
        double off = 0.0;
        for (size_t b = 1; b < N - a; b++)
            off += h[b] * h[b];
        fro += h[0] * h[0] + 2.0 * off;
    }
    return sqrt(fro);
}

/* The enclosure of λ_min(Ĥ) by Cholesky factorisations (sosp.h), w->H formed: *ok = 1 with
 * ρ in *lambda and its certified half-width (at most err_max) in *err, or *ok = 0 (nothing
 * proved, or too wide: the caller takes dsyevr's value). */
static int enclose_dense_min(ovp_sosp_work *w, double curv_tol, double err_max, double *lambda, double *err,
                             int *ok)
{
    const size_t N = w->k * w->d;
    *ok = 0;
    int st = hessian_buffers(w, 1), chol = 0; /* H stays: a pool's views do not move without a reserve */
    double lo = NAN, sigma = 0.0;
    for (int t = 0; t < 2 && !st && !chol; t++) {
        sigma = curv_tol * (t ? ENCLOSE_SHIFT_WIDE : ENCLOSE_SHIFT_NEAR);
        st = ovp_eigcert_check(&w->H, 0, -sigma, &w->F, &chol, &lo);
    }
    if (st || !chol)
        return st;
    const double e1 = -sigma - lo; /* the certificate's slack */
    if ((st = ovp_work_reserve(&w->ws, 2 * N, 0)))
        return st;
    double *x = w->ws.d, *y = x + N, rho = INFINITY, r = INFINITY;
    for (size_t i = 0; i < N; i++) /* a fixed start with no symmetry of the problem */
        x[i] = 1.0 + (double)(i % 7) / 7.0;
    for (int it = 0; it < ENCLOSE_MAX_ITERS; it++) {
        /* x ← (LLᵀ)⁻¹x, L of Ĥ + σI in LAPACK's column-major lower triangle of F (eigcert.h);
         * two dtrsv: dpotrs with one right-hand side packs L for dtrsm every call */
        cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, (int)N, w->F.data, (int)w->F.ld, x, 1);
        cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans, CblasNonUnit, (int)N, w->F.data, (int)w->F.ld, x, 1);
        cblas_dscal((int)N, 1.0 / norm2(N, x), x, 1);
        cblas_dsymv(CblasRowMajor, CblasUpper, (int)N, 1.0, w->H.data, (int)w->H.ld, x, 1, 0.0, y, 1);
        double prev = rho;
        rho = cblas_ddot((int)N, x, 1, y, 1) / cblas_ddot((int)N, x, 1, x, 1);
        cblas_daxpy((int)N, -rho, x, 1, y, 1);
        r = norm2(N, y);
        /* done at the rounding floor, or when ρ has settled within the enclosure's width */
        if (r <= e1 || (it > 0 && fabs(prev - rho) <= ENCLOSE_SETTLED * (rho - lo)))
            break;
    }
    if (!isfinite(rho) || !isfinite(r))
        return OVP_OK;
    const double up = 3.0 * gamma_m((double)N + 1) * (hessian_fro(w) * (1.0 + 4.0 * DBL_EPSILON) + fabs(rho));
    double hw = fmax(rho - lo, up) * (1.0 + 4.0 * DBL_EPSILON);
    if (hw > err_max && r + 3.0 * e1 + up <= 0.5 * err_max) {
        /* Tighter from below: some eigenvalue lies within r of ρ (Parlett, Thm 4.5.1); if the
         * Cholesky of Ĥ − sI completes at s = ρ − r − 2e₁, none lies below s − e₂. */
        if ((st = ovp_eigcert_check(&w->H, 0, rho - r - 2.0 * e1, &w->F, &chol, &lo)))
            return st;
        if (chol)
            hw = fmax(rho - lo, up) * (1.0 + 4.0 * DBL_EPSILON);
    }
    if (!(hw <= err_max))
        return OVP_OK;
    *lambda = rho;
    *err = hw;
    *ok = 1;
    return OVP_OK;
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

/* λ_min(∇²L(W)) for ovp_sosp_find: the enclosure when k ≤ min(d, n) and it certifies (*err its
 * half-width), else ovp_sosp_hessian_min's value (*err = 0). Leaves S(W) in w->S. */
static int find_hessian_min(const ovp_quadnet_problem *p, const ovp_mat *W, const ovp_sosp_opts *o,
                            ovp_sosp_work *w, double *lambda, double *err)
{
    *err = 0.0;
    if (w->k > w->d || w->k > w->n)
        return ovp_sosp_hessian_min(p, W, w, lambda, NULL);
    double f;
    int st = ovp_quadnet_value(p, W, &w->qw, &f), ok = 0;
    if (!st)
        st = ovp_sosp_form_hessian(p, w);
    if (!st)
        st = enclose_dense_min(w, o->curv_tol, ENCLOSE_ERR_SHARE * o->curv_tol, lambda, err, &ok);
    if (st || ok)
        return st;
    *err = 0.0;
    return ovp_linalg_eig_min(&w->H, lambda, &w->ws); /* Ĥ as formed: the upper triangle is intact */
}

int ovp_sosp_find(const ovp_quadnet_problem *p, ovp_mat *W, const ovp_sosp_opts *o, ovp_sosp_work *w,
                  ovp_sosp_result *res)
{
    if (W->ld != W->cols || W->rows != w->k || W->cols != w->d)
        return OVP_EINVAL;
    const size_t N = w->k * w->d;
    *res = (ovp_sosp_result){.outcome = OVP_SOSP_MAXITER, .hess_min = NAN, .hess_err = 0.0};
    double f, gnorm;
    int st = ovp_quadnet_value_grad(p, W, &w->qw, &f, &w->G);
    if (st)
        return st;
    gnorm = norm2(N, w->G.data);
    for (;;) {
        int stalled;
        if ((st = descend(p, W, o, w, &f, &gnorm, res, &stalled)))
            return st;
        double lam, lam_err = 0.0;
        if ((st = find_hessian_min(p, W, o, w, &lam, &lam_err)))
            return st;
        res->hessians++;
        res->hess_min = lam;
        res->hess_err = lam_err;
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
