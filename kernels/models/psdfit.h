/* kernels/models/psdfit.h: the convex reference problem of the quadratic network (quadnet.h),
 *
 *   min_{M ⪰ 0}  f(M) = (1/n) Σ_i ℓ(x_iᵀ M x_i, y_i) + (λ/2) tr M + ⟨C, M⟩,
 *
 * whose optimal value equals min_W L(W) whenever k ≥ rank of a minimiser (M = WᵀW).
 * Its gradient is exactly S(M) of quadnet.h (with ℓ' at ŷ_i = x_iᵀMx_i).
 * Solved by accelerated proximal gradient (FISTA) with O'Donoghue–Candès gradient restart;
 * the prox is the projection onto the PSD cone, one eigen-decomposition (dsyevr) per step.
 * The step is 1/Lip, Lip = max ℓ'' · max_i Σ_j (x_iᵀx_j)²/n ≥ max ℓ'' · λ_max(K∘K)/n
 * (K = XXᵀ), the largest curvature of the data term since ⟨x_ix_iᵀ, x_jx_jᵀ⟩ = (x_iᵀx_j)².
 * Stops on the KKT residual ‖M − Π_PSD(M − ∇f(M))‖_F, which is 0 exactly at a minimiser. */
#ifndef OVP_PSDFIT_H
#define OVP_PSDFIT_H

#include "quadnet.h"
#include "status.h"
#include "work.h"

typedef struct {
    size_t max_iters;
    double kkt_tol;     /* stop when the KKT residual is ≤ this */
    size_t check_every; /* KKT residual every this many iterations (it costs one more gradient) */
    double gap_tol;     /* if > 0, also stop (converged) once dual_gap ≤ gap_tol at a check */
} ovp_psdfit_opts;

typedef struct {
    double value;      /* f(M) */
    double kkt;        /* ‖M − Π_PSD(M − S(M))‖_F */
    double inner_SM;   /* ⟨S(M), M⟩ (0 at a minimiser) */
    double lambda_min_S; /* λ_min(S(M)) (≥ 0 at a minimiser) */
    double trace;      /* tr M */
    size_t rank;       /* eigenvalues of M above OVP_PSDFIT_RANK_TOL · λ_max(M) */
    size_t iters, restarts;
    int converged;
    /* The certificate (ovp_psdfit_describe), for any PSD M:
     * the Fenchel dual point α_i = t·ℓ'_i/n, shrunk by t ∈ (0, 1] until
     * (λ/2)I + C + t((1/n)Σ ℓ'_i x_ix_iᵀ) ⪰ 0, has value
     *   D = −(1/n) Σ ℓ*(t ℓ'_i) ≤ f*   (ℓ*: the loss's convex conjugate),
     * so f(M) − f* ≤ dual_gap = f(M) − D: a duality gap, no bound on tr M* needed. */
    double dual_value;   /* D; −∞ when no t > 0 works (C not PSD) */
    double dual_gap;     /* value − dual_value (≥ 0 up to rounding) */
    double dual_scale;   /* t */
    double value_round;  /* a-priori rounding bound of f(M) (and of D): the floor of any gap */
    double trace_err;    /* |tr M − tr M*| ≤ trace_err (squared loss, C = 0; +∞ otherwise) */
} ovp_psdfit_result;

/* Relative eigenvalue threshold for the numerical rank of M: far above the ~1e-12 left by
 * a converged solve and far below the smallest genuine eigenvalue seen in practice. */
#define OVP_PSDFIT_RANK_TOL 1e-6

typedef struct {
    size_t n, d;
    ovp_mat M0, Y, G, V, A; /* d×d: previous iterate, momentum point, gradient, eigenvectors, scratch */
    ovp_mat XM, R;          /* n×d: X M, scaled rows for S */
    double *yhat, *d1, *ev;
    double lip;
    ovp_work ws;
} ovp_psdfit_work;

/* Allocates and computes the step constant for problem p (which must outlive the work). */
OVP_MUST_CHECK int ovp_psdfit_work_alloc(const ovp_quadnet_problem *p, ovp_psdfit_work *w);
void ovp_psdfit_work_free(ovp_psdfit_work *w);

