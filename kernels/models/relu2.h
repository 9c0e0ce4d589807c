/* kernels/models/relu2.h: the two-layer ReLU network of Du, Zhai, Póczos, Singh (2019).
 *
 *   f(x) = (1/√m) Σ_r a_r relu(w_rᵀx),   a ∈ {−1, +1}^m fixed,   W (m×d) trained,
 *   L(W) = ½ Σ_i (f(x_i) − y_i)²,   ∂L/∂w_r = (1/√m) Σ_i (u_i − y_i) a_r 1{w_rᵀx_i ≥ 0} x_i.
 *
 * With Z = XWᵀ (n×m) and B_ir = (u_i − y_i) a_r 1{z_ir ≥ 0}/√m, the gradient is
 * BᵀX, so GD is W ← W − η BᵀX. Two formulations:
 *   primal        Z = XWᵀ, then W −= η BᵀX                     4ndm flops / step
 *   sample space  Z −= η K B with K = XXᵀ (n×n), W never formed  2n²m flops / step
 * The sample-space state keeps E (n×m) with W(k) − W(0) = EᵀX, so that
 * ‖w_r(k) − w_r(0)‖² = e_rᵀ K e_r = e_r · (z_r(k) − z_r(0)) costs O(n) per neuron. */
#ifndef OVP_RELU2_H
#define OVP_RELU2_H

#include "mat.h"
#include "status.h"

/* Quantities of one iterate, all from the fused pass. */
typedef struct {
    double residual_sq;                    /* ‖u − y‖² */
    double pattern_flip_fraction;          /* Σ_ir 1{1{z_ir ≥ 0} ≠ 1{z_ir(0) ≥ 0}} / (nm) */
    double pattern_ever_flipped_fraction;  /* fraction of (i, r) flipped at some iterate so far */
    double max_dist_from_init;             /* max_r ‖w_r − w_r(0)‖ */
} ovp_relu2_stats;

/* ---- primal form (the reference the sample-space form is tested against) ---- */

typedef struct {
    size_t n, m;
    ovp_mat Z, B; /* n×m */
    double *u;    /* n */
} ovp_relu2_primal;

OVP_MUST_CHECK int ovp_relu2_primal_alloc(size_t n, size_t m, ovp_relu2_primal *s);
void ovp_relu2_primal_free(ovp_relu2_primal *s);

/* u = f(X) for weights W (m×d); returns the loss ½‖u − y‖² in *loss when y != NULL. */
OVP_MUST_CHECK int ovp_relu2_forward(ovp_relu2_primal *s, const ovp_mat *X, const ovp_mat *W, const double *a,
                                     const double *y, double *loss);

/* G = ∂L/∂W (m×d) and the loss. */
OVP_MUST_CHECK int ovp_relu2_loss_grad(ovp_relu2_primal *s, const ovp_mat *X, const ovp_mat *W,
                                       const double *a, const double *y, double *loss, ovp_mat *G);

/* One GD step in place, W ← W − η ∂L/∂W: two dgemms. Loss before the step in *loss. */
OVP_MUST_CHECK int ovp_relu2_primal_step(ovp_relu2_primal *s, const ovp_mat *X, ovp_mat *W, const double *a,
                                         const double *y, double eta, double *loss);

/* ---- sample-space GD ---- */

typedef struct {
    size_t n, m;
    int tracking;        /* 1: keep Z0, E, P, flips and distances (the harness's diagnostics) */
    ovp_mat Z, Z0, E, B; /* n×m: current and initial pre-activations, W − W0 = EᵀX, last B */
    ovp_mat P;           /* n×m activation pattern 1{z ≥ 0} as 0/1 doubles (for H(k)) */
    unsigned char *ever_flipped; /* n×m */
    double *u, *dist2;           /* n outputs; m squared distances from init */
    double eta_pending;          /* step whose E update the next pass applies */
} ovp_relu2_gd;

OVP_MUST_CHECK int ovp_relu2_gd_alloc(size_t n, size_t m, ovp_relu2_gd *s);

/* GD only: Z and B, no diagnostics (E, Z0, P, flips, distances are not kept and
 * the stats other than residual_sq are NaN; ovp_relu2_gd_weights is refused).
 * Its pass reads Z and writes B: the formulation at its leanest, for timing. */
OVP_MUST_CHECK int ovp_relu2_gd_alloc_untracked(size_t n, size_t m, ovp_relu2_gd *s);
void ovp_relu2_gd_free(ovp_relu2_gd *s);

/* Starts at W0 (m×d): Z = Z0 = X W0ᵀ, E = 0. */
OVP_MUST_CHECK int ovp_relu2_gd_start(ovp_relu2_gd *s, const ovp_mat *X, const ovp_mat *W0);

/* The fused pass over memory at the current iterate: outputs u, residual,
 * B, pattern P, flip counts and distances from init (also applies the E update
 * of the previous step). One read of Z, Z0, E, B per element. */
OVP_MUST_CHECK int ovp_relu2_gd_eval(ovp_relu2_gd *s, const double *a, const double *y, ovp_relu2_stats *st);

/* Z ← Z − η K B: one n×n by n×m dgemm (ovp_samplegd_step). Call after ovp_relu2_gd_eval. */
OVP_MUST_CHECK int ovp_relu2_gd_step(ovp_relu2_gd *s, const ovp_mat *K, double eta);

/* W = W0 + EᵀX (m×d), for checks against the primal form. */
OVP_MUST_CHECK int ovp_relu2_gd_weights(ovp_relu2_gd *s, const ovp_mat *X, const ovp_mat *W0, ovp_mat *W);

#endif
