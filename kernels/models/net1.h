/* kernels/models/net1.h: the one-hidden-layer network of Oymak (2019), eq. (3), trained on W.
 *
 *   f(x) = vᵀφ(Wx),   W (k×d) trained, v ∈ R^k fixed,   θ = vec(W) ∈ R^{kd},
 *   r = f(X) − y,   L(θ) = ½‖r‖²,   ∂f(x_i)/∂w_r = v_r φ'(w_rᵀx_i) x_i.
 *
 * With Z = XWᵀ (n×k), K = XXᵀ and A_ir = |v_r| φ'(z_ir), the n×kd Jacobian is
 * never formed: its Gram matrix is J Jᵀ = K ∘ (A Aᵀ) (one n×n dsyrk, n²k
 * flops), so σ_min(J)² = λ_min(J Jᵀ) and ‖J‖² = λ_max(J Jᵀ) when n ≤ kd, and
 * likewise (J − J₀)(J − J₀)ᵀ = K ∘ ((A − A₀)(A − A₀)ᵀ).
 *
 * GD in sample space (as kernels/models/relu2.h): ∇L = BᵀX with B_ir = r_i v_r φ'(z_ir),
 * so Z ← Z − ηKB (2n²k flops) and W − W₀ = EᵀX with E = −η Σ B, whence
 * ‖θ − θ₀‖² = ‖EᵀX‖_F² = Σ_ir e_ir (z_ir − z₀_ir), O(nk) per iterate. */
#ifndef OVP_NET1_H
#define OVP_NET1_H

#include "mat.h"
#include "status.h"

typedef enum {
    OVP_ACT_SOFTPLUS = 0, /* log(1 + eᶻ): φ' = sigmoid ∈ (0, 1), |φ''| ≤ 1/4 */
    OVP_ACT_QUADRATIC,    /* z²: φ' = 2z unbounded, φ'' = 2 */
    OVP_ACT_RELU,         /* max(z, 0): φ' = 1{z > 0}, φ'' undefined at 0 */
    OVP_ACT_COUNT
} ovp_act;

/* "softplus", "quadratic", "relu". */
const char *ovp_net1_act_name(ovp_act act);

/* φ(z) and φ'(z) (φ'(0) = 0 for the ReLU). */
double ovp_net1_act_eval(ovp_act act, double z, double *dphi);

/* sup |φ'| (the B of β = B‖X‖‖v‖) and sup |φ''| (the Lipschitz constant of φ');
 * INFINITY when unbounded or undefined. */
double ovp_net1_act_dphi_sup(ovp_act act);
double ovp_net1_act_ddphi_sup(ovp_act act);

/* ---- primal form: references for the tests (small sizes) ---- */

/* u = f(X) for W (k×d); Z (n×k) is scratch. */
OVP_MUST_CHECK int ovp_net1_forward(ovp_act act, const ovp_mat *X, const ovp_mat *W, const double *v,
                                    ovp_mat *Z, double *u);

/* The explicit Jacobian J (n×kd), J_{i, r·d + j} = v_r φ'(w_rᵀx_i) x_ij. Z (n×k) is scratch. */
OVP_MUST_CHECK int ovp_net1_jacobian(ovp_act act, const ovp_mat *X, const ovp_mat *W, const double *v,
                                     ovp_mat *Z, ovp_mat *J);

/* Features Φ = φ(WXᵀ) (k×n): one dgemm, then φ entrywise. */
OVP_MUST_CHECK int ovp_net1_features(ovp_act act, const ovp_mat *W, const ovp_mat *X, ovp_mat *Phi);

/* ---- sample-space GD ---- */

typedef struct {
    double residual_norm;  /* ‖f(X) − y‖ */
    double dist_from_init; /* ‖θ − θ₀‖ = ‖W − W₀‖_F */
} ovp_net1_stats;

typedef struct {
    size_t n, k;
    ovp_act act;
    ovp_mat Z, Z0, E, B; /* n×k: pre-activations now and at init, W − W₀ = EᵀX, last B */
    ovp_mat A, A0, D;    /* n×k: |v_r|φ'(z_ir) now and at init, and A − A₀ */
    double *u, *r;       /* n outputs and residuals f − y */
    double eta_pending;  /* step whose E update the next pass applies */
    double v_abs;        /* c when every |v_r| = c > 0 (set by ovp_net1_gd_start), else 0 */
} ovp_net1_gd;

