/* kernels/numerics/eigcert.c: certified extreme eigenvalues by Cholesky and block Krylov (see eigcert.h). */
#include "eigcert.h"
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

/* Block size and Krylov steps per cycle, measured at n = 2000 on H∞: for
 * λ_min (dpotrs, the bottom clustered: relative gap ~3e-3) 8 and 4; for λ_max
 * (one memory-bound pass over H per step) 8 and 10, 3 cycles. */
#define EC_BLOCK 8
#define EC_STEPS_MIN 4
#define EC_STEPS_MAX 10
#define EC_CYCLES 40   /* cycles at most in one phase */
#define EC_LWORK 64    /* LAPACK work per basis column (dgeqrf, dorgqr, dsyev) */

static const double U = DBL_EPSILON / 2;

static double gamma_k(double k)
{
    return k * U / (1.0 - k * U);
}

static int lapack_status(lapack_int info) { return ovp_status_from_lapack((int)info); }

static int check_shapes(const ovp_mat *A, const ovp_mat *F)
{
    size_t n = A->rows;
    return (n == 0 || A->cols != n || A->ld < n || F->rows != n || F->cols != n || F->ld < n) ? OVP_EINVAL
                                                                                              : OVP_OK;
}

int ovp_eigcert_check(const ovp_mat *A, int largest, double shift, ovp_mat *F, int *ok, double *bound)
{
    if (check_shapes(A, F))
        return OVP_EINVAL;
    size_t n = A->rows;
    double s = largest ? -1.0 : 1.0, trace = 0.0, dmax = 0.0;
    for (size_t i = 0; i < n; i++) { /* M = s·(A − shift·I), upper triangle = LAPACK's column-major lower */
        const double *a = &OVP_AT(A, i, i);
        double *f = &OVP_AT(F, i, i);
        if (largest)
            for (size_t j = 0; j < n - i; j++)
                f[j] = -a[j];
        else
            memcpy(f, a, (n - i) * sizeof *f);
        f[0] = s * (a[0] - shift);
        trace += f[0];
        dmax = fmax(dmax, fabs(f[0]));
    }
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', (lapack_int)n, F->data, (lapack_int)F->ld);
    if (info < 0)
        return lapack_status(info);
    *ok = info == 0;
    if (!*ok) {
        *bound = NAN;
        return OVP_OK;
    }
    const double g = gamma_k((double)n + 2);
    double e = g / (1.0 - g) * (trace / (1.0 - gamma_k((double)n))) + U * dmax;
    e *= 1.0 + 8 * U; /* the few roundings of e itself, upward */
    *bound = largest ? shift + e : shift - e;
    *bound = nextafter(*bound, largest ? INFINITY : -INFINITY);
    return OVP_OK;
}

/* Workspace: Q (n×m basis), HQ (n×m), X and HX (n×b Ritz vectors and H times
 * them), G (m×m), w (m), tau (m), S (m×b), LAPACK work; column-major. */
typedef struct {
    size_t n, b, k, m;
    double *Q, *HQ, *X, *HX, *G, *w, *tau, *S, *work;
    size_t lwork;
} krylov;

static int krylov_init(krylov *K, size_t n, size_t steps, ovp_work *ws)
{
    K->n = n;
    K->k = steps;
    K->b = n / (steps + 1) < EC_BLOCK ? n / (steps + 1) : EC_BLOCK;
    if (K->b == 0) { /* n ≤ steps: one vector, n − 1 steps span the space */
        K->b = 1;
        K->k = n - 1;
    }
    K->m = K->b * (K->k + 1);
    size_t m = K->m, b = K->b;
    K->lwork = EC_LWORK * m;
    int st = ovp_work_reserve(ws, 2 * n * m + 2 * n * b + m * m + 2 * m + m * b + K->lwork, 0);
    if (st)
        return st;
    K->Q = ws->d;
    K->HQ = K->Q + n * m;
    K->X = K->HQ + n * m;
    K->HX = K->X + n * b;
    K->G = K->HX + n * b;
    K->w = K->G + m * m;
    K->tau = K->w + m;
    K->S = K->tau + m;
    K->work = K->S + m * b;
    return OVP_OK;
}

