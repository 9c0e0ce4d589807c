/* kernels/models/quadnet.h: the two-layer network with quadratic activation of Du & Lee (2018).
 *
 *   f(x, W) = Σ_j (w_jᵀx)² = ‖W x‖²,   W ∈ R^{k×d} (rows w_j), second layer fixed to ones;
 *   L(W)    = (1/n) Σ_i ℓ(ŷ_i, y_i) + (λ/2)‖W‖_F² + ⟨C, WᵀW⟩      (eq. 2, and eq. 3 when C ≠ 0)
 *
 * One loss scaling everywhere: 1/n (eq. 2 of the paper; its theorems write 1/(2n), which
 * only rescales λ). With ŷ_i = ‖W x_i‖² and ℓ', ℓ'' the derivatives in ŷ:
 *   ∇L  = 2 W S,   S = (1/n) Σ_i ℓ'_i x_i x_iᵀ + (λ/2) I + C            (d×d)
 *   ∇²L = (4/n) Σ_i ℓ''_i v_i v_iᵀ + I_k ⊗ 2S,   v_i = vec((W x_i) x_iᵀ)   (kd×kd)
 * vec is row-major: entry (j, a) of a k×d matrix sits at j·d + a. All matrices row-major. */
#ifndef OVP_QUADNET_H
#define OVP_QUADNET_H

#include "mat.h"
#include "status.h"
#include "work.h"

typedef enum { OVP_LOSS_SQUARED = 0, OVP_LOSS_LOGISTIC = 1 } ovp_loss;

/* ℓ(ŷ, y) and its first two derivatives in ŷ (d1, d2 may be NULL):
 *   squared   ½(ŷ − y)²,        ℓ' = ŷ − y,          ℓ'' = 1
 *   logistic  log(1 + e^{−yŷ}),  ℓ' = −y σ(−yŷ),      ℓ'' = y² σ(yŷ) σ(−yŷ)
 * The logistic form never overflows: log1p(e^{−|m|}) + max(−m, 0), m = yŷ. */
double ovp_quadnet_loss_eval(ovp_loss loss, double yhat, double y, double *d1, double *d2);

/* "squared" / "logistic". */
const char *ovp_quadnet_loss_name(ovp_loss loss);

typedef struct {
    const ovp_mat *X; /* n×d inputs */
    const double *y;  /* n labels (±1 for the logistic loss) */
    ovp_loss loss;
    double lambda;    /* weight decay λ ≥ 0 */
    const ovp_mat *C; /* d×d symmetric perturbation, fully stored; NULL for C = 0 */
} ovp_quadnet_problem;

/* Scratch of one (n, d, k): allocate once, reuse across evaluations. */
typedef struct {
    size_t n, d, k;
    ovp_mat Z;           /* n×k, Z = X Wᵀ: row i is (W x_i)ᵀ */
    ovp_mat DZ;          /* n×k, diag(ℓ') Z for the gradient */
    ovp_mat WC;          /* k×d, W C */
    ovp_mat WT;          /* d×k, Wᵀ: makes Z = X Wᵀ a NoTrans·NoTrans product (see quadnet.c) */
    ovp_mat R;           /* n×max(d, kd): scaled rows for S, or the Hessian factor */
    double *yhat, *d1, *d2; /* n: predictions, ℓ', ℓ'' at the last evaluation */
    double data_loss;       /* (1/n) Σ ℓ at the last evaluation */
} ovp_quadnet_work;

/* with_hessian: room for the n×kd Hessian factor (else n×d only). */
OVP_MUST_CHECK int ovp_quadnet_work_alloc(size_t n, size_t d, size_t k, int with_hessian, ovp_quadnet_work *w);
void ovp_quadnet_work_free(ovp_quadnet_work *w);

/* L(W); keeps Z, ŷ, ℓ', ℓ'' of this W in w. 2nkd (+2kd² with C) flops: one dgemm for Z, then
 * one fused pass over the samples (ŷ_i, ℓ, ℓ', ℓ''), no allocation. */
OVP_MUST_CHECK int ovp_quadnet_value(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w,
                                     double *value);

/* L(W) and G = ∇L(W) (k×d), the gradient as (2/n)(diag(ℓ') Z)ᵀ X + λW + 2WC:
 * 4nkd (+2kd² with C) flops in two dgemm, diag(ℓ') Z formed in the same pass as ℓ'. */
OVP_MUST_CHECK int ovp_quadnet_value_grad(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w,
                                          double *value, ovp_mat *G);

/* (1/n) Σ ℓ(ŷ_i, y_i) from given predictions, filling d1 = ℓ', d2 = ℓ'' (either may be NULL). */
double ovp_quadnet_data_loss(const ovp_quadnet_problem *p, const double *yhat, double *d1, double *d2);

/* S = (1/n) Σ_i c_i x_i x_iᵀ + (λ/2) I + C, fully stored (d×d), for any weights c
 * (ℓ' at W, or at M in the convex problem). Rows are split by the sign of c_i and
 * scaled by √|c_i|/√n into R (n×d), then two dsyrk: nd² flops, exactly symmetric. */
OVP_MUST_CHECK int ovp_quadnet_S_from(const ovp_quadnet_problem *p, const double *c, ovp_mat *R, ovp_mat *S);

/* S at the W of the last ovp_quadnet_value / ovp_quadnet_value_grad. */
OVP_MUST_CHECK int ovp_quadnet_S(const ovp_quadnet_problem *p, ovp_quadnet_work *w, ovp_mat *S);

/* ∇²L (kd×kd, upper triangle) at the W of the last evaluation, given its S: one dsyrk
 * on the n×kd factor rows √(4ℓ''_i/n) v_i (n(kd)² flops; ℓ'' ≥ 0 for a convex loss,
 * OVP_EDOM otherwise), then 2S added on each of the k diagonal blocks. */
OVP_MUST_CHECK int ovp_quadnet_hessian(const ovp_quadnet_problem *p, ovp_quadnet_work *w, const ovp_mat *S,
                                       ovp_mat *H);

/* c = max_i ℓ''_i · (1/n) Σ_i ‖x_i‖⁴ at the W of the last evaluation in w: the curvature
 * constant of Theorem 3.1's tolerance (theorems/dulee2018.h), with ℓ'' read from w. */
double ovp_quadnet_curvature(const ovp_quadnet_problem *p, const ovp_quadnet_work *w);

/* The global-optimality certificate at W (Du & Lee's proof of Theorem 3.1): W is a global
 * minimiser, for any k, when W S = 0 and S ⪰ 0, since M = WᵀW then satisfies the KKT
 * conditions of the convex problem over PSD M. */
typedef struct {
    double value;        /* L(W) */
    double lambda_min_S; /* λ_min(S) (dsyevr) */
    double ws_fro;       /* ‖W S‖_F = ‖∇L‖_F / 2 */
    double inner_WSW;    /* ⟨W S, W⟩ = ⟨S, WᵀW⟩ */
    double w_fro;        /* ‖W‖_F */
    double curvature;    /* max_i ℓ''_i · (1/n) Σ_i ‖x_i‖⁴, the c of the certificate's tolerance */
} ovp_quadnet_cert;

/* Evaluates the certificate at W: S into S (d×d), W S into WS (k×d), T a d×d scratch. */
OVP_MUST_CHECK int ovp_quadnet_certify(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w, ovp_mat *S,
                                       ovp_mat *WS, ovp_mat *T, ovp_work *ws, ovp_quadnet_cert *cert);

#endif
