/* kernels/models/sosp.h: a second-order stationary point of the quadratic network's L (quadnet.h).
 *
 * L-BFGS with an Armijo backtracking line search runs to ‖∇L‖_F ≤ grad_tol; then λ_min(∇²L):
 * for k ≤ min(d, n) the kd×kd Hessian is formed analytically and its smallest eigenvalue
 * computed (dsyevr, values only; the eigenvector only at a strict saddle); for k > min(d, n)
 * it is exactly 2λ_min(S) (see ovp_sosp_hessian_min), a d×d eigenproblem.
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
    size_t iters, escapes, hessians;
} ovp_sosp_result;

typedef struct {
    size_t n, d, k, memory;
    ovp_quadnet_work qw;
    ovp_mat G, Wt, Gt, S, T; /* k×d, k×d, k×d, d×d, d×d scratch */
    ovp_mat H;               /* kd×kd, allocated by the first ovp_sosp_form_hessian */
    double *s_hist, *y_hist, *rho, *alpha, *dir, *evec;
    double *null_u; /* d + k: S's bottom eigenvector u, then a ⊥ every W x_i (k > min(d, n)) */
    size_t n_hist, head;
    ovp_work ws;
} ovp_sosp_work;

OVP_MUST_CHECK int ovp_sosp_work_alloc(size_t n, size_t d, size_t k, size_t memory, ovp_sosp_work *w);
void ovp_sosp_work_free(ovp_sosp_work *w);

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
