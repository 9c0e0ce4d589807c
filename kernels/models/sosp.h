/* kernels/models/sosp.h: a second-order stationary point of the quadratic network's L (quadnet.h).
 *
 * L-BFGS with an Armijo backtracking line search runs to ‖∇L‖_F ≤ grad_tol; then λ_min(∇²L):
 * for k ≤ min(d, n) the kd×kd Hessian is formed analytically and its smallest eigenvalue
 * enclosed by Cholesky factorisations (below; dsyevr when they do not certify, and for the
 * eigenvector at a strict saddle); for k > min(d, n) it is exactly 2λ_min(S) (see
 * ovp_sosp_hessian_min), a d×d eigenproblem.
 *
 * The dense λ_min in ovp_sosp_find: one Cholesky, (kd)³/3 BLAS-3 flops, in place of dsyevr's
 * (4/3)(kd)³, half of them memory-bound dsymv (kd = 576, one core: 1.4 ms against 11.6 ms):
 *   1. Ĥ + σI = LLᵀ (ovp_eigcert_check), σ = curv_tol/20, else σ = curv_tol/2; completed, it
 *      proves λ_min(Ĥ) ≥ lo = −σ − e₁ (e₁ its rounding slack, every rounding included,
 *      eigcert.h). If both stop, dsyevr (as before): negative curvature beyond −σ.
 *   2. Inverse iteration x ← (LLᵀ)⁻¹x from a fixed start (two dtrsv, at most 8 steps, until
 *      ρ = xᵀĤx/xᵀx settles): λ_min(Ĥ) ≤ ρ + 3γ_{kd+1}(‖Ĥ‖_F + |ρ|) (Courant–Fischer with the
 *      rounding of dsymv and two dots, eigcert.h).
 *   3. The value is ρ, with hess_err = max(ρ − lo, 3γ_{kd+1}(‖Ĥ‖_F + |ρ|)) ≥ |ρ − λ_min(Ĥ)|,
 *      certified. When hess_err > curv_tol/10 and the residual r = ‖Ĥx − ρx‖ is small, one
 *      more Cholesky of Ĥ − sI, s = ρ − r − 2e₁, may raise lo to s − e₂ (some eigenvalue lies
 *      within r of ρ: Parlett, Thm 4.5.1); if hess_err still exceeds curv_tol/10, dsyevr's value.
 * So a recorded Cholesky value is within curv_tol/10 of λ_min(Ĥ) (in practice ≈ σ: at an SOSP
 * the bottom of Ĥ is a cluster of ~k(k−1)/2 eigenvalues within ~‖∇L‖ of 0, from the rotations
 * W → QW that leave L unchanged, which inverse iteration does not separate), and the SOSP test
 * λ ≥ −curv_tol is then certified for Ĥ (lo ≥ −curv_tol/2 − e₁, e₁ ~ kd·u·tr Ĥ ≪ curv_tol).
 * dsyevr's value has the smaller but uncertified error p(kd)·u·‖Ĥ‖₂; k = 1 (no cluster,
 * λ_min ~ λ) keeps it.
 *
 * When λ_min(∇²L) < −curv_tol the point is a strict saddle: a step along the eigenvector
 * (both signs tried, halving the length until the second-order model's decrease is
 * half-realised, the better sign kept) leaves it, and L-BFGS restarts from there.
 *
 * An (ε_g, ε_H)-SOSP is a W with ‖∇L(W)‖_F ≤ ε_g and λ_min(∇²L(W)) ≥ −ε_H. Near the
 * minimum the Armijo test drowns in rounding (a decrease of ‖g‖²/(2h) falls below ε|L|
 * for ‖g‖ ≲ 1e-8): there a step is also accepted when L did not rise beyond rounding and
 * the gradient norm fell, which carries L-BFGS's superlinear phase to ‖g‖ ~ 1e-13. */
#ifndef OVP_SOSP_H
#define OVP_SOSP_H

#include "quadnet.h"
#include "status.h"
#include "work.h"

