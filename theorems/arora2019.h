/* theorems/arora2019.h: Arora, Du, Hu, Li, Wang, "Fine-grained analysis of
 * optimization and generalization for overparameterized two-layer neural
 * networks" (ICML 2019): claims and bounds.
 * The model is du2019's (f(x) = (1/√m) Σ_r a_r relu(w_rᵀx), ‖x_i‖ = 1, GD on W),
 * with w_r(0) ~ N(0, κ²I). H∞ = Σ_i λ_i v_i v_iᵀ, λ₀ = λ_min(H∞), η the step,
 * δ the failure probability. Pure formulas, no numerics. */
#ifndef OVP_THEOREMS_ARORA2019_H
#define OVP_THEOREMS_ARORA2019_H

#include "claims.h"

#include <stddef.h>

extern const ovp_paper arora2019_paper;

/* Theorem 4.1, eq. (5): ‖y − u(k)‖ ≈ sqrt(Σ_i (1 − ηλ_i)^{2k} (v_iᵀr₀)²), r₀ = y − u(0)
 * (the theorem has u(0) ≈ 0 by a small κ); proj[i] = v_iᵀr₀, lambda[i] = λ_i. */
double arora2019_trajectory(const double *lambda, const double *proj, size_t n, double eta, double k);

/* Theorem 4.1's hypotheses, constants unspecified (taken as 1):
 * κ = O(ελ₀δ/√n) and m = Ω(n⁷ / (λ₀⁴ κ² δ⁴ ε²)). */
double arora2019_kappa_for_trajectory(double n, double lambda0, double delta, double eps);
double arora2019_width_for_trajectory(double n, double lambda0, double kappa, double delta, double eps);

/* Lemma 5.3's leading term: ‖W(k) − W(0)‖_F ≤ sqrt(r₀ᵀ(H∞)⁻¹r₀) + ε; quad = r₀ᵀ(H∞)⁻¹r₀. */
double arora2019_distance_bound(double quad);

/* Theorem 5.1, eq. (10): population loss ≤ sqrt(2 yᵀ(H∞)⁻¹y / n) + O(sqrt(log(n/(λ₀δ)) / n)).
 * The bound's leading term, quad = yᵀ(H∞)⁻¹y; and the lower-order term with its
 * constant (which the theorem leaves unspecified) taken as 1. */
double arora2019_generalization_bound(double quad, double n);
double arora2019_generalization_lower_order(double n, double lambda0, double delta);

/* A loss Theorem 5.1 admits for real and ±1 labels: min(|f − y|, 1), 1-Lipschitz in f,
 * values in [0, 1], ℓ(y, y) = 0. NaN for a non-finite f (a diverged net fails the claim). */
double arora2019_clipped_loss(double f, double y);

#endif
