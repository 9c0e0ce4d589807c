/* kernels/linalg.c: LAPACKE wrappers with checked info and no hidden allocation. */
#include "linalg.h"
#include "status.h"

#include <lapacke.h>
#include <string.h>

_Static_assert(sizeof(lapack_int) == sizeof(int), "ovp_work holds LAPACK integers as int (LP64 LAPACK)");

static int lapack_status(lapack_int info)
{
    if (info == 0)
        return OVP_OK;
    ovp_set_lapack_info((int)info);
    return OVP_ELAPACK;
}

static int check_square(const ovp_mat *A)
{
    return (A->rows == 0 || A->rows != A->cols || A->ld < A->cols) ? OVP_EINVAL : OVP_OK;
}

int ovp_eig_range_method(ovp_mat *A, size_t il, size_t iu, double *w, ovp_work *ws,
                         ovp_eig_method method)
{
    if (check_square(A) || il < 1 || iu < il || iu > A->rows)
        return OVP_EINVAL;
    lapack_int n = (lapack_int)A->rows, found = 0, isuppz[2];
    /* Bisection to twice the underflow threshold: the most accurate setting (dsyevr docs). */
    double abstol = 2.0 * LAPACKE_dlamch('S'), z = 0.0, query = 0.0;
    lapack_int iquery = 0, info;
    if (method == OVP_EIG_DSYEVR_2STAGE)
        info = LAPACKE_dsyevr_2stage_work(LAPACK_COL_MAJOR, 'N', 'I', 'L', n, A->data,
                                          (lapack_int)A->ld, 0, 0, (lapack_int)il, (lapack_int)iu,
                                          abstol, &found, w, &z, 1, isuppz, &query, -1, &iquery, -1);
    else
        info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'N', 'I', 'L', n, A->data, (lapack_int)A->ld,
                                   0, 0, (lapack_int)il, (lapack_int)iu, abstol, &found, w, &z, 1,
                                   isuppz, &query, -1, &iquery, -1);
    if (info)
        return lapack_status(info);
    size_t lwork = (size_t)query + 1, liwork = (size_t)iquery + 1;
    int st = ovp_work_reserve(ws, lwork, liwork);
    if (st)
        return st;
    if (method == OVP_EIG_DSYEVR_2STAGE)
        info = LAPACKE_dsyevr_2stage_work(LAPACK_COL_MAJOR, 'N', 'I', 'L', n, A->data,
                                          (lapack_int)A->ld, 0, 0, (lapack_int)il, (lapack_int)iu,
                                          abstol, &found, w, &z, 1, isuppz, ws->d,
                                          (lapack_int)lwork, ws->i, (lapack_int)liwork);
    else
        info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, 'N', 'I', 'L', n, A->data, (lapack_int)A->ld,
                                   0, 0, (lapack_int)il, (lapack_int)iu, abstol, &found, w, &z, 1,
                                   isuppz, ws->d, (lapack_int)lwork, ws->i, (lapack_int)liwork);
    if (info)
        return lapack_status(info);
    return found == (lapack_int)(iu - il + 1) ? OVP_OK : lapack_status(-1000);
}

int ovp_eig_range(ovp_mat *A, size_t il, size_t iu, double *w, ovp_work *ws)
{
    return ovp_eig_range_method(A, il, iu, w, ws, OVP_EIG_DSYEVR);
}

int ovp_eig_min(ovp_mat *A, double *lambda_min, ovp_work *ws)
{
    return ovp_eig_range(A, 1, 1, lambda_min, ws);
}

int ovp_eig_max(ovp_mat *A, double *lambda_max, ovp_work *ws)
{
    return ovp_eig_range(A, A->rows, A->rows, lambda_max, ws);
}

int ovp_eig_sym(ovp_mat *A, double *w, ovp_mat *V, ovp_work *ws)
{
    if (check_square(A) || (V && (V->rows != A->rows || V->cols != A->rows)))
        return OVP_EINVAL;
    lapack_int n = (lapack_int)A->rows, found = 0, info, iquery = 0;
    double query = 0.0, abstol = 2.0 * LAPACKE_dlamch('S'), z = 0.0;
    char jobz = V ? 'V' : 'N';
    /* Column-major eigenvectors of the (col-major) matrix are rows of the
     * row-major buffer; we transpose V in place afterwards. */
    double *zp = V ? V->data : &z;
    lapack_int ldz = V ? (lapack_int)V->ld : 1;
    int st = ovp_work_reserve(ws, 0, 2 * (size_t)n);
    if (st)
        return st;
    int *isuppz = ws->i; /* lives at the front; the iwork follows it */
    info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, jobz, 'A', 'L', n, A->data, (lapack_int)A->ld,
                               0, 0, 0, 0, abstol, &found, w, zp, ldz, isuppz, &query, -1,
                               &iquery, -1);
    if (info)
        return lapack_status(info);
    size_t lwork = (size_t)query + 1, liwork = (size_t)iquery + 1;
    if ((st = ovp_work_reserve(ws, lwork, 2 * (size_t)n + liwork)))
        return st;
    isuppz = ws->i;
    info = LAPACKE_dsyevr_work(LAPACK_COL_MAJOR, jobz, 'A', 'L', n, A->data, (lapack_int)A->ld,
                               0, 0, 0, 0, abstol, &found, w, zp, ldz, isuppz, ws->d,
                               (lapack_int)lwork, ws->i + 2 * n, (lapack_int)liwork);
    if (info)
        return lapack_status(info);
    if (found != n)
        return lapack_status(-1000);
    if (V) /* column-major Z → row-major V with eigenvectors as columns */
        for (size_t i = 0; i < V->rows; i++)
            for (size_t j = i + 1; j < V->cols; j++) {
                double t = OVP_AT(V, i, j);
                OVP_AT(V, i, j) = OVP_AT(V, j, i);
                OVP_AT(V, j, i) = t;
            }
    return OVP_OK;
}

int ovp_is_pd_shifted(const ovp_mat *A, double c, ovp_work *ws, int *is_pd)
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

int ovp_svd_values(ovp_mat *A, double *s, ovp_work *ws)
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

int ovp_cholesky_solve(ovp_mat *A, double *b, int *is_pd)
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