typedef struct {
    double grad_tol;    /* ε_g on ‖∇L‖_F */
    double curv_tol;    /* ε_H on −λ_min(∇²L) */
    size_t max_iters;   /* L-BFGS iterations over all phases */
    size_t max_escapes; /* negative-curvature steps */
    size_t memory;      /* L-BFGS pairs kept */
} ovp_sosp_opts;

typedef enum {
    OVP_SOSP_FOUND = 0,    /* an (ε_g, ε_H)-SOSP */
    OVP_SOSP_MAXITER = 1,  /* iteration or escape budget spent */
    OVP_SOSP_STALLED = 2   /* line search failed above grad_tol (rounding floor) */
} ovp_sosp_outcome;

typedef struct {
    ovp_sosp_outcome outcome;
    double value, grad_norm, hess_min; /* at the returned W (hess_min NaN if never formed) */
    double hess_err;                   /* |hess_min − λ_min(Ĥ)| ≤ hess_err ≤ curv_tol/10 when the Cholesky
                                        * enclosure gave hess_min; 0 for dsyevr's value or 2λ_min(S) */
    size_t iters, escapes, hessians;
} ovp_sosp_result;

typedef struct {
    size_t n, d, k, memory;
    ovp_quadnet_work qw;
    ovp_mat G, Wt, Gt, S, T; /* k×d, k×d, k×d, d×d, d×d scratch */
    ovp_mat H;               /* kd×kd, allocated by the first ovp_sosp_form_hessian */
    ovp_mat F;               /* kd×kd Cholesky factors of the enclosure, allocated on first use */
    ovp_work *pool;          /* NULL, or the caller's buffer that holds H and F (ovp_sosp_work_set_pool) */
    double *s_hist, *y_hist, *rho, *alpha, *dir, *evec;
    double *null_u; /* d + k: S's bottom eigenvector u, then a ⊥ every W x_i (k > min(d, n)) */
    size_t n_hist, head;
    ovp_work ws;
} ovp_sosp_work;

OVP_MUST_CHECK int ovp_sosp_work_alloc(size_t n, size_t d, size_t k, size_t memory, ovp_sosp_work *w);
void ovp_sosp_work_free(ovp_sosp_work *w);

/* H and F (2(kd)² doubles) then live in pool, reserved there at each ovp_sosp_form_hessian,
 * instead of buffers of w's own: a caller that runs many works one after another (every width
 * of an instance) keeps one buffer whose pages stay mapped. The pool outlives w; one work at a
 * time may use it. */
void ovp_sosp_work_set_pool(ovp_sosp_work *w, ovp_work *pool);

/* Runs from W (k×d, overwritten with the result). */
OVP_MUST_CHECK int ovp_sosp_find(const ovp_quadnet_problem *p, ovp_mat *W, const ovp_sosp_opts *o,
                                 ovp_sosp_work *w, ovp_sosp_result *res);

/* S and the Hessian (w->S, w->H; the upper triangle of H) at the point of w->qw's last
 * evaluation (ovp_quadnet_value or ovp_quadnet_value_grad). Allocates H (kd×kd) on first
 * use (OVP_ENOMEM). */
OVP_MUST_CHECK int ovp_sosp_form_hessian(const ovp_quadnet_problem *p, ovp_sosp_work *w);

/* λ_min(∇²L(W)) and a unit eigenvector (kd, may be NULL: then values only); leaves S(W) in
 * w->S. k ≤ min(d, n): dsyevr on the dense Hessian (w->H), (kd)³ flops. k > min(d, n):
 * 2λ_min(S), exact for a convex loss (ℓ'' ≥ 0, else OVP_EDOM): ∇²L − I_k ⊗ 2S ⪰ 0, and along
 * a uᵀ (u S's bottom eigenvector, a ⊥ every W x_i, which exists since those span at most
 * min(d, n) < k dimensions) the data term vanishes; eigenvector a ⊗ u, a from a Householder
 * QR of W (k > d) or of Zᵀ = (X Wᵀ)ᵀ. d³ flops; agrees with the dense path to rounding. */
OVP_MUST_CHECK int ovp_sosp_hessian_min(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_sosp_work *w,
                                        double *lambda_min, double *evec);

#endif
