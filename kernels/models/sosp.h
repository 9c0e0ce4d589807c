/* kernels/models/sosp.h: a second-order stationary point of the quadratic network's L (quadnet.h).
 *
 * L-BFGS with an Armijo backtracking line search runs to ‖∇L‖_F ≤ grad_tol; then the kd×kd
 * Hessian is formed analytically and its smallest eigenpair computed (dsyevr, one vector).
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
    ovp_mat G, Wt, Gt, S, H; /* k×d, k×d, k×d, d×d, kd×kd */
    double *s_hist, *y_hist, *rho, *alpha, *dir, *evec;
    size_t n_hist, head;
    ovp_work ws;
} ovp_sosp_work;

OVP_MUST_CHECK int ovp_sosp_work_alloc(size_t n, size_t d, size_t k, size_t memory, ovp_sosp_work *w);
void ovp_sosp_work_free(ovp_sosp_work *w);

/* Runs from W (k×d, overwritten with the result). */
OVP_MUST_CHECK int ovp_sosp_find(const ovp_quadnet_problem *p, ovp_mat *W, const ovp_sosp_opts *o,
                                 ovp_sosp_work *w, ovp_sosp_result *res);

/* S and the Hessian (w->S, w->H; the upper triangle of H) at the point of w->qw's last
 * evaluation (ovp_quadnet_value or ovp_quadnet_value_grad). */
OVP_MUST_CHECK int ovp_sosp_form_hessian(const ovp_quadnet_problem *p, ovp_sosp_work *w);

/* λ_min(∇²L(W)) and its unit eigenvector (kd, may be NULL); leaves S(W) in w->S. */
OVP_MUST_CHECK int ovp_sosp_hessian_min(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_sosp_work *w,
                                        double *lambda_min, double *evec);

#endif
