/* kernels/models/saddle.h: the smallest Hessian eigenvalue of the quadratic network's L (quadnet.h)
 * at a critical point, with an error bound: Du & Lee's Property 2.2, "at a saddle W_s there is
 * a U with vec(U)ᵀ∇²L(W_s)vec(U) < 0", checked with rounding accounted for.
 *
 * The Hessian Ĥ is formed by ovp_quadnet_hessian and its smallest eigenvalue λ̂ by dsyevr. By
 * Weyl, |λ̂ − λ_min(∇²L(W))| ≤ ‖Ĥ − ∇²L(W)‖₂ + (dsyevr's backward error), and
 *   ‖Ĥ − ∇²L(W)‖₂ ≤ ‖E₁‖_F + 2‖E_S‖_F + u‖Ĥ‖_F     (hess_err, first order in u)
 * with, for ζ_i = |W||x_i| (≥ |W x_i| entrywise) and γ_m = mu/(1 − mu), u = 2⁻⁵³:
 *   ŷ_i:   |δŷ_i| ≤ γ_{2d+k+1} ‖ζ_i‖²                 (dgemm z = W x_i, then Σ_j z_j²)
 *   ℓ', ℓ'': |δℓ'_i| ≤ ℓ''_max e_ŷ + γ_8 |ℓ'_i|,  |δℓ''_i| ≤ ℓ'''_max e_ŷ + γ_10 ℓ''_i
 *          (ℓ''_max, ℓ'''_max the loss's bounds: squared 1, 0; logistic y²/4, |y|³/(6√3))
 *   E₁ (the dsyrk term (4/n)Σℓ''_i v_iv_iᵀ, v_i = (W x_i) ⊗ x_i):
 *          ‖E₁‖_F ≤ (4/n) Σ_i (|δℓ''_i| + γ_{2d+n+8} ℓ''_i) ‖ζ_i‖² ‖x_i‖²
 *          (each rank-one |v_i||v_i|ᵀ has Frobenius norm ‖ζ_i‖²‖x_i‖²)
 *   E_S (S = (1/n)Σℓ'_i x_ix_iᵀ + (λ/2)I + C, two dsyrk):
 *          ‖E_S‖_F ≤ (1/n) Σ_i (|δℓ'_i| + γ_{n+6} |ℓ'_i|) ‖x_i‖² + γ_2 ((λ/2)√d + ‖C‖_F)
 *          (the same computed S is added, doubled exactly, to each of the k diagonal blocks:
 *          the error there is I_k ⊗ 2E_S, whose 2-norm is 2‖E_S‖₂ ≤ 2‖E_S‖_F)
 * and dsyevr's backward error taken as N·u·‖Ĥ‖₂ ≤ N·u·‖Ĥ‖_F, N = kd (LAPACK documents
 * p(N)·u·‖A‖₂ with "a modestly growing p" and no value; its Users' Guide uses p = 1, ovp
 * takes p = N). Given p(N) = N, λ̂ − hess_err ≤ λ_min(∇²L(W)) ≤ λ̂ + hess_err: hess_lower
 * and hess_upper are certified given p(N) = N, not beyond it.
 *
 * Structured enclosure (no kd×kd Ĥ): when the rows z_i = W x_i span fewer than k dimensions
 * (k > d, or the embedded points Q[W_r; 0] of rank r < k, up to the rounding of Q),
 * λ_min(∇²L) = 2λ_min(S) exactly (kernels/models/sosp.h). Enclosed with a the last left
 * singular vector of W (dgesvd of Wᵀ) and u the bottom eigenvector of Ŝ (μ̂ its eigenvalue),
 * U = a uᵀ, from two certified ends, each valid for any W:
 *   lower  λ_min(∇²L) ≥ 2λ_min(S) ≥ 2μ̂ − 2(‖E_S‖_F + (d+1)u‖Ŝ‖_F)
 *          (∇²L − I_k ⊗ 2S ⪰ 0 for ℓ'' ≥ 0; dsyevr's error on the d×d Ŝ taken as d·u·‖Ŝ‖, as above)
 *   upper  λ_min(∇²L) ≤ vec(U)ᵀ∇²L vec(U)/‖U‖² = 2uᵀSu/‖u‖² + (4/n)Σ ℓ''_i (aᵀz_i)²(uᵀx_i)²/(‖a‖²‖u‖²)
 *          ≤ 2ρ̂ + 2‖E_S‖_F(1 + γ_{d+1}) + 2γ_{2d+4}(‖Ŝ‖_F + |ρ̂|) + D,   ρ̂ = fl(uᵀŜu)/fl(uᵀu),
 *          D from |aᵀz_i| ≤ |fl(aᵀẑ_i)| + γ_{d+k+1}|a|ᵀζ_i, |uᵀx_i| ≤ |fl(uᵀx_i)| + γ_{d+1}|u|ᵀ|x_i|
 *          and ℓ''_i ≤ ℓ''_max (first order in u, as the rest).
 * hess_min is then 2μ̂ and hess_err = max(upper − 2μ̂, 2μ̂ − lower) (+ the rounding of those
 * differences). It is taken when D ≤ 2(‖E_S‖_F + (d+1)u‖Ŝ‖_F), i.e. the data term at a ⊗ u is at
 * Ŝ's rounding level; otherwise (W of rank k ≤ d: the searches' end points) the dense path above.
 * Its hess_err is smaller than the dense one (no dsyrk term, no kd·u·‖Ĥ‖): in ci, 0.03–1.0×.
 *
 * Transfer to nearby points: D³L[U, U, V] ≤ ρ(r) for unit U, V on the ball of radius r
 * around W, with a_i = ‖W x_i‖, b_i = ‖x_i‖,
 *   ρ(r) = (1/n) Σ_i [8 ℓ'''_max (a_i + r b_i)³ b_i³ + 12 ℓ''_max (a_i + r b_i) b_i³]
 * (D q_i[U] = 2⟨Wx_i, Ux_i⟩, D²q_i = 2⟨Ux_i, Vx_i⟩ for q_i = ‖Wx_i‖²), so λ_min(∇²L) is
 * ρ(r)-Lipschitz there: every W* within cert_radius of W has λ_min(∇²L(W*)) < 0, in
 * particular every exact critical point, which is what Property 2.2 speaks of. */
