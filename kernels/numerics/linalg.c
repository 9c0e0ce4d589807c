/* kernels/numerics/linalg.c: LAPACKE wrappers with checked info and no hidden allocation. */
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

_Static_assert(sizeof(lapack_int) == sizeof(int), "ovp_work holds LAPACK integers as int (LP64 LAPACK)");

static int lapack_status(lapack_int info) { return ovp_status_from_lapack((int)info); }

int ovp_linalg_gemm(double alpha, const ovp_mat *A, int trans_a, const ovp_mat *B, int trans_b, double beta,
                    ovp_mat *C)
{
    size_t m = trans_a ? A->cols : A->rows, k = trans_a ? A->rows : A->cols;
    size_t kb = trans_b ? B->cols : B->rows, n = trans_b ? B->rows : B->cols;
    if (k != kb || C->rows != m || C->cols != n)
        return OVP_EINVAL;
    cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, alpha, A->data, (int)A->ld, B->data, (int)B->ld, beta, C->data,
                (int)C->ld);
    return OVP_OK;
}

static int check_square(const ovp_mat *A)
{
    return (A->rows == 0 || A->rows != A->cols || A->ld < A->cols) ? OVP_EINVAL : OVP_OK;
}

/* Every symmetric eigenproblem goes through here: dsyevr (or its two-stage
 * variant, values only) on the upper triangle of row-major A, RANGE 'I' for
 * eigenvalues il..iu or 'A' for all, eigenvectors into column-major Z when
 * Z != NULL. LAPACK's W must hold n values even for a range (dstebz uses it as
 * scratch when eigenvalues cluster), so W lives in ws, never in w_out, which
 * receives only the wanted ones. Layout of ws: doubles [W (n) | work],
 * ints [isuppz (2n) | iwork]. */
static int syevr(ovp_mat *A, char range, size_t il, size_t iu, double *w_out, double *Z,
                 size_t ldz, ovp_work *ws, ovp_linalg_eig_method method)
{
    size_t n = A->rows, want = range == 'A' ? n : iu - il + 1;
    char jobz = Z ? 'V' : 'N';
    lapack_int found = 0, iquery = 0, info;
    /* Bisection to twice the underflow threshold: the most accurate setting (dsyevr docs). */
    double abstol = 2.0 * LAPACKE_dlamch('S'), query = 0.0, zdummy = 0.0;
    double *z = Z ? Z : &zdummy;
    lapack_int lz = Z ? (lapack_int)ldz : 1, nn = (lapack_int)n, lda = (lapack_int)A->ld;
    lapack_int lil = (lapack_int)il, liu = (lapack_int)iu;
    int two_stage = method == OVP_EIG_DSYEVR_2STAGE && !Z; /* 2-stage: values only */
    int st = ovp_work_reserve(ws, n, 2 * n);
    for (int pass = 0; pass < 2 && !st; pass++) {
        size_t lwork = pass ? (size_t)query + 1 : 0, liwork = pass ? (size_t)iquery + 1 : 0;
        if (pass && (st = ovp_work_reserve(ws, n + lwork, 2 * n + liwork)))
            break;
        double *work = pass ? ws->d + n : &query;
        lapack_int *iwork = pass ? ws->i + 2 * n : &iquery;
        lapack_int lw = pass ? (lapack_int)lwork : -1, liw = pass ? (lapack_int)liwork : -1;
        info = two_stage ? LAPACKE_dsyevr_2stage_work(LAPACK_COL_MAJOR, jobz, range, 'L', nn, A->data, lda,
                                                      0, 0, lil, liu, abstol, &found, ws->d, z, lz,
                                                      ws->i, work, lw, iwork, liw)
                         : LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, jobz, range, 'L', nn, A->data, lda, 0,
                                               0, lil, liu, abstol, &found, ws->d, z, lz, ws->i, work,
                                               lw, iwork, liw);
        if (info)
            return lapack_status(info);
    }
    if (st)
        return st;
    if ((size_t)found < want)
        return lapack_status(-1000); /* fewer eigenvalues than asked: not expected from dsyevr */
    memcpy(w_out, ws->d, want * sizeof(double));
    return OVP_OK;
}

int ovp_linalg_eig_range_method(ovp_mat *A, size_t il, size_t iu, double *w, ovp_work *ws,
                                ovp_linalg_eig_method method)
{
    if (check_square(A) || il < 1 || iu < il || iu > A->rows)
        return OVP_EINVAL;
    return syevr(A, 'I', il, iu, w, NULL, 1, ws, method);
}

int ovp_linalg_eig_range(ovp_mat *A, size_t il, size_t iu, double *w, ovp_work *ws)
{
    return ovp_linalg_eig_range_method(A, il, iu, w, ws, OVP_EIG_DSYEVR);
}

int ovp_linalg_eig_min(ovp_mat *A, double *lambda_min, ovp_work *ws)
{
    return ovp_linalg_eig_range(A, 1, 1, lambda_min, ws);
}

