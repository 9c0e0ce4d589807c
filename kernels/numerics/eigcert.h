/* kernels/numerics/eigcert.h: certified extreme eigenvalues of a symmetric
 * positive (semi)definite matrix without a tridiagonal reduction.
 *
 * A dsyevr of one extreme eigenvalue costs (4/3)n³ flops, half of them
 * memory-bound dsymv (dsytrd). Here λ_min costs three Cholesky factorisations
 * (n³, BLAS-3) and λ_max one (n³/3), plus block Krylov cycles of O(n²) flops
 * per block of 8 vectors (dpotrs or dgemm with 8 columns):
 *   1. λ_min: H = LLᵀ (dpotrf); block Krylov on H⁻¹ (Rayleigh–Ritz of the
 *      operator, restarted from its Ritz vectors) until the estimate θ moves
 *      less than 2e-3 relative; then H − σ₁I = LLᵀ with σ₁ = 0.99θ (0.9θ if
 *      that stops, H itself if both do) and the same iteration on
 *      (H − σ₁I)⁻¹, which converges in a few cycles even when λ₁ ≈ λ₂ (the
 *      bottom of H∞'s spectrum is clustered: relative gaps ~3e-3 at n = 2000,
 *      where the unshifted iteration gains a factor 1.8 per cycle).
 *      λ_max: block Krylov on H itself (dgemm on a full copy in F).
 *      Both stop when the residual is below a tenth of the certificate's slack
 *      e (below) or stops halving near it (the rounding floor).
 *   2. The enclosure. One side is the Rayleigh quotient ρ = xᵀHx/xᵀx of the
 *      final Ritz vector (Courant–Fischer: λ_min ≤ ρ ≤ λ_max) with its
 *      rounding 3γ_{n+1}(‖H‖_F + |ρ|) (dsymv and two dots, Higham §3.1, with
 *      ‖|H|‖₂ ≤ ‖H‖_F). The other is one Cholesky that runs to completion on
 *      H − σI (λ_min) or τI − H (λ_max), σ = ρ − r − 2e, τ = ρ + r + 2e, r =
 *      ‖Hx − ρx‖ (some eigenvalue lies within r of ρ: the residual bound for
 *      symmetric matrices, Parlett, The Symmetric Eigenvalue Problem, Thm
 *      4.5.1, i.e. Bauer–Fike with a unitary eigenbasis); what a completed
 *      Cholesky proves is ovp_eigcert_check's. So the half-width is about
 *      r + 3e, e ≈ (n+2)u·tr(H) (λ_min) or (n+2)u·(nτ − tr H) (λ_max).
 *   3. If H is not numerically positive definite (the first Cholesky stops),
 *      or the certifying Cholesky stops twice (the iteration missed the end
 *      of the spectrum; the second try is 16× further out), the value is
 *      dsyevr's and nothing is certified here (certified = 0, half_width = 0):
 *      callers keep their a priori error, so degenerate data keep their path.
 * Only the upper triangle of the row-major A is read, and A is kept; F is an
 * n×n scratch matrix (overwritten); ws grows to about 2n·88 + 16n doubles.
 * Deterministic: a fixed start block, no randomness. */
#ifndef OVP_EIGCERT_H
#define OVP_EIGCERT_H

#include "mat.h"
#include "status.h"
#include "work.h"

typedef struct {
    double value;      /* ρ, the final Rayleigh quotient (dsyevr's value on the fallback) */
    double lower;      /* lower ≤ λ ≤ upper for the exact eigenvalue of A as stored, */
    double upper;      /*   including every rounding of the certificate; = value on the fallback */
    double half_width; /* max(value − lower, upper − value); 0 on the fallback */
    double residual;   /* ‖Hx − ρx‖ of the final unit Ritz vector x, as computed */
    int certified;     /* 1: [lower, upper] certified; 0: dsyevr fallback */
    int cycles;        /* restarts of the block Krylov iteration */
    int factorizations; /* Cholesky factorisations run (n³/3 flops each) */
} ovp_eigcert;

/* Certified λ_min of symmetric A (n×n, upper triangle): n³ flops (three
 * dpotrf) and the iteration when A is numerically positive definite, else one
 * failed dpotrf and dsyevr. */
OVP_MUST_CHECK int ovp_eigcert_min(const ovp_mat *A, ovp_mat *F, ovp_work *ws, ovp_eigcert *out);

/* Certified λ_max of symmetric positive semidefinite A: n³/3 flops for the
 * certificate plus the block Krylov iteration on A (dsymm); dsyevr on failure. */
OVP_MUST_CHECK int ovp_eigcert_max(const ovp_mat *A, ovp_mat *F, ovp_work *ws, ovp_eigcert *out);

/* The certificate alone. largest = 0: Cholesky (dpotrf) of M = fl(A − shift·I);
 * largest = 1: of M = fl(shift·I − A), both into F. When it runs to
 * completion, *ok = 1 and
 *   largest = 0:  λ_min(A) ≥ *bound = shift − e,
 *   largest = 1:  λ_max(A) ≤ *bound = shift + e,
 *   e = γ_{n+2}/(1 − γ_{n+2}) · tr(M)/(1 − γ_n) + u·max_i |m_ii|,  γ_k = ku/(1 − ku).
 * Why: the computed factor satisfies L̂L̂ᵀ = M + ΔM with |ΔM| ≤ γ_{n+2}|L̂||L̂ᵀ|
 * (Higham, Accuracy and Stability, 2nd ed., Thm 10.3, for any order of the
 * inner products, i.e. blocked dpotrf with conventional BLAS-3; n+2 rather than
 * n+1 for the reciprocal of the pivot OpenBLAS multiplies by). By Cauchy–Schwarz
 * |L̂||L̂ᵀ| ≤ ccᵀ entrywise, c_i the norm of row i of L̂, so ‖ΔM‖₂ ≤ γ_{n+2}‖c‖²
 * and ‖c‖² = tr(M + ΔM) ≤ tr(M)/(1 − γ_{n+2}); the diagonal shift rounds once
 * (u·|m_ii|); the computed trace is low by at most γ_n. L̂L̂ᵀ is positive
 * semidefinite, so by Weyl λ_min(±(A − shift·I)) ≥ −e. When dpotrf stops
 * (a non-positive pivot), *ok = 0 and *bound = NaN: nothing is proved (by
 * Higham Thm 10.7 the Cholesky of a matrix whose scaled λ_min exceeds
 * nγ_{n+1}/(1 − nγ_{n+1}) does complete, so a shift 2e inside succeeds). */
OVP_MUST_CHECK int ovp_eigcert_check(const ovp_mat *A, int largest, double shift, ovp_mat *F, int *ok,
                                     double *bound);

#endif
