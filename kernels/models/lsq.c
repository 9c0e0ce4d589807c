/* kernels/models/lsq.c: linear least squares, GD and the solution nearest a point. */
#include "lsq.h"
#include "gram.h"
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <string.h>

int ovp_lsq_residual(const ovp_mat *X, const double *y, const double *theta, double *r)
{
    memcpy(r, y, X->rows * sizeof(double));
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)X->rows, (int)X->cols, 1.0, X->data, (int)X->ld,
                theta, 1, -1.0, r, 1);
    return OVP_OK;
}

int ovp_lsq_gd_step(const ovp_mat *X, const double *r, double eta, double *theta)
{
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)X->rows, (int)X->cols, -eta, X->data, (int)X->ld, r,
                1, 1.0, theta, 1);
    return OVP_OK;
}

int ovp_lsq_nearest_solution(const ovp_mat *X, const double *y, const double *theta0, ovp_mat *G,
                             double *c, double *out, ovp_work *ws)
{
    if (G->rows != X->rows || G->cols != X->rows || X->rows > X->cols)
        return OVP_EINVAL;
    int st = ovp_gram_inner(X, G);
    if (!st)
        st = ovp_lsq_residual(X, y, theta0, c);
    if (!st)
        st = ovp_linalg_spd_solve(G, c, ws); /* c = (XXᵀ)⁻¹(Xθ₀ − y) */
    if (st)
        return st;
    memcpy(out, theta0, X->cols * sizeof(double));
    return ovp_lsq_gd_step(X, c, 1.0, out); /* out = θ₀ − Xᵀc */
}
