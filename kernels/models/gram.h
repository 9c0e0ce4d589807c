/* kernels/models/gram.h: Gram and kernel matrices of two-layer ReLU networks.
 * All matrices row-major; results fill the UPPER triangle only (what LAPACK's
 * symmetric routines read); call ovp_mat_symmetrize_upper for a full matrix. */
#ifndef OVP_GRAM_H
#define OVP_GRAM_H

#include "mat.h"
#include "status.h"

/* K = X Xᵀ (n×n) by one dsyrk: n²d flops. */
OVP_MUST_CHECK int ovp_gram_inner(const ovp_mat *X, ovp_mat *K);

/* H∞_ij = x_iᵀx_j (π − θ_ij) / 2π from X (n×d, unit-norm rows) and K = XXᵀ
 * (Du et al. 2019, eq. 3.1). θ_ij by ovp_angle (kernels/numerics/angle.h): acos of the
 * Gram cosine, or from the rows themselves within 2.6° of (anti)parallel,
 * where acos loses half the digits. The diagonal uses its exact angle 0.
 * Each entry is within ovp_gram_hinf_entry_error(d) of the exact H∞ of the
 * rows as stored. H may be K itself (computed in place). */
OVP_MUST_CHECK int ovp_gram_hinf(const ovp_mat *X, const ovp_mat *K, ovp_mat *H);

/* One entry of H∞: x_iᵀx_j (π − θ_ij) / 2π for rows xi, xj (d entries) with
 * norms ni, nj and inner product c = x_iᵀx_j, θ_ij by ovp_angle; when xi == xj
 * (the same row) the diagonal's exact 0.5·c. ovp_gram_hinf and the distributed
 * assembly (kernels/dist/distgram.h) both build H∞ from this, entry for entry. */
double ovp_gram_hinf_entry(const double *xi, const double *xj, double ni, double nj, size_t d, double c);

/* A bound on |Ĥ∞_ij − H∞_ij| for unit-norm rows of length d: the inner
 * product's γ_{d+2}, the angle's error (angle.h) and the product's roundings. */
double ovp_gram_hinf_entry_error(size_t d);

/* A bound on the error of a computed eigenvalue of H∞ (n×n, rows of length d),
 * by Weyl's inequality: n·ovp_gram_hinf_entry_error(d) for the entries
 * (‖ΔH‖₂ ≤ ‖ΔH‖_F ≤ n max|ΔH_ij|) plus n·u·|λ_max| for a backward-stable
 * symmetric eigensolver (LAPACK Users' Guide §4.7, p(n) = n). */
double ovp_gram_lambda_error(size_t n, size_t d, double lambda_max);

/* Degree-1 arc-cosine kernel E_g[relu(gᵀx_i) relu(gᵀx_j)], g ~ N(0, I):
 * ‖x_i‖‖x_j‖ (sin θ + (π − θ) cos θ) / 2π, θ = ∠(x_i, x_j) by ovp_angle, from
 * X and K = XXᵀ (Oymak 2019, Thm 2). A may be K itself. */
OVP_MUST_CHECK int ovp_gram_arccos1(const ovp_mat *X, const ovp_mat *K, ovp_mat *A);

/* H(k)_ij = (1/m) x_iᵀx_j Σ_r 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0} = (1/m) K ∘ (P Pᵀ)
 * with P the n×m 0/1 activation pattern: one dsyrk (n²m flops), then the
 * Hadamard product. */
OVP_MUST_CHECK int ovp_gram_hk(const ovp_mat *K, const ovp_mat *P, ovp_mat *H);

#endif
