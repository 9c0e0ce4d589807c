/* kernels/numerics/qrupdate.h: the triangular factor R of a tall matrix grown by blocks of rows.
 *
 * For nested prefixes A_1 ⊂ A_2 ⊂ … (each the first rows of the next) the R of A_{j+1} is that of
 * [R_j; B] with B the new rows (A = QR ⇒ [A; B] = diag(Q, I)·[R; B]), so each step costs 2·b·n²
 * flops instead of a QR (or an SVD's bidiagonalisation) of the whole prefix. A_j and R_j have the
 * same singular values; σ(R) then costs a dgesdd of n×n instead of m×n. */
#ifndef OVP_QRUPDATE_H
#define OVP_QRUPDATE_H

#include <stddef.h>

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

#endif
