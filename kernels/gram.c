/* kernels/gram.c: closed-form kernels over one dsyrk each. */
#include "gram.h"
#include "status.h"

#include <cblas.h>
#include <math.h>

static int syrk(const ovp_mat *A, double alpha, ovp_mat *C)
{
    if (A->rows == 0 || A->cols == 0 || C->rows != A->rows || C->cols != A->rows)
        return OVP_EINVAL;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)A->rows, (int)A->cols, alpha,
                A->data, (int)A->ld, 0.0, C->data, (int)C->ld);
    return OVP_OK;
}

int ovp_gram_inner(const ovp_mat *X, ovp_mat *K) { return syrk(X, 1.0, K); }

static double clamp_unit(double c) { return c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c); }

int ovp_gram_hinf(const ovp_mat *K, ovp_mat *H)
{
    if (K->rows != K->cols || H->rows != K->rows || H->cols != K->cols)
        return OVP_EINVAL;
    const double inv2pi = 1.0 / (2.0 * M_PI);
    for (size_t i = 0; i < K->rows; i++) {
        /* The angle of x_i with itself is exactly 0. acos(K_ii) would return
         * √(2·ulp) ≈ 1.5e-8 for K_ii = 1 − ulp, an O(1e-9) error in H_ii. */
        OVP_AT(H, i, i) = 0.5 * OVP_AT(K, i, i);
        for (size_t j = i + 1; j < K->cols; j++) {
            double c = clamp_unit(OVP_AT(K, i, j));
            OVP_AT(H, i, j) = c * (M_PI - acos(c)) * inv2pi;
        }
    }
    return OVP_OK;
}

int ovp_gram_arccos1(const ovp_mat *K, ovp_mat *A)
{
    if (K->rows != K->cols || A->rows != K->rows || A->cols != K->cols)
        return OVP_EINVAL;
    const double inv2pi = 1.0 / (2.0 * M_PI);
    size_t n = K->rows;
    /* In place is safe: row i reads the diagonal of rows j > i, which only
     * later rows overwrite, and its own diagonal before writing it. */
    for (size_t i = 0; i < n; i++) {
        double ni = sqrt(OVP_AT(K, i, i));
        OVP_AT(A, i, i) = 0.5 * OVP_AT(K, i, i); /* θ = 0 exactly: ‖x_i‖²·π/2π */
        for (size_t j = i + 1; j < n; j++) {
            double nn = ni * sqrt(OVP_AT(K, j, j)), v = 0.0;
            if (nn > 0.0) {
                double c = clamp_unit(OVP_AT(K, i, j) / nn), t = acos(c);
                v = nn * (sqrt(fmax(0.0, 1.0 - c * c)) + (M_PI - t) * c) * inv2pi;
            }
            OVP_AT(A, i, j) = v;
        }
    }
    return OVP_OK;
}

int ovp_gram_hk(const ovp_mat *K, const ovp_mat *P, ovp_mat *H)
{
    if (K->rows != K->cols || P->rows != K->rows || H->rows != K->rows || H->cols != K->cols)
        return OVP_EINVAL;
    int st = syrk(P, 1.0 / (double)P->cols, H);
    if (st)
        return st;
    for (size_t i = 0; i < K->rows; i++)
        for (size_t j = i; j < K->cols; j++)
            OVP_AT(H, i, j) *= OVP_AT(K, i, j);
    return OVP_OK;
}
