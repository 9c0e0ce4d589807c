/* kernels/gram.h: Gram and kernel matrices of two-layer ReLU networks.
 * All matrices row-major; results fill the UPPER triangle only (what LAPACK's
 * symmetric routines read); call ovp_mat_symmetrize_upper for a full matrix. */
#ifndef OVP_GRAM_H
#define OVP_GRAM_H

#include "mat.h"

/* K = X Xᵀ (n×n) by one dsyrk: n²d flops. */
int ovp_gram_inner(const ovp_mat *X, ovp_mat *K);

/* H∞_ij = x_iᵀx_j (π − arccos x_iᵀx_j) / 2π from K = XXᵀ of unit-norm rows
 * (Du et al. 2019, eq. 3.1). Inner products are clamped to [−1, 1] against
 * rounding, and the diagonal uses its exact angle 0 (acos is ill-conditioned
 * at 1: acos(1 − ulp) ≈ 1.5e-8). Off the diagonal, a pair at angle θ carries
 * an error of about ulp/θ in the angle, inherent to its near-parallelism.
 * H may be K itself (computed in place). */
int ovp_gram_hinf(const ovp_mat *K, ovp_mat *H);

/* Degree-1 arc-cosine kernel E_g[relu(gᵀx_i) relu(gᵀx_j)], g ~ N(0, I):
 * ‖x_i‖‖x_j‖ (sin θ + (π − θ) cos θ) / 2π, θ = ∠(x_i, x_j), from K = XXᵀ
 * (Oymak 2019, Thm 2). A may be K itself. */
int ovp_gram_arccos1(const ovp_mat *K, ovp_mat *A);

/* H(k)_ij = (1/m) x_iᵀx_j Σ_r 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0} = (1/m) K ∘ (P Pᵀ)
 * with P the n×m 0/1 activation pattern: one dsyrk (n²m flops), then the
 * Hadamard product. */
int ovp_gram_hk(const ovp_mat *K, const ovp_mat *P, ovp_mat *H);

#endif