/* Orthonormal columns for Z = Q[:, off:off+c] against Q[:, 0:off]: block
 * Gram–Schmidt twice, Householder QR, once more after it (when Z was nearly
 * in the span, QR normalises rounding noise, which the last pass cleans). */
static int orthonormalise(krylov *K, size_t off, size_t c)
{
    size_t n = K->n;
    double *Z = K->Q + off * n;
    for (int pass = 0; pass < 4; pass++) {
        if (pass != 2 && off > 0) {
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)off, (int)c, (int)n, 1.0, K->Q, (int)n, Z,
                        (int)n, 0.0, K->S, (int)off);
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)c, (int)off, -1.0, K->Q, (int)n,
                        K->S, (int)off, 1.0, Z, (int)n);
        }
        if (pass >= 2) {
            lapack_int info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)c, Z, (lapack_int)n,
                                                  K->tau, K->work, (lapack_int)K->lwork);
            if (!info)
                info = LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)c, (lapack_int)c, Z,
                                           (lapack_int)n, K->tau, K->work, (lapack_int)K->lwork);
            if (info)
                return lapack_status(info);
        }
    }
    return OVP_OK;
}

/* out = op(in) for c column-major vectors: (H − σI)⁻¹·in through the
 * Cholesky factor in F (dpotrs, λ_min) or H·in with F a full symmetric copy
 * of H (dgemm: OpenBLAS's dsymm with a few columns runs at a third of its
 * speed, λ_max). */
static int apply_op(const ovp_mat *F, int largest, const double *in, double *out, size_t c)
{
    size_t n = F->rows;
    if (largest) {
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)c, (int)n, 1.0, F->data, (int)F->ld, in,
                    (int)n, 0.0, out, (int)n);
        return OVP_OK;
    }
    memcpy(out, in, n * c * sizeof *out);
    return lapack_status(LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', (lapack_int)n, (lapack_int)c, F->data,
                                             (lapack_int)F->ld, out, (lapack_int)n));
}

/* One cycle: orthonormal basis Q of [V, op V, …, op^k V] from the start block
 * V = Q[:, 0:b], W = op(Q) along the way, Rayleigh–Ritz of op on it
 * (G = QᵀW), the b Ritz vectors of op's largest Ritz values μ (1/λ for H⁻¹,
 * λ for H) into X and the residual norms ‖op x − μx‖ into res. */
static int krylov_cycle(krylov *K, const ovp_mat *F, int largest, double *mu, double *res)
{
    size_t n = K->n, b = K->b, m = K->m;
    int st = orthonormalise(K, 0, b);
    for (size_t s = 0; s <= K->k && !st; s++) {
        double *q = K->Q + s * b * n, *w = K->HQ + s * b * n;
        if ((st = apply_op(F, largest, q, w, b)) || s == K->k)
            break;
        memcpy(q + b * n, w, n * b * sizeof *w);
        st = orthonormalise(K, (s + 1) * b, b);
    }
    if (st)
        return st;
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)m, (int)m, (int)n, 1.0, K->Q, (int)n, K->HQ, (int)n,
                0.0, K->G, (int)m);
    lapack_int info = LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'V', 'U', (lapack_int)m, K->G, (lapack_int)m, K->w,
                                         K->work, (lapack_int)K->lwork);
    if (info)
        return lapack_status(info);
    for (size_t j = 0; j < b; j++) { /* the largest μ first */
        memcpy(K->S + j * m, K->G + (m - 1 - j) * m, m * sizeof(double));
        mu[j] = K->w[m - 1 - j];
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)b, (int)m, 1.0, K->Q, (int)n, K->S, (int)m,
                0.0, K->X, (int)n);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)b, (int)m, 1.0, K->HQ, (int)n, K->S,
                (int)m, 0.0, K->HX, (int)n);
    for (size_t j = 0; j < b; j++) {
        double r2 = 0.0;
        for (size_t i = 0; i < n; i++) {
            double t = K->HX[j * n + i] - mu[j] * K->X[j * n + i];
            r2 += t * t;
        }
        res[j] = sqrt(r2);
    }
    memcpy(K->Q, K->X, n * b * sizeof(double)); /* restart from the Ritz vectors */
    return OVP_OK;
}

