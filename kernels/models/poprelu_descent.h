/* kernels/models/poprelu_descent.h: gradient descent on the population ReLU loss,
 * finished by Newton steps on the exact Hessian.
 *
 * GD decides the basin: fixed step η from W0; if F ever rises by more than
 * OVP_DESCENT_F_NOISE (or turns non-finite) the step is halved and GD restarts
 * from W0. So the descent is monotone, and a run whose loss falls below f_stop
 * can no longer end at a point with F ≥ f_stop: it stops there.
 * Newton finishes: once ‖∇F‖ ≤ newton_switch, steps Δ = −∇²F⁻¹∇F (Cholesky) are
 * taken while the Hessian is positive definite, the gradient norm falls and F
 * does not rise; an attempt with a step that breaks one of these is undone
 * entirely (GD's trajectory alone decides the basin), GD resumes, and the next
 * attempt waits for a gradient OVP_DESCENT_RETRY times smaller. Newton converges
 * quadratically to the minimum of the strongly convex region GD has entered,
 * instead of GD's linear crawl at rate η λ_min.
 * Nothing is allocated after ovp_poprelu_descent_work_alloc. */
#ifndef OVP_POPRELU_DESCENT_H
#define OVP_POPRELU_DESCENT_H

#include "poprelu.h"
#include "status.h"
#include "work.h"

/* F's O(k²) terms of size O(1) round to ~1e-13; a rise beyond this is a blow-up. */
#define OVP_DESCENT_F_NOISE 1e-10
/* After a refused Newton attempt, the next waits for a gradient this many times
 * smaller: a refused attempt costs one Hessian and Cholesky, ~100 GD steps. */
#ifndef OVP_DESCENT_RETRY
#define OVP_DESCENT_RETRY 2.0
#endif

typedef struct {
    double step;          /* initial GD step η */
    size_t max_halvings;  /* restarts with η/2 before giving up */
    size_t max_iters;     /* GD iterations per attempt */
    double f_stop;        /* stop when F < f_stop */
    double newton_switch; /* first Newton attempt when ‖∇F‖ ≤ this */
    size_t max_newton;    /* Newton steps per attempt */
    double grad_tol;      /* converged when ‖∇F‖_F ≤ this */
} ovp_poprelu_descent_opts;

typedef enum {
    OVP_DESCENT_BELOW = 0,     /* F < f_stop */
    OVP_DESCENT_CONVERGED = 1, /* ‖∇F‖ ≤ grad_tol */
    OVP_DESCENT_CAP = 2,       /* iteration cap, or every halving blew up */
    OVP_DESCENT_SINGULAR = 3   /* a student neuron reached 0 (F not differentiable) */
} ovp_poprelu_descent_outcome;

typedef struct {
    ovp_poprelu_descent_outcome outcome;
    double F, grad_norm, step;  /* at the end; the step GD used */
    size_t gd_iters, halvings;  /* iterations of the last attempt */
    size_t newton_steps, newton_rejected;
} ovp_poprelu_descent_result;

typedef struct {
    ovp_mat G, Gsave, Wsave, H; /* k×d, k×d, k×d, kd×kd */
} ovp_poprelu_descent_work;

OVP_MUST_CHECK int ovp_poprelu_descent_work_alloc(size_t k, size_t d, ovp_poprelu_descent_work *w);
void ovp_poprelu_descent_work_free(ovp_poprelu_descent_work *w);

/* Descends from W0 (k×d) into W. OVP_OK with the outcome in *res, or a LAPACK
 * or shape error. */
OVP_MUST_CHECK int ovp_poprelu_descent_run(ovp_poprelu *p, const ovp_mat *W0, ovp_mat *W,
                                           const ovp_poprelu_descent_opts *o,
                                           ovp_poprelu_descent_work *w, ovp_poprelu_descent_result *res);

#endif
