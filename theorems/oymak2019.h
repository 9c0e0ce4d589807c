/* theorems/oymak2019.h: Oymak, "Overparameterized nonlinear optimization with
 * applications to neural nets" (2019): claims and bounds.
 * Notation: residual r = f(θ) − y (n samples), J the n×p Jacobian, α with
 * σ_min(J(θ₀)) ≥ 2α (Assumption 1), β ≥ ‖J‖ (Assumption 2), η the GD step.
 * Pure formulas, no numerics. */
#ifndef OVP_THEOREMS_OYMAK2019_H
#define OVP_THEOREMS_OYMAK2019_H

#include "claims.h"

extern const ovp_paper oymak2019_paper;

/* Theorem 1: R = 5‖y − f(θ₀)‖/α, the radius of Assumption 3 and of GD. */
double oymak2019_radius(double residual0, double alpha);

/* Theorem 1, eq. (4): (1 − ηα²/4)^τ, the base clamped at 0 (the theorem has η ≤ 1/β² ≤ 1/(4α²)). */
double oymak2019_rate_bound(double eta, double alpha, double tau);

/* Theorem 1, eq. (5), left-hand side: (α/5)‖θ_τ − θ₀‖ + ‖y − f(θ_τ)‖ (≤ ‖y − f(θ₀)‖). */
double oymak2019_radius_lhs(double alpha, double dist, double residual);

/* §III after Thm 1 ([19]): with ‖J‖ ≤ β, ‖f(θ) − f(θ₀)‖ ≤ β‖θ − θ₀‖, so a point
 * with residual ‖r_T‖ lies at least (‖r₀‖ − ‖r_T‖)/β from θ₀ (‖r₀‖/β for a
 * global minimiser). */
double oymak2019_min_distance(double residual0, double residual_T, double beta);

/* Theorem 1's largest step, 1/β². */
double oymak2019_step_max(double beta);

/* One-hidden-layer net vᵀφ(Wx), |φ'| ≤ B: ‖J(θ)‖ ≤ B‖X‖₂‖v‖₂ for every θ (A2). */
double oymak2019_beta_global(double dphi_sup, double norm_X, double norm_v);

/* |φ''| ≤ M: ‖J(θ) − J(θ')‖ ≤ L‖θ − θ'‖ with L = M‖v‖_∞ max_i‖x_i‖ ‖X‖₂
 * (Cauchy–Schwarz over the neurons, then over the samples). L·R ≤ α/3
 * certifies Assumption 3 on the whole ball of radius R. */
double oymak2019_jacobian_lipschitz(double ddphi_sup, double v_inf, double x_max, double norm_X);

/* The width at which that certificate holds when v_r = ±1/√k: L·R ≤ α/3 ⇔
 * k ≥ (15 M max_i‖x_i‖ ‖X‖ ‖r₀‖/α²)² (taking α and ‖r₀‖ as measured). */
double oymak2019_width_certified(double ddphi_sup, double x_max, double norm_X, double residual0,
                                 double alpha);

/* Theorem 2: σ_min(Φ)/√k ≥ α/2. */
double oymak2019_sigma_bound(double alpha);

/* GD on ½‖Φᵀv − y‖² from v = 0 with step 1/σ_max², Φᵀ of full row rank:
 * ‖v_T − v†‖/‖v†‖ ≤ (1 − σ_min²/σ_max²)^T (derivation in oymak2019.c). */
double oymak2019_lsq_gd_bound(double sigma_min, double sigma_max, double T);

/* Assumption 4 for relu, a certified lower bound on α² = λ_min(K), K_ij = k(c_ij) the
 * degree-1 arc-cosine kernel of n unit vectors, k(c) = (√(1 − c²) + (π − arccos c) c)/(2π),
 * given |c_ij| ≤ c_max < 1 for i ≠ j (0 when c_max ≥ 1). Derivation in oymak2019.c: relu's
 * Hermite series k(c) = Σ_k a_k c^k with every a_k ≥ 0, so K ⪰ T = Σ_{k ≥ k0} a_k C^{∘k}
 * (the dropped terms are PSD by Schur's product theorem), and Gershgorin on T gives
 * λ_min ≥ t(k0)(1 − (n − 1) c_max^{k0}), t(k0) = Σ_{k ≥ k0} a_k; the best even k0 is taken,
 * with the rounding of t and c_max^{k0} counted against the bound. */
double oymak2019_arccos1_lower(double n, double c_max);

/* Theorem 2's width n log(n) log(k)/α², constant unspecified (taken as 1). */
double oymak2019_width_t2(double n, double k, double alpha);

#endif
