/* theorems/safran2021.h: Safran, Yehudai, Shamir, "The effects of mild
 * over-parameterization on the optimization landscape of shallow ReLU neural
 * networks" (COLT 2021), with the experiment of Safran & Shamir, "Spurious
 * local minima are common in two-layer ReLU neural networks" (ICML 2018).
 * Notation (THEOREMS.md P4): student k neurons, teacher n neurons, population
 * loss F over x ~ N(0, I_d). Pure formulas, no numerics. */
#ifndef OVP_THEOREMS_SAFRAN2021_H
#define OVP_THEOREMS_SAFRAN2021_H

#include "claims.h"

extern const ovp_paper safran2021_paper;

/* Safran & Shamir (2018), Sec. 4: a run ends at a spurious local minimum when
 * its loss at convergence is at least this. */
double safran2018_spurious_loss(void);

/* The GD step of the 2021 protocol, 5/k (the 2018 protocol used 0.1). */
double safran2021_step(double k);

/* P4.d: splitting w_i into (a w_i, (1 − a) w_i) keeps the point critical with
 * the same F, and the direction (u, −u) on the two halves has curvature
 * (1/a + 1/(1 − a)) uᵀH'_ii u, H'_ii = block (i,i) of ∇²F minus ½I. */
double safran2021_split_curvature(double a, double u_Hprime_u);

/* P4.d's technical condition on the minimum's norms: Σ_i ‖w_i‖ ≤ k. */
double safran2021_norm_budget(double k);

/* P4.b contrast, k = n: near a strict minimum with λ = λ_min(∇²F), F is locally
 * the quadratic ½ΔᵀHΔ, so ‖∇F‖²/(F − F*) ≥ 2λ and ⟨∇F, Δ⟩/‖Δ‖² ≥ λ up to O(‖Δ‖)
 * terms. The floors tested allow a factor 2 for those terms: λ and λ/2. The theorem
 * bounds neither the O(‖Δ‖) terms nor the neighbourhood, so the factor 2 is a choice
 * and the records using these floors are empirical. */
double safran2021_pl_floor(double lambda_min);
double safran2021_one_point_floor(double lambda_min);

#endif
