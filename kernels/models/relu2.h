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

/* ---- GD with the harnesses' diagnostics, in either form ---- */

/* Primal: W ← W − η BᵀX and Z = XWᵀ, two dgemms of 2ndm flops each (4ndm a step);
 * sample space: Z ← Z − ηKB, one dgemm of 2n²m. Same iterates up to rounding. */
typedef enum { OVP_RELU2_GD_SAMPLE = 0, OVP_RELU2_GD_PRIMAL = 1 } ovp_relu2_gd_form;

/* The most threads ovp_relu2_gd.threads takes (more are capped). */
#define OVP_RELU2_MAX_THREADS 64

/* The form with fewer flops a step: primal when 4ndm < 2n²m, i.e. 2d < n. */
ovp_relu2_gd_form ovp_relu2_gd_cheaper(size_t n, size_t d);

typedef struct {
    size_t n, m, d;
    ovp_relu2_gd_form form;
    int tracking;        /* 1: keep Z0, P, flips and distances (the harness's diagnostics) */
    ovp_mat Z, Z0, E, B; /* n×m: current and initial pre-activations, W − W0 = EᵀX (sample space), last B
                          * (the primal form's B is Z's array: its pass writes B over Z, the step
                          * recomputes Z) */
    ovp_mat P;           /* n×m activation pattern 1{z ≥ 0} as 0/1 doubles (for H(k)) */
    unsigned char *ever_flipped; /* n×m */
    double *u, *dist2;           /* n outputs; m squared distances from init */
    double *rsq;                 /* n: (u_i − y_i)², summed in row order */
    /* Primal form: the pass and the step split into this many parts, rows of Z and columns
     * of Wᵀ, each on its own thread calling the BLAS single-threaded (set for their duration
     * and restored, so no other thread may call the BLAS meanwhile). ovp's own passes give
     * the same bits for every count; the BLAS may round a block's product apart from the
     * whole product (OpenBLAS's SkylakeX kernels do when m is not a multiple of 8), so the
     * count, like the BLAS's own thread count, may change the last bits. 0 or 1 (the
     * default): one thread. */
    int threads;
    double eta_pending;          /* sample space: step whose E update the next pass applies */
    /* primal form, transposed (d×m: XᵀB runs faster than BᵀX in OpenBLAS, and W's update is
     * then one daxpy with the distances accumulated row by row) */
    const ovp_mat *X;    /* the inputs given to start (borrowed until the last step) */
    ovp_mat Wt, W0t, Gt; /* d×m: W(k)ᵀ, W(0)ᵀ (tracking) and the gradient (BᵀX)ᵀ = XᵀB */
} ovp_relu2_gd;

/* Either form for n samples, input dimension d (the primal form keeps Wᵀ, d×m; sample
 * space ignores d) and width m; tracking as in ovp_relu2_gd_alloc(_untracked). */
OVP_MUST_CHECK int ovp_relu2_gd_alloc_form(size_t n, size_t d, size_t m, ovp_relu2_gd_form form, int tracking,
                                           ovp_relu2_gd *s);

/* Sample space, tracked. */
OVP_MUST_CHECK int ovp_relu2_gd_alloc(size_t n, size_t m, ovp_relu2_gd *s);

/* Sample space, GD only: Z and B, no diagnostics (E, Z0, P, flips, distances are not kept and
 * the stats other than residual_sq are NaN; ovp_relu2_gd_weights is refused).
 * Its pass reads Z and writes B: the formulation at its leanest, for timing. */
OVP_MUST_CHECK int ovp_relu2_gd_alloc_untracked(size_t n, size_t m, ovp_relu2_gd *s);
void ovp_relu2_gd_free(ovp_relu2_gd *s);

/* Starts at W0 (m×d): Z = Z0 = X W0ᵀ, E = 0 (sample space) or W = W0 (primal; X is
 * kept by address for the steps). */
OVP_MUST_CHECK int ovp_relu2_gd_start(ovp_relu2_gd *s, const ovp_mat *X, const ovp_mat *W0);

/* The fused pass over memory at the current iterate: outputs u, residual,
 * B, pattern P, flip counts and distances from init (sample space: also applies
 * the E update of the previous step; primal: the distances came with the step's
 * update of W). One read of each n×m array per element. */
OVP_MUST_CHECK int ovp_relu2_gd_eval(ovp_relu2_gd *s, const double *a, const double *y, ovp_relu2_stats *st);

/* One step, after ovp_relu2_gd_eval. Sample space: Z ← Z − η K B (ovp_samplegd_step).
 * Primal: Gᵀ = XᵀB, Wᵀ ← Wᵀ − ηGᵀ, the distances ‖w_r − w_r(0)‖², Z = XWᵀ; K is not
 * read (may be NULL). */
OVP_MUST_CHECK int ovp_relu2_gd_step(ovp_relu2_gd *s, const ovp_mat *K, double eta);

/* W (m×d) of the current iterate: W0 + EᵀX (sample space; refused untracked) or the primal W. */
OVP_MUST_CHECK int ovp_relu2_gd_weights(ovp_relu2_gd *s, const ovp_mat *X, const ovp_mat *W0, ovp_mat *W);

#endif