OVP_MUST_CHECK int ovp_net1_gd_alloc(size_t n, size_t k, ovp_act act, ovp_net1_gd *s);
void ovp_net1_gd_free(ovp_net1_gd *s);

/* Starts at W₀ (k×d): Z = Z₀ = XW₀ᵀ, E = 0, A₀ = |v|φ'(Z₀). */
OVP_MUST_CHECK int ovp_net1_gd_start(ovp_net1_gd *s, const ovp_mat *X, const ovp_mat *W0, const double *v);

/* The fused pass at the current iterate: u, r, B, A, D and the distance from
 * init (applying the previous step's E update).
 * Softplus with every |v_r| = c (the harness's v = ±1/√k): u_i = c·(Σ_r ±max(z_ir, 0) +
 * Σ_b log(P₊_b/P₋_b)), P±_b the products of fl(1 + e^{−|z_ir|}) ∈ (1, 2] over the units of each
 * sign in block b of 64: one log per 64 units, not a log1p per unit. Each factor carries one
 * rounding of 1 + t (absolute u in its log), the products and the quotient ≤ 2·64 more, so
 * |û_i − u_i| ≤ c·(γ_{k + k/64 + 2}·(Σ_r max(z_ir, 0) + Σ_b |log(P₊_b/P₋_b)|) + 4k·u(1 + γ_{128})),
 * the order of the per-unit sum's own γ_k·Σ_r |v_r|φ(z_ir) (Higham §3.1; glibc's log within 1 ulp).
 * A, B, D and the distance are as for any v. */
OVP_MUST_CHECK int ovp_net1_gd_eval(ovp_net1_gd *s, const double *v, const double *y, ovp_net1_stats *st);

/* Z ← Z − ηKB: one n×n by n×k dgemm (ovp_samplegd_step). Call after ovp_net1_gd_eval. */
OVP_MUST_CHECK int ovp_net1_gd_step(ovp_net1_gd *s, const ovp_mat *K, double eta);

/* G = J Jᵀ = K ∘ (AAᵀ) at the last evaluated iterate (upper triangle; n²k flops). */
OVP_MUST_CHECK int ovp_net1_gd_jjt(const ovp_net1_gd *s, const ovp_mat *K, ovp_mat *G);

/* G = (J − J₀)(J − J₀)ᵀ = K ∘ (DDᵀ) (upper triangle). */
OVP_MUST_CHECK int ovp_net1_gd_jjt_change(const ovp_net1_gd *s, const ovp_mat *K, ovp_mat *G);

/* A certified lower bound on min_i (A₀A₀ᵀ)_ii = min_i Σ_r v_r² φ'(w_rᵀx_i)² at the start
 * point, for W₀, X and v exactly as stored. The computed z_ir of the dgemm is within
 * γ_d|w_r|ᵀ|x_i| ≤ γ_d‖w_r‖‖x_i‖ of the exact one; e_ir = γ_{2d+4}‖w_r‖‖x_i‖ covers that, the
 * computed norms' own rounding and the rounding of ẑ ∓ e. On [ẑ − e, ẑ + e] |φ'| is at least
 *   softplus  σ(ẑ − e)            (σ increasing)
 *   quadratic 2 max(|ẑ| − e, 0)
 *   ReLU      1 when ẑ − e > 0, else 0   (a sign the rounding could flip counts 0)
 * and the computed sum is taken down by γ_{k+8} (σ's evaluation: exp within 1 ulp, one add, one
 * division; v_r², the squares, the k-term sum). Call after ovp_net1_gd_start. */
OVP_MUST_CHECK int ovp_net1_gd_diag_lower(const ovp_net1_gd *s, const ovp_mat *X, const ovp_mat *W0,
                                          const double *v, double *lower);

/* W = W₀ + EᵀX (k×d), for checks against the primal form. */
OVP_MUST_CHECK int ovp_net1_gd_weights(ovp_net1_gd *s, const ovp_mat *X, const ovp_mat *W0, ovp_mat *W);

#endif
