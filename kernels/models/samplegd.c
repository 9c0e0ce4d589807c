/* kernels/models/samplegd.c: the sample-space GD step shared by relu2 and net1. */
#include "samplegd.h"
#include "linalg.h"

#include <cblas.h>

int ovp_samplegd_step(const ovp_mat *K, const ovp_mat *B, double eta, ovp_mat *Z, double *eta_pending)
{
    if (K->rows != Z->rows || K->cols != Z->rows)
        return OVP_EINVAL;
    /* K is symmetric and fully stored: dgemm outruns dsymm in OpenBLAS. */
    int st = ovp_linalg_gemm(-eta, K, 0, B, 0, 1.0, Z);
    if (!st)
        *eta_pending = eta;
    return st;
}

int ovp_samplegd_weights(ovp_mat *E, const ovp_mat *B, double *eta_pending, const ovp_mat *X, const ovp_mat *W0,
                         ovp_mat *W)
{
    if (W->rows != E->cols || W->cols != X->cols || W0->rows != E->cols || W0->cols != X->cols)
        return OVP_EINVAL;
    if (*eta_pending != 0.0) { /* apply the pending E update */
        cblas_daxpy((int)(E->rows * E->cols), -*eta_pending, B->data, 1, E->data, 1);
        *eta_pending = 0.0;
    }
    int st = ovp_mat_copy(W0, W);
    return st ? st : ovp_linalg_gemm(1.0, E, 1, X, 0, 1.0, W); /* W = W0 + EᵀX */
}