/* ‖A‖_F from the upper triangle, rounded up (n² nonnegative terms: relative error ≤ γ_{n²} < 1%). */
static double frobenius_up(const ovp_mat *A)
{
    size_t n = A->rows;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *a = &OVP_AT(A, i, i);
        double r = 0.0;
        for (size_t j = 1; j < n - i; j++)
            r += a[j] * a[j];
        s += a[0] * a[0] + 2.0 * r;
    }
    return 1.01 * sqrt(s);
}

/* The e of ovp_eigcert_check for a shift, from the diagonal (what the check will compute, a priori). */
static double cholesky_slack(const ovp_mat *A, int largest, double shift)
{
    size_t n = A->rows;
    double trace = 0.0, dmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        double m = largest ? shift - OVP_AT(A, i, i) : OVP_AT(A, i, i) - shift;
        trace += fabs(m);
        dmax = fmax(dmax, fabs(m));
    }
    const double g = gamma_k((double)n + 2);
    return 1.001 * (g / (1.0 - g) * trace / (1.0 - gamma_k((double)n)) + U * dmax);
}

static int fallback(const ovp_mat *A, int largest, ovp_mat *F, ovp_work *ws, ovp_eigcert *out)
{
    int st = ovp_mat_copy(A, F);
    double v = NAN;
    if (!st)
        st = largest ? ovp_linalg_eig_max(F, &v, ws) : ovp_linalg_eig_min(F, &v, ws);
    out->value = out->lower = out->upper = v;
    out->half_width = 0.0;
    out->certified = 0;
    return st;
}

/* Cycles of block Krylov on op until the end's Ritz value θ has converged:
 * its relative change below rel_change (rough, for a shift), or the residual
 * ‖Hx − θx‖ (from op's, ‖Hx − θx‖ ≤ ‖H − σI‖‖op x − μx‖/μ for op = (H − σI)⁻¹,
 * θ = σ + 1/μ) at most tol or no longer halving (the rounding floor). */
static int iterate(krylov *K, const ovp_mat *F, int largest, double sigma, double hnorm, double rel_change,
                   double tol, int max_cycles, ovp_eigcert *out, double *theta)
{
    double mu[EC_BLOCK], res[EC_BLOCK], prev_r = INFINITY, prev_t = NAN;
    for (int c = 1; c <= max_cycles; c++) {
        out->cycles++;
        int st = krylov_cycle(K, F, largest, mu, res);
        if (st)
            return st;
        double t = largest ? mu[0] : sigma + 1.0 / mu[0];
        double rh = largest ? res[0] : res[0] / mu[0] * hnorm;
        *theta = t;
        if (rh <= tol || fabs(t - prev_t) <= rel_change * fabs(t) || (c > 3 && rh <= 1e4 * tol && rh > 0.5 * prev_r))
            break;
        prev_r = fmin(prev_r, rh);
        prev_t = t;
    }
    return OVP_OK;
}

