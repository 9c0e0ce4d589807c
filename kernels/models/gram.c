/* kernels/models/gram.c: closed-form kernels over one dsyrk each. */
#include "gram.h"
#include "angle.h"
#include "status.h"

#include <cblas.h>
#include <float.h>
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

static int square_over(const ovp_mat *X, const ovp_mat *K, const ovp_mat *H)
{
    return K->rows == K->cols && H->rows == K->rows && H->cols == K->cols && X->rows == K->rows;
}

double ovp_gram_hinf_entry(const double *xi, const double *xj, double ni, double nj, size_t d, double c)
{
    /* The angle of x_i with itself is exactly 0. */
    if (xi == xj)
        return 0.5 * c;
    const double inv2pi = 1.0 / (2.0 * M_PI);
    double t = 0, sn, cs;
    if (ni > 0.0 && nj > 0.0)
        ovp_angle(xi, xj, ni, nj, d, c / (ni * nj), &t, &sn, &cs);
    return c * (M_PI - t) * inv2pi;
}

int ovp_gram_hinf(const ovp_mat *X, const ovp_mat *K, ovp_mat *H)
{
    if (!square_over(X, K, H))
        return OVP_EINVAL;
    size_t d = X->cols;
    for (size_t i = 0; i < K->rows; i++) {
        double ni = sqrt(OVP_AT(K, i, i));
        OVP_AT(H, i, i) = ovp_gram_hinf_entry(&OVP_AT(X, i, 0), &OVP_AT(X, i, 0), ni, ni, d, OVP_AT(K, i, i));
        for (size_t j = i + 1; j < K->cols; j++)
            OVP_AT(H, i, j) = ovp_gram_hinf_entry(&OVP_AT(X, i, 0), &OVP_AT(X, j, 0), ni, sqrt(OVP_AT(K, j, j)), d,
                                                  OVP_AT(K, i, j));
    }
    return OVP_OK;
}

double ovp_gram_hinf_entry_error(size_t d)
{
    const double u = DBL_EPSILON / 2;
    double gamma = (double)(d + 2) * u / (1.0 - (double)(d + 2) * u);
    /* (|δc| π + |δθ|)/2π with |δc| ≤ γ, |δθ| ≤ 22.4 γ + 2uπ (angle.h), plus the
     * three roundings of the product: (π + 22.4)/2π < 4.1 */
    return 4.1 * gamma + 4.0 * u;
}

double ovp_gram_lambda_error(size_t n, size_t d, double lambda_max)
{
    const double u = DBL_EPSILON / 2;
    /* Weyl: |λ̂ − λ| ≤ ‖ΔH‖₂ + solver ≤ n max|ΔH_ij| + n u ‖H‖₂ */
    return (double)n * ovp_gram_hinf_entry_error(d) + (double)n * u * fabs(lambda_max);
}

int ovp_gram_arccos1(const ovp_mat *X, const ovp_mat *K, ovp_mat *A)
{
    if (!square_over(X, K, A))
        return OVP_EINVAL;
    const double inv2pi = 1.0 / (2.0 * M_PI);
    size_t n = K->rows, d = X->cols;
    /* In place is safe: row i reads the diagonal of rows j > i, which only
     * later rows overwrite, and its own diagonal before writing it. */
    for (size_t i = 0; i < n; i++) {
        double ni = sqrt(OVP_AT(K, i, i));
        OVP_AT(A, i, i) = 0.5 * OVP_AT(K, i, i); /* θ = 0 exactly: ‖x_i‖²·π/2π */
        for (size_t j = i + 1; j < n; j++) {
            double nj = sqrt(OVP_AT(K, j, j)), v = 0.0;
            if (ni > 0.0 && nj > 0.0) {
                double t, sn, cs;
                ovp_angle(&OVP_AT(X, i, 0), &OVP_AT(X, j, 0), ni, nj, d, OVP_AT(K, i, j) / (ni * nj), &t, &sn,
                          &cs);
                v = ni * nj * (sn + (M_PI - t) * cs) * inv2pi;
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
