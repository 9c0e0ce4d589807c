/* theorems/dulee2018.h: Du & Lee, "On the power of over-parametrization in neural networks
 * with quadratic activation" (ICML 2018): claims and bounds. Pure formulas, no numerics.
 *
 * Notation: n samples, d inputs, k hidden units, W ∈ R^{k×d}, ŷ = ‖Wx‖²,
 *   L(W) = (1/n) Σ ℓ(ŷ_i, y_i) + (λ/2)‖W‖_F² (+ ⟨C, WᵀW⟩),
 *   S    = (1/n) Σ ℓ'_i x_i x_iᵀ + (λ/2) I (+ C),   ∇L = 2WS.
 * One loss scaling everywhere: 1/n, as in eq. (2); the theorems' 1/(2n) only rescales λ.
 * An (ε_g, ε_H)-SOSP: ‖∇L‖_F ≤ ε_g and λ_min(∇²L) ≥ −ε_H. */
#ifndef OVP_THEOREMS_DULEE2018_H
#define OVP_THEOREMS_DULEE2018_H

#include "claims.h"

extern const ovp_paper dulee2018_paper;

/* Theorem 3.1's hypothesis: k ≥ d. */
int dulee2018_t31_holds(double k, double d);

/* Theorem 3.2's hypotheses on the sizes: k(k+1)/2 > n and k < d. */
int dulee2018_t32_holds(double k, double n, double d);

/* Neither: k < d and k(k+1)/2 ≤ n (the negative-control region). */
int dulee2018_below_thresholds(double k, double n, double d);

/* Tolerance of the global-optimality certificate λ_min(S) ≥ −τ_S at an (ε_g, ε_H)-SOSP,
 * from the proof of Theorem 3.1 made quantitative (derivation in docs/dulee2018.md):
 * with σ = σ_d(W) and u the bottom eigenvector of S (eigenvalue μ < 0),
 *   the gradient gives  |μ| σ ≤ ‖WSu‖ ≤ ε_g/2,
 *   the Hessian along a uᵀ (a the bottom left singular vector) gives 2μ ≥ −ε_H − 4cσ²,
 * with c = max_i ℓ''_i · (1/n) Σ ‖x_i‖⁴; the worst σ balances the two:
 *   τ_S = ε_H/2 + ε_g^{2/3} (4c)^{1/3} / 2.          (k ≥ d; at exact SOSPs τ_S = 0)
 * ONLY for k ≥ d: the gradient step needs ‖Wu‖ ≥ σ_d(W) for every unit u, false when
 * k < d (W has a null space of dimension ≥ d − k, where u may lie, and then ‖WSu‖ = 0
 * bounds nothing). For k < d use dulee2018_cert_tol_sigma. */
double dulee2018_cert_tol(double eps_g, double eps_H, double c);

/* The Hessian half of the derivation alone, valid for every k (Theorem 5.1, Haeffele et al.,
 * made quantitative): with a, b the left and right singular vectors of σ = σ_k(W)
 * (the smallest; rows of W), u the bottom eigenvector of S and U = a uᵀ, ‖U‖_F = 1,
 *   ∇²L[U, U] = (1/n) Σ ℓ''_i (2 σ (bᵀx_i)(uᵀx_i))² + 2 uᵀSu ≤ 4cσ² + 2μ,
 * so λ_min(∇²L) ≥ −ε_H gives λ_min(S) ≥ −(ε_H/2 + 2cσ²) =: −τ(σ). At an exact
 * rank-deficient SOSP (σ = 0) τ = 0: the point is global, which is how Theorem 3.2's proof
 * concludes once it has shown rank(W) < k. That step (SOSP ⇒ rank-deficient) is a
 * measure-zero argument over C and gives no bound on σ_k(W) at an (ε_g, ε_H)-SOSP, so
 * no a-priori τ exists for k < d: the harness evaluates τ at σ = DULEE_RANK_TOL·σ_1(W),
 * the rank-deficiency P1.T3.2.rank accepts, and records the k < d checks as empirical. */
double dulee2018_cert_tol_sigma(double eps_H, double c, double sigma);

/* Bound on tr M* for any minimiser of the convex problem with λ > 0, losses ≥ 0 and C ⪰ 0:
 * (λ/2) tr M* ≤ f(M*) ≤ f_upper, so tr M* ≤ 2 f_upper / λ. */
double dulee2018_trace_bound(double f_upper, double lambda);

/* Suboptimality of a PSD M (or M = WᵀW) by convexity of f with ∇f = S:
 *   f(M) − f* ≤ ⟨S, M⟩ + max(−λ_min(S), 0) · tr M*  ≤ inner_SM + max(−λ_min(S), 0) · trace_bound.
 * Zero exactly when the certificate (WS = 0, S ⪰ 0) holds. */
