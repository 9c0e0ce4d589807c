/* kernels/numerics/angle.h: the angle between two vectors, accurate where acos is not.
 *
 * θ = acos(c) from a computed cosine c = aᵀb/(‖a‖‖b‖) loses digits near
 * parallel and antiparallel pairs: an error δ in c moves θ by about δ/sin θ,
 * and near θ = 0, acos(1 − δ) ≈ √(2δ), so a rounding error of ε in c becomes
 * an angle error of √(2ε) ≈ 2e-8. Every angle ovp uses (H∞, the arc-cosine
 * kernel, the population ReLU loss and its derivatives) comes from here.
 *
 * Rule: with |c| ≤ 1 − OVP_ANGLE_REFINE, θ = acos(c); its error is at most
 * δ/sin θ ≤ δ/√(2τ − τ²) ≈ 22.4 δ for τ = 1e-3, where δ ≤ γ_d = dε/(1 − dε)
 * is the error of a d-term inner product of unit vectors (Higham, Accuracy and
 * Stability of Numerical Algorithms, 2nd ed., §3.1). Otherwise θ is recomputed
 * from the vectors, θ = 2 atan2(‖ā − b̄‖, ‖ā + b̄‖) with ā = a/‖a‖, b̄ = b/‖b‖
 * (Kahan, "How futile are mindless assessments of roundoff", 2006, §12): both
 * norms are sums of squares of differences Sterbenz computes exactly, so θ
 * carries a relative error of about (γ_d + 4ε) at every angle, 1e-300 included.
 * The O(d) recomputation is paid only by pairs within ~2.6° of (anti)parallel. */
#ifndef OVP_ANGLE_H
#define OVP_ANGLE_H

#include <stddef.h>

/* Refine when 1 − |cos θ| is below this (θ < 2.56° or θ > 177.4°). */
#define OVP_ANGLE_REFINE 1e-3

/* θ ∈ [0, π] between a and b (d entries, norms na, nb > 0), with sin θ and
 * cos θ, given their computed cosine c (clamped to [−1, 1] here). */
void ovp_angle(const double *a, const double *b, double na, double nb, size_t d, double c, double *theta,
               double *sn, double *cs);

/* θ from the vectors alone (the refined formula): for tests and references. */
double ovp_angle_direct(const double *a, const double *b, size_t d);

/* A bound on |θ̂ − θ| for ovp_angle's result, for d-entry vectors. */
double ovp_angle_error_bound(double theta, size_t d);

#endif
