/* kernels/models/lsq.h: linear least squares f(θ) = Xθ, X n×p with n ≤ p (Oymak 2019, §III).
 * The Jacobian is X itself; GD keeps θ − θ₀ in the row space of X, so it ends
 * at the solution nearest θ₀: θ† + Π_null(θ₀), θ† = Xᵀ(XXᵀ)⁻¹y. */
#ifndef OVP_LSQ_H
#define OVP_LSQ_H

#include "mat.h"
#include "status.h"
#include "work.h"

/* r = Xθ − y: one dgemv. */
OVP_MUST_CHECK int ovp_lsq_residual(const ovp_mat *X, const double *y, const double *theta, double *r);

/* θ ← θ − ηXᵀr, the GD step for the residual r of θ: one dgemv. */
OVP_MUST_CHECK int ovp_lsq_gd_step(const ovp_mat *X, const double *r, double eta, double *theta);

/* out = θ₀ − Xᵀ(XXᵀ)⁻¹(Xθ₀ − y) = θ† + Π_null(θ₀), the solution of Xθ = y nearest
 * θ₀, by one Cholesky solve with G = XXᵀ (n×n, caller's scratch) and c (n). */
OVP_MUST_CHECK int ovp_lsq_nearest_solution(const ovp_mat *X, const double *y, const double *theta0,
                                            ovp_mat *G, double *c, double *out, ovp_work *ws);

#endif
