/* theorems/du2019.h: Du, Zhai, Póczos, Singh, "Gradient descent provably
 * optimizes over-parameterized neural networks" (ICLR 2019): claims and bounds.
 * Notation: n samples with ‖x_i‖ = 1, m hidden units, λ₀ = λ_min(H∞),
 * η the GD step, δ the failure probability. Pure formulas, no numerics. */
#ifndef OVP_THEOREMS_DU2019_H
#define OVP_THEOREMS_DU2019_H

#include "claims.h"

extern const ovp_paper du2019_paper;

/* Corollary 4.1, eq. (6): R' = 4√n ‖y − u(0)‖₂ / (√m λ₀), the GD radius. */
double du2019_radius_Rprime(double n, double residual0, double m, double lambda0);

/* Lemma 3.3 (gradient flow): 2√n ‖y − u(0)‖₂ / (√m λ₀). */
double du2019_radius_flow(double n, double residual0, double m, double lambda0);

/* Theorem 3.1 and Lemma 3.3 (gradient flow): ‖u(t) − y‖² ≤ exp(−λ₀t)‖u(0) − y‖²;
 * returns exp(−λ₀t). */
double du2019_rate_flow(double lambda0, double t);

/* Lemma 3.4 asks R' < R = cλ₀/n² (Lemma 3.2's radius, c an unspecified small
 * constant; the published version has cδλ₀/n²): the condition holds only for
 * c > R'n²/λ₀, which this returns. */
double du2019_lemma34_constant(double radius_flow, double n, double lambda0);

/* Theorem 4.1: ‖u(k) − y‖² ≤ (1 − ηλ₀/2)^k ‖u(0) − y‖²; returns (1 − ηλ₀/2)^k. */
double du2019_rate_bound(double eta, double lambda0, double k);

/* Lemma 3.1 (appendix A): ‖H(0) − H∞‖_F² ≤ 16 n² log²(n/δ) / m w.p. ≥ 1 − δ. */
double du2019_init_frobenius_bound(double n, double m, double delta);

/* Lemma 3.1 made explicit: the width at which the Frobenius bound is ≤ λ₀/4,
 * hence λ_min(H(0)) ≥ ¾λ₀: m ≥ 256 n² log²(n/δ) / λ₀². */
double du2019_width_for_init(double n, double lambda0, double delta);

/* Theorem 4.1's width m = Ω(n⁶ / (λ₀⁴ δ³)), constant unspecified (taken as 1). */
double du2019_width_for_gd(double n, double lambda0, double delta);

/* Theorem 4.1's step η = O(λ₀ / n²), constant unspecified (taken as 1). */
double du2019_step_for_gd(double n, double lambda0);

/* Lemma 3.2 / 4.1 (anti-concentration): a pattern 1{w_rᵀx_i ≥ 0} of a neuron
 * that stays within R of w_r(0) can change only if |w_r(0)ᵀx_i| < R (the event
 * A_ir, ‖x_i‖ = 1), which has probability ≤ 2R/√(2π). Lemma 4.1 states
 * Σ_i |S_i⊥| ≤ C m n R w.h.p. (S_i⊥ = {r : A_ir}); its proof has
 * E Σ_i |S_i⊥| ≤ 2mnR/√(2π) (eq. 7–8), so the fraction of pairs (i, r) is
 * ≤ 2R/√(2π) in expectation (Markov: ≤ 2R/(δ√(2π)) w.p. ≥ 1 − δ). Returns 2R/√(2π). */
double du2019_flip_fraction_bound(double radius);

/* Lemma 3.1's Frobenius claim cannot exceed this per entry: H(0)_ij =
 * x_iᵀx_j · c_ij with c_ij ∈ [0, 1] the fraction of neurons active on both x_i
 * and x_j, so |H(0)_ij − H∞_ij| is largest at c_ij = 0 or 1:
 * max(|H∞_ij|, |x_iᵀx_j − H∞_ij|). */
double du2019_h0_entry_deviation_max(double inner, double hinf);

#endif