/* f(M) and G = ∇f(M) = S(M) (d×d, full). 3nd² flops. */
OVP_MUST_CHECK int ovp_psdfit_value_grad(const ovp_quadnet_problem *p, const ovp_mat *M, ovp_psdfit_work *w,
                                         double *value, ovp_mat *G);

/* A ← Π_PSD(A) for symmetric A (upper triangle read; full result). rank: eigenvalues
 * kept above OVP_PSDFIT_RANK_TOL·λ_max (may be NULL). Uses w->V and w->ev. */
OVP_MUST_CHECK int ovp_psdfit_project(ovp_mat *A, ovp_psdfit_work *w, size_t *rank);

/* Minimises from M (d×d PSD, e.g. 0), overwriting it with the solution; res describes it. */
OVP_MUST_CHECK int ovp_psdfit_solve(const ovp_quadnet_problem *p, const ovp_psdfit_opts *o, ovp_psdfit_work *w,
                                    ovp_mat *M, ovp_psdfit_result *res);

/* Fills res's value, kkt, inner_SM, lambda_min_S, trace and rank for a given M. */
OVP_MUST_CHECK int ovp_psdfit_describe(const ovp_quadnet_problem *p, const ovp_mat *M, ovp_psdfit_work *w,
                                       ovp_psdfit_result *res);

/* Column scales s_j = √((1/n) Σ_i x_ij²) (1 for a zero column) into s (length d). The
 * congruence M̃ = diag(s) M diag(s) maps the problem on X to the one on X̃ = X diag(s)⁻¹
 * with the linear term C̃ = diag(s)⁻¹((λ/2)I + C)diag(s)⁻¹ in place of (λ/2)I + C
 * (λ̃ = 0): same values, same duality gaps, the trace term becomes a weighted trace. */
void ovp_psdfit_scales(const ovp_quadnet_problem *p, double *s);

/* FISTA (ovp_psdfit_solve) run on the diagonally rescaled problem above, from M (mapped in),
 * M overwritten by the solution mapped back; res describes it on p (iters, restarts,
 * converged from the rescaled run). Allocates its own scratch. */
OVP_MUST_CHECK int ovp_psdfit_solve_scaled(const ovp_quadnet_problem *p, const ovp_psdfit_opts *o, ovp_mat *M,
                                           ovp_psdfit_result *res);

/* Primal log-barrier interior-point method on the rescaled problem: Newton's method on
 *   F_μ(M̃) = f̃(M̃) − μ log det M̃
 * in the d(d+1)/2 coordinates of svec(M̃) (Hessian (1/n)Σ ℓ''_i v_iv_iᵀ + μ M̃⁻¹ ⊛ M̃⁻¹,
 * v_i = svec(x̃_ix̃_iᵀ), Cholesky), backtracking on F_μ inside the cone, μ divided by
 * OVP_PSDFIT_IPM_SHRINK after each centring. At the exact centre ∇f̃ = μM̃⁻¹ ≻ 0 and the
 * duality gap is ⟨∇f̃, M̃⟩ = μd, so μ sets the accuracy; it stops when μd ≤ max(gap_tol, gap_rtol·f)/10
 * or after max_newton Newton steps, or when rounding ends the path (a Hessian not positive
 * definite, no step inside the cone); converged: the certificate's dual_gap ≤ max(gap_tol, gap_rtol·f).
 * Newton is invariant under the congruence, so the column scaling only serves rounding.
 * Memory (n + 2·d(d+1)/2)·d(d+1)/2 doubles; flops per step n·(d²/2)² + (d²/2)³/3.
 * res describes the result on p; iters counts Newton steps, restarts the centrings. */
typedef struct {
    size_t max_newton;
    double gap_tol;  /* target duality gap, absolute ... */
    double gap_rtol; /* ... or relative to f: the larger of the two */
} ovp_psdfit_ipm_opts;

#define OVP_PSDFIT_IPM_SHRINK 10.0

OVP_MUST_CHECK int ovp_psdfit_solve_ipm(const ovp_quadnet_problem *p, const ovp_psdfit_ipm_opts *o, ovp_mat *M,
                                        ovp_psdfit_result *res);

#endif
