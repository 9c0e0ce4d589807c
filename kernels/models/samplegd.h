/* kernels/models/samplegd.h: the GD step of a one-hidden-layer net in sample space,
 * shared by relu2 (Du et al. 2019) and net1 (Oymak 2019).
 *
 * With Z = XWᵀ (n×h pre-activations) and the gradient BᵀX, GD W ← W − ηBᵀX is
 * Z ← Z − ηKB for K = XXᵀ (n×n), W never formed. E (n×h) keeps W − W₀ = EᵀX;
 * its update E −= ηB is left pending for the next fused pass (which sweeps E
 * anyway), so a step is one dgemm. */
#ifndef OVP_SAMPLEGD_H
#define OVP_SAMPLEGD_H

#include "mat.h"
#include "status.h"

/* Z ← Z − ηKB (K n×n, fully stored; B and Z n×h) and *eta_pending = η on success.
 * OVP_EINVAL when K is not Z->rows square. */
OVP_MUST_CHECK int ovp_samplegd_step(const ovp_mat *K, const ovp_mat *B, double eta, ovp_mat *Z,
                                     double *eta_pending);

/* W = W₀ + EᵀX (h×d), first applying the pending E −= ηB (and clearing *eta_pending).
 * OVP_EINVAL when W or W₀ is not E->cols × X->cols. */
OVP_MUST_CHECK int ovp_samplegd_weights(ovp_mat *E, const ovp_mat *B, double *eta_pending, const ovp_mat *X,
                                        const ovp_mat *W0, ovp_mat *W);

#endif
