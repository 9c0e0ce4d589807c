/* kernels/numerics/linalg.h: the few dense eigen/SVD/Cholesky operations ovp needs.
 * Row-major symmetric matrices use their upper triangle; the call passes it to
 * LAPACK as the lower triangle of a column-major matrix, so no transposed copy
 * is made. Every LAPACK info is checked: a failure returns OVP_ELAPACK and
 * ovp_status_lapack_info() tells the code. */
#ifndef OVP_LINALG_H
#define OVP_LINALG_H

#include "mat.h"
#include "status.h"
#include "work.h"

/* C = alpha·op(A)·op(B) + beta·C (dgemm), op(X) = Xᵀ when trans_X: the one
 * product call of the kernels, shapes checked (OVP_EINVAL on a mismatch). */
OVP_MUST_CHECK int ovp_linalg_gemm(double alpha, const ovp_mat *A, int trans_a, const ovp_mat *B, int trans_b,
                                   double beta, ovp_mat *C);

/* λ_min (largest = 0) or λ_max (largest = 1) of symmetric A (overwritten), by
 * ovp_linalg_eig_min / ovp_linalg_eig_max; *value is NaN when that fails. */
OVP_MUST_CHECK int ovp_linalg_eig_end(ovp_mat *A, int largest, ovp_work *ws, double *value);

/* An eigenvalue of an n×n Gram matrix G formed from dot products of total
 * length len (G = K ∘ (AAᵀ) or XXᵀ) is zero to working precision below this,
 * by Weyl's inequality: each entry is within γ_{len+2}·√(G_ii G_jj) ≤
 * γ_{len+2}·λ_max of its exact value (dot products, Higham §3.1; two more
 * roundings for a Hadamard product), so ‖ΔG‖₂ ≤ n·γ_{len+2}·λ_max; dsyevr adds
 * n·u·λ_max (LAPACK Users' Guide §4.7, p(n) = n). */
double ovp_linalg_zero_floor(size_t n, size_t len, double lambda_max);

/* Symmetric eigen-solver variant: dsyevr (MRRR) or its two-stage reduction. */
typedef enum { OVP_EIG_DSYEVR = 0, OVP_EIG_DSYEVR_2STAGE = 1 } ovp_linalg_eig_method;

/* Eigenvalues il..iu (1-based, ascending) of symmetric A, values only, by
 * dsyevr with RANGE='I': only the requested part of the spectrum is computed.
 * w receives iu − il + 1 values. A is overwritten. */
OVP_MUST_CHECK int ovp_linalg_eig_range(ovp_mat *A, size_t il, size_t iu, double *w, ovp_work *ws);
OVP_MUST_CHECK int ovp_linalg_eig_range_method(ovp_mat *A, size_t il, size_t iu, double *w, ovp_work *ws,
                                               ovp_linalg_eig_method method);

/* Smallest / largest eigenvalue of symmetric A. A is overwritten. */
OVP_MUST_CHECK int ovp_linalg_eig_min(ovp_mat *A, double *lambda_min, ovp_work *ws);
OVP_MUST_CHECK int ovp_linalg_eig_max(ovp_mat *A, double *lambda_max, ovp_work *ws);

/* All eigenvalues (ascending) and, when V != NULL, orthonormal eigenvectors as
 * the columns of V (n×n, row-major). For the small matrices (≤ a few hundred)
 * of the prox and Hessian kernels. A is overwritten. */
OVP_MUST_CHECK int ovp_linalg_eig_sym(ovp_mat *A, double *w, ovp_mat *V, ovp_work *ws);

/* is_pd = 1 when A − c·I is positive definite, 0 when not, decided by one
 * Cholesky factorisation (dpotrf) of a copy held in ws. A is kept.
 * Exact decision for λ_min(A) > c at a sixth of the cost of the eigenvalue. */
OVP_MUST_CHECK int ovp_linalg_is_pd_shifted(const ovp_mat *A, double c, ovp_work *ws, int *is_pd);

/* Singular values of A (dgesdd, JOBZ='N'), descending, min(rows, cols) of them.
 * A is overwritten. */
OVP_MUST_CHECK int ovp_linalg_svd_values(ovp_mat *A, double *s, ovp_work *ws);

/* Smallest eigenvalue of symmetric A and a unit eigenvector v (length n), by
 * dsyevr with RANGE='I', il = iu = 1: a negative-curvature direction at the
 * cost of one tridiagonal reduction. A is overwritten. */
OVP_MUST_CHECK int ovp_linalg_eig_min_vec(ovp_mat *A, double *lambda_min, double *v, ovp_work *ws);

/* Solves A x = b for symmetric positive definite A (upper triangle) by one
 * Cholesky factorisation (dpotrf + dpotrs) of a copy held in ws; A is kept and
 * b is overwritten by x. OVP_EDOM when A is not positive definite. */
OVP_MUST_CHECK int ovp_linalg_spd_solve(const ovp_mat *A, double *b, ovp_work *ws);

/* The in-place twin of ovp_linalg_spd_solve, without the copy: solves A x = b for
 * symmetric A (upper triangle of the row-major matrix read)
 * by Cholesky, dpotrf + dpotrs: n³/3 flops. A is overwritten by its factor.
 * When A is positive definite *is_pd = 1 and b holds x; otherwise *is_pd = 0
 * and b is kept. For Newton steps on a Hessian. */
OVP_MUST_CHECK int ovp_linalg_cholesky_solve(ovp_mat *A, double *b, int *is_pd);

#endif
