/* kernels/numerics/qrupdate.h: the triangular factor R of a tall matrix grown by blocks of rows,
 * and certified extreme singular values of R.
 *
 * For nested prefixes A_1 ⊂ A_2 ⊂ … (each the first rows of the next) the R of A_{j+1} is that of
 * [R_j; B] with B the new rows (A = QR ⇒ [A; B] = diag(Q, I)·[R; B]), so each step costs 2·b·n²
 * flops instead of a QR (or an SVD's bidiagonalisation) of the whole prefix. A_j and R_j have the
 * same singular values; σ(R) then costs a dgesdd of n×n instead of m×n, or, for σ_min and σ_max
 * alone, ovp_qrupdate_sigma_ends. */
#ifndef OVP_QRUPDATE_H
#define OVP_QRUPDATE_H

#include <stddef.h>

#include "mat.h"
#include "status.h"
#include "work.h"

/* R ← the triangular factor of [R; B], by LAPACK's dtpqrt (l = 0: Householder QR of the stacked
 * matrix, Q not formed).
 * R: n×n upper triangular, column-major, leading dimension n; start from R = 0 (then R ← the
 *    factor of B). The strictly lower part is never referenced (keep it zero to pass R on).
 * B: b×n, column-major, leading dimension ldb ≥ b; kept (copied into ws).
 * Backward stable (Higham, Accuracy and Stability, Thm 19.4): after any number of steps the
 * computed R is the exact factor of A + E with ‖E‖_F ≤ c·m·n·u·‖A‖_F over all m rows appended
 * so far, c a small constant; so by Weyl |σ_i(R) − σ_i(A)| ≤ ‖E‖₂, with no κ(A)² (unlike AᵀA).
 * Errors: OVP_EINVAL (n = 0, ldb < b), OVP_ENOMEM, OVP_ELAPACK (info in ovp_status_lapack_info). */
OVP_MUST_CHECK int ovp_qrupdate_append(double *R, size_t n, const double *B, size_t b, size_t ldb, ovp_work *ws);

typedef struct {
    double smin, smax;       /* the estimates: √ of eigcert's final Rayleigh quotients of RRᵀ */
    double smin_lo, smin_hi; /* smin_lo ≤ σ_min(R) ≤ smin_hi, R exactly as stored */
    double smax_lo, smax_hi; /* smax_lo ≤ σ_max(R) ≤ smax_hi */
    double half_width;       /* the largest distance from smin or smax to an end of its enclosure */
    int certified;           /* 1: all of the above proved; 0: nothing is (see below) */
} ovp_qrupdate_ends;

/* σ_min and σ_max of R (n×n upper triangular, column-major, ld n, strictly lower part zero)
 * with certified enclosures, without a bidiagonalisation (dgesdd: (8/3)n³ flops, half of them
 * memory-bound dgemv): G = RRᵀ by dlauum (n³/3 flops), then λ_min(G) and λ_max(G) by
 * kernels/numerics/eigcert.h (four Cholesky factorisations, (4/3)n³ BLAS-3 flops, and block
 * Krylov), σ = √λ.
 * Rounding: every entry of the computed Ĝ is an inner product of length ≤ n, so
 * |Ĝ − RRᵀ| ≤ γ_n|R||Rᵀ| entrywise (Higham §3.1, any summation order: blocked dlauum with
 * conventional BLAS-3) and ‖Ĝ − RRᵀ‖₂ ≤ γ_n‖|R|‖₂² ≤ γ_n‖R‖_F² =: f, with ‖R‖_F² ≤
 * tr(Ĝ)/(1 − γ_n)² (the diagonal is a sum of squares, its computed trace low by ≤ γ_n). By
 * Weyl, λ(RRᵀ) lies within f of λ(Ĝ), whose ends eigcert encloses; the square roots are
 * rounded outward. The λ_min half-width is about r + 4(n+2)u·‖R‖_F², so σ_min's is about that
 * over 2σ_min: small singular values (κ(R) near 1/√u) are left to dgesdd (callers compare
 * half_width with their own budget).
 * budget: when the σ_min enclosure (computed first) is already wider than this, λ_max is not
 * computed and certified = 0 (≤ 0 or INFINITY: no limit).
 * certified = 0 also when an eigcert fell back to dsyevr (Ĝ not numerically positive definite,
 * or a certifying Cholesky stopped): then the other fields are NaN and nothing is proved.
 * G and F: n×n scratch (row-major ovp_mat, ld n), overwritten. Deterministic.
 * Errors: OVP_EINVAL (shapes), OVP_ENOMEM, OVP_ELAPACK. */
OVP_MUST_CHECK int ovp_qrupdate_sigma_ends(const double *R, size_t n, double budget, ovp_mat *G, ovp_mat *F,
                                           ovp_work *ws, ovp_qrupdate_ends *out);

#endif