double dulee2018_gap_bound(double inner_SM, double lambda_min_S, double trace_bound);

/* The objective tolerance implied at an (ε_g, ε_H)-SOSP: ⟨S, WᵀW⟩ = ⟨WS, W⟩ ≤ (ε_g/2)‖W‖_F,
 * and λ_min(S) ≥ −τ_S, in dulee2018_gap_bound. */
double dulee2018_value_tol(double eps_g, double w_fro, double tau_S, double trace_bound);

/* Theorem 3.2, second part: L(Ŵ) ≤ L(W*) + δ ‖W*‖_F² (L unperturbed, Ŵ a global min of L_C,
 * C ⪰ 0 with ‖C‖_F ≤ δ). Trivial when W* = 0 (then Ŵ = 0 too: L_C ≥ L ≥ L(0) = L_C(0)). */
double dulee2018_perturbed_value_bound(double L_star, double delta, double wstar_fro_sq);

/* Theorem 5.2: R_S(Σ(M)) ≤ √(2 M⁴ s log d) / n, s = ‖Σ_i ‖x_i‖² x_i x_iᵀ‖₂. */
double dulee2018_rademacher_bound(double M, double s, double d, double n);

/* Theorem 4.2: ‖x‖ ≤ b ⇒ R_S(Σ(M)) ≤ √(2 b⁴ M⁴ log d / n). */
double dulee2018_rademacher_bounded(double b, double M, double d, double n);

/* Corollary 4.1 / Theorem 4.4 rate without its unspecified constant: M² √(d/n). */
double dulee2018_gaussian_rate(double M, double d, double n);

/* P1.P2.2 checks at most this many embedded narrower critical points per objective and instance
 * (the least non-global ones; verify/dulee2018/dulee2018_saddle.c), and its statement says so. */
#define DULEE2018_DONOR_MAX_EMBED 8

/* Property 2.2 (all saddles are strict), as Theorems 3.1 and 3.2 prove it: a critical W with
 * ∇²L(W) ⪰ 0 is a global minimum, so at every non-global critical point λ_min(∇²L) < 0 (the
 * bound is 0). At a rank-deficient W (aᵀW = 0, ‖a‖ = 1) the direction U = a uᵀ, u the bottom
 * eigenvector of S, has WᵀU = 0 and ∇²L[U, U] = 2 λ_min(S): the proof's own step (Theorem
 * 5.1, Haeffele et al.), and why λ_min(∇²L) ≤ 2 λ_min(S) < 0 at every rank-deficient
 * non-global critical point, which for k ≥ d is every non-global one (rank d forces S = 0). */

/* Theorem 4.3 (‖x‖ ≤ b) and eq. (5) (x ~ N(0, I)) with ovp's constants, C unspecified in the
 * paper. For a fixed M and an L-Lipschitz loss, symmetrisation and Talagrand's contraction give
 * E sup_{W ∈ Σ(M)} (L_te − L_tr) ≤ 2L E R_S(Σ(M)), and R_S ≤ (M²/n)√(2 s log(d + 1)) (Tropp
 * 2015, Thm 4.6.1, on the (d+1)-dimensional dilation diag(Σσ_i x_ix_iᵀ, 0), whose λ_max is
 * max(λ_max, 0); the paper's log d is short of it, see P1.T5.2 at d = 1). With s ≤ n b⁴:
 *   C_4.3(d) = 2 √(2 log(d + 1)/log d)           in  C L M² b² √(log d / n);
 * with E√s ≤ √(E Σ‖x_i‖⁴) = √(n (d² + 2d)) for x ~ N(0, I_d):
 *   C_5(d)   = 2 √(2 (1 + 2/d) log(d + 1)/log d)  in  C L M² √(d² log d / n).
 * Both need d ≥ 2 (log d = 0 at d = 1). Bounds on the expected gap, not on one sample's. */
double dulee2018_t43_constant(double d);
double dulee2018_t43_bound(double lipschitz, double M, double b, double d, double n);
double dulee2018_eq5_constant(double d);
double dulee2018_eq5_bound(double lipschitz, double M, double d, double n);

/* The largest value L_te − L_tr of the logistic loss can take over Σ(M) on a test sample:
 * log(1 + e^{−yŷ}) ≤ log 2 + ŷ for ŷ = ‖Wx‖² ≥ 0, mean_t ‖W x_t‖² ≤ M² λ_max((1/N)Σ x_tx_tᵀ),
 * and L_tr ≥ 0: log 2 + M² λ_max. A bound at or above it is vacuous. */
double dulee2018_gap_range(double M, double lambda_max_test);

#endif