static int eigcert_end(const ovp_mat *A, int largest, ovp_mat *F, ovp_work *ws, ovp_eigcert *out)
{
    if (check_shapes(A, F))
        return OVP_EINVAL;
    memset(out, 0, sizeof *out);
    out->residual = NAN;
    size_t n = A->rows;
    int ok = 0, st;
    double bound, theta = NAN, sigma = 0.0;
    const double fro = frobenius_up(A);
    /* The residual target: far below the certificate's own slack. */
    const double tol = 0.1 * cholesky_slack(A, largest, largest ? fro : 0.0);
    krylov K;
    if ((st = krylov_init(&K, n, largest ? EC_STEPS_MAX : EC_STEPS_MIN, ws)))
        return st;
    for (size_t i = 0; i < n; i++) /* a fixed, reproducible start block */
        for (size_t j = 0; j < K.b; j++)
            K.Q[j * n + i] = (double)((i * 2654435761u + j * 40503u + 12345u) % 1000003u) / 1000003.0 - 0.5;
    if (largest) {
        /* F = H, full: λ_max is at the top of H's own Krylov space. */
        for (size_t i = 0; i < n; i++) {
            memcpy(&OVP_AT(F, i, i), &OVP_AT(A, i, i), (n - i) * sizeof(double));
            for (size_t j = i + 1; j < n; j++)
                OVP_AT(F, j, i) = OVP_AT(A, i, j);
        }
        if ((st = iterate(&K, F, 1, 0.0, fro, 0.0, tol, EC_CYCLES, out, &theta)))
            return st;
    } else {
        /* λ_min through (H − σI)⁻¹: first σ = 0 (H = LLᵀ; when that fails, H is
         * not numerically positive definite: dsyevr), a few cycles for θ to
         * 2e-3; then σ just below θ, where the iteration converges fast. */
        st = ovp_eigcert_check(A, 0, 0.0, F, &ok, &bound);
        out->factorizations++;
        if (st)
            return st;
        if (!ok)
            return fallback(A, largest, F, ws, out);
        if ((st = iterate(&K, F, 0, 0.0, fro, 2e-3, 0.0, 8, out, &theta)))
            return st;
        ok = 0;
        for (int attempt = 0; attempt < 2 && !ok && theta > 0.0; attempt++) {
            sigma = theta * (attempt ? 0.9 : 0.99);
            if ((st = ovp_eigcert_check(A, 0, sigma, F, &ok, &bound)))
                return st;
            out->factorizations++;
        }
        if (!ok) { /* back to H itself (it factored above) */
            sigma = 0.0;
            if ((st = ovp_eigcert_check(A, 0, 0.0, F, &ok, &bound)))
                return st;
            out->factorizations++;
            if (!ok)
                return fallback(A, largest, F, ws, out);
        }
        if ((st = iterate(&K, F, 0, sigma, fro + sigma, 0.0, tol, EC_CYCLES, out, &theta)))
            return st;
    }
    /* ρ and r of the best Ritz vector x (unit), H·x by dsymv. */
    double *x = K.X, *hx = K.HX, nx = cblas_dnrm2((int)n, x, 1);
    cblas_dscal((int)n, 1.0 / nx, x, 1);
    cblas_dsymv(CblasColMajor, CblasLower, (int)n, 1.0, A->data, (int)A->ld, x, 1, 0.0, hx, 1);
    const double rho = cblas_ddot((int)n, x, 1, hx, 1) / cblas_ddot((int)n, x, 1, x, 1);
    double r2 = 0.0;
    for (size_t i = 0; i < n; i++)
        r2 += (hx[i] - rho * x[i]) * (hx[i] - rho * x[i]);
    const double r = sqrt(r2), rq_err = 3.0 * gamma_k((double)n + 1) * (fro + fabs(rho));
    out->value = rho;
    out->residual = r;
    /* The certificate: a shift beyond ρ by r plus twice the Cholesky slack;
     * once more 16× further out if that Cholesky stops. */
    for (int attempt = 0; attempt < 2; attempt++) {
        double margin = (r + 2.0 * cholesky_slack(A, largest, rho)) * (attempt ? 16.0 : 1.0);
        double shift = largest ? rho + margin : rho - margin;
        st = ovp_eigcert_check(A, largest, shift, F, &ok, &bound);
        out->factorizations++;
        if (st)
            return st;
        if (ok) {
            out->lower = largest ? nextafter(rho - rq_err, -INFINITY) : bound;
            out->upper = largest ? bound : nextafter(rho + rq_err, INFINITY);
            out->half_width = fmax(out->value - out->lower, out->upper - out->value);
            out->certified = 1;
            return OVP_OK;
        }
    }
    return fallback(A, largest, F, ws, out);
}

int ovp_eigcert_min(const ovp_mat *A, ovp_mat *F, ovp_work *ws, ovp_eigcert *out)
{
    return eigcert_end(A, 0, F, ws, out);
}

int ovp_eigcert_max(const ovp_mat *A, ovp_mat *F, ovp_work *ws, ovp_eigcert *out)
{
    return eigcert_end(A, 1, F, ws, out);
}