int ovp_linalg_eig_max(ovp_mat *A, double *lambda_max, ovp_work *ws)
{
    return ovp_linalg_eig_range(A, A->rows, A->rows, lambda_max, ws);
}

int ovp_linalg_eig_end(ovp_mat *A, int largest, ovp_work *ws, double *value)
{
    int st = largest ? ovp_linalg_eig_max(A, value, ws) : ovp_linalg_eig_min(A, value, ws);
    if (st)
        *value = NAN;
    return st;
}

double ovp_linalg_zero_floor(size_t n, size_t len, double lambda_max)
{
    const double u = DBL_EPSILON / 2, m = (double)(len + 2);
    return (double)n * (m * u / (1.0 - m * u) + u) * fabs(lambda_max);
}

int ovp_linalg_eig_sym(ovp_mat *A, double *w, ovp_mat *V, ovp_work *ws)
{
    if (check_square(A) || (V && (V->rows != A->rows || V->cols != A->rows)))
        return OVP_EINVAL;
    /* Column-major eigenvectors of the (column-major) matrix are rows of the
     * row-major buffer; V is transposed in place afterwards. */
    int st = syevr(A, 'A', 0, 0, w, V ? V->data : NULL, V ? V->ld : 1, ws, OVP_EIG_DSYEVR);
    if (st || !V)
        return st;
    for (size_t i = 0; i < V->rows; i++)
        for (size_t j = i + 1; j < V->cols; j++) {
            double t = OVP_AT(V, i, j);
            OVP_AT(V, i, j) = OVP_AT(V, j, i);
            OVP_AT(V, j, i) = t;
        }
    return OVP_OK;
}

int ovp_linalg_eig_min_vec(ovp_mat *A, double *lambda_min, double *v, ovp_work *ws)
{
    if (check_square(A))
        return OVP_EINVAL;
    /* Column-major Z with one column is just the vector v. */
    return syevr(A, 'I', 1, 1, lambda_min, v, A->rows, ws, OVP_EIG_DSYEVR);
}

int ovp_linalg_is_pd_shifted(const ovp_mat *A, double c, ovp_work *ws, int *is_pd)
{
    if (check_square(A))
        return OVP_EINVAL;
    size_t n = A->rows;
    int st = ovp_work_reserve(ws, n * n, 0);
    if (st)
        return st;
    for (size_t i = 0; i < n; i++) { /* copy the upper triangle, shifted */
        memcpy(ws->d + i * n + i, &OVP_AT(A, i, i), (n - i) * sizeof(double));
        ws->d[i * n + i] -= c;
    }
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', (lapack_int)n, ws->d, (lapack_int)n);
    if (info < 0)
        return lapack_status(info);
    *is_pd = info == 0; /* info > 0: leading minor of that order is not positive */
    return OVP_OK;
}

int ovp_linalg_svd_values(ovp_mat *A, double *s, ovp_work *ws)
{
    if (A->rows == 0 || A->cols == 0 || A->ld < A->cols)
        return OVP_EINVAL;
    /* Row-major A (r×c) is column-major Aᵀ (c×r): same singular values. */
    lapack_int m = (lapack_int)A->cols, n = (lapack_int)A->rows, lda = (lapack_int)A->ld;
    lapack_int mn = m < n ? m : n;
    double query = 0.0, dummy = 0.0;
    int st = ovp_work_reserve(ws, 0, 8 * (size_t)mn);
    if (st)
        return st;
    lapack_int info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'N', m, n, A->data, lda, s, &dummy, 1,
                                          &dummy, 1, &query, -1, ws->i);
    if (info)
        return lapack_status(info);
    size_t lwork = (size_t)query + 1;
    if ((st = ovp_work_reserve(ws, lwork, 8 * (size_t)mn)))
        return st;
    info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'N', m, n, A->data, lda, s, &dummy, 1, &dummy, 1,
                               ws->d, (lapack_int)lwork, ws->i);
    return lapack_status(info);
}

int ovp_linalg_spd_solve(const ovp_mat *A, double *b, ovp_work *ws)
{
    int pd = 0, st = ovp_linalg_is_pd_shifted(A, 0.0, ws, &pd); /* leaves the Cholesky factor in ws */
    if (st)
        return st;
    if (!pd)
        return OVP_EDOM;
    lapack_int n = (lapack_int)A->rows;
    return lapack_status(LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, ws->d, n, b, n));
}

int ovp_linalg_cholesky_solve(ovp_mat *A, double *b, int *is_pd)
{
    if (check_square(A))
        return OVP_EINVAL;
    lapack_int n = (lapack_int)A->rows, lda = (lapack_int)A->ld;
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, A->data, lda);
    if (info < 0)
        return lapack_status(info);
    *is_pd = info == 0;
    if (!*is_pd)
        return OVP_OK;
    return lapack_status(LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1, A->data, lda, b, n));
}
