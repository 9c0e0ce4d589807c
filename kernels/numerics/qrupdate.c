/* kernels/numerics/qrupdate.c: R of a matrix grown by rows (dtpqrt). */
#include "qrupdate.h"

#include <lapacke.h>
#include <string.h>

/* dtpqrt's block size: its blocked update (dtprfb) is dgemm-bound from a few tens of columns. */
#define QRUPDATE_NB 32

int ovp_qrupdate_append(double *R, size_t n, const double *B, size_t b, size_t ldb, ovp_work *ws)
{
    if (n == 0 || ldb < b)
        return OVP_EINVAL;
    if (b == 0)
        return OVP_OK;
    size_t nb = n < QRUPDATE_NB ? n : QRUPDATE_NB;
    /* ws: a copy of B (dtpqrt overwrites it with the reflectors), T (nb×n) and work (nb×n) */
    int st = ovp_work_reserve(ws, b * n + 2 * nb * n, 0);
    if (st)
        return st;
    double *V = ws->d, *T = V + b * n, *work = T + nb * n;
    for (size_t j = 0; j < n; j++)
        memcpy(V + j * b, B + j * ldb, b * sizeof(double));
    lapack_int info = LAPACKE_dtpqrt_work(LAPACK_COL_MAJOR, (lapack_int)b, (lapack_int)n, 0, (lapack_int)nb, R,
                                          (lapack_int)n, V, (lapack_int)b, T, (lapack_int)nb, work);
    return ovp_status_from_lapack((int)info);
}