#ifndef OVP_SADDLE_H
#define OVP_SADDLE_H

#include "quadnet.h"
#include "sosp.h"
#include "status.h"

typedef struct {
    double value;        /* L(W) */
    double grad_norm;    /* ‖∇L(W)‖_F as computed */
    double lambda_min_S; /* λ_min(S(W)) */
    double curvature;    /* max_i ℓ''_i · (1/n) Σ ‖x_i‖⁴, the c of theorems/dulee2018.h */
    double hess_min;     /* λ̂: smallest eigenvalue of the computed Hessian (dsyevr) */
    double hess_err;     /* bound on |λ̂ − λ_min(∇²L(W))| (above), given p(N) = N */
    double hess_fro;     /* ‖Ĥ‖_F; NaN when the structured enclosure was taken (no Ĥ formed) */
    double hess_upper;   /* λ̂ + hess_err: λ_min(∇²L(W)) ≤ hess_upper, certified given p(N) = N */
    double hess_lower;   /* λ̂ − hess_err: λ_min(∇²L(W)) ≥ hess_lower, certified given p(N) = N */
    double cert_radius;  /* largest r with hess_upper + r ρ(r) < 0 (0 when hess_upper ≥ 0) */
} ovp_saddle_cert;

/* Evaluates value, gradient, S and the certified smallest Hessian eigenvalue at W (k×d,
 * k = w->k): the structured enclosure when the z_i = W x_i span fewer than k dimensions to
 * rounding (d³ + k³ + nkd flops), else the dense Ĥ (n(kd)² + (kd)³); w->S holds S(W), w->G the
 * gradient. The eigenvector is not computed (dense: dsyevr values only, the same λ̂ to the bit);
 * ovp_sosp_hessian_min gives it. OVP_EDOM when some ℓ''_i < 0. */
OVP_MUST_CHECK int ovp_saddle_certify(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_sosp_work *w,
                                      ovp_saddle_cert *c);

/* The Hessian's Lipschitz bound ρ(r) on the ball of radius r around the W of the last
 * evaluation in qw (its ŷ_i = ‖W x_i‖² are read). */
double ovp_saddle_hessian_lipschitz(const ovp_quadnet_problem *p, const ovp_quadnet_work *qw, double r);

/* W = Q [Wr; 0] (k×d from r×d, r < k), Q = I − 2vvᵀ/vᵀv the Householder reflection of
 * v ∈ R^k (v ≠ 0). L depends on W only through WᵀW = WrᵀWr, so ∇L(W) = Q[∇L_r(Wr); 0] and W is
 * a critical point exactly when Wr is one, of rank ≤ r < k; Q makes its Hessian dense. */
OVP_MUST_CHECK int ovp_saddle_embed(const ovp_mat *Wr, const double *v, ovp_mat *W);

#endif
