/* kernels/models/rademacher.h: empirical Rademacher complexity of the quadratic network with
 * bounded weights, Σ(M) = {x ↦ xᵀWᵀWx : ‖W‖_F ≤ M} (Du & Lee 2018, proof of Theorem 5.2).
 *
 * WᵀW ranges over the PSD matrices of trace ≤ M², whose extreme points are 0 and M²vvᵀ
 * (‖v‖ = 1); a linear functional is maximised at one of them, so
 *   sup_{W ∈ Σ(M)} Σ_i σ_i x_iᵀWᵀWx_i = M² max(λ_max(Σ_i σ_i x_i x_iᵀ), 0),
 * and R_S = (1/n) E_σ of that. The d×d matrix is formed by the sign-split dsyrk of
 * ovp_quadnet_S_from (nd² flops) and its top eigenvalue by a range-limited dsyevr. */
#ifndef OVP_RADEMACHER_H
#define OVP_RADEMACHER_H

#include "mat.h"
#include "status.h"
#include "work.h"

typedef struct {
    size_t n, d;
    ovp_mat A, R; /* d×d, n×d */
    double *c;    /* n */
    ovp_work ws;
} ovp_rademacher_work;

OVP_MUST_CHECK int ovp_rademacher_work_alloc(size_t n, size_t d, ovp_rademacher_work *w);
void ovp_rademacher_work_free(ovp_rademacher_work *w);

/* sup over Σ(M) of Σ σ_i x_iᵀWᵀWx_i for one sign vector σ (n entries ±1). */
OVP_MUST_CHECK int ovp_rademacher_sup(const ovp_mat *X, const double *sigma, double M, ovp_rademacher_work *w,
                                      double *sup);

/* s = ‖Σ_i (x_i x_iᵀ)²‖₂ = λ_max(Σ_i ‖x_i‖² x_i x_iᵀ), Theorem 5.2's fourth-moment term. */
OVP_MUST_CHECK int ovp_rademacher_s(const ovp_mat *X, ovp_rademacher_work *w, double *s);

#endif
