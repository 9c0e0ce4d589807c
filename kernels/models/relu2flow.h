/* kernels/models/relu2flow.h: gradient flow of the two-layer ReLU network of
 * kernels/models/relu2.h (Du, Zhai, Póczos, Singh 2019, section 3), integrated
 * event by event with GSL's rk8pd under error control.
 *
 * Notation of relu2.h: Z = XWᵀ (n×m), K = XXᵀ, a_r = ±1, p_ir = 1{z_ir ≥ 0},
 * u_i = (1/√m) Σ_r a_r p_ir z_ir, residual r = u − y. The flow
 * dw_r/dt = −(a_r/√m) Σ_i p_ir r_i x_i has a right-hand side that jumps
 * whenever a pattern entry flips. Between flips (a frozen "mode") it is
 * linear and lives in 2n + 1 dimensions:
 *
 *   dr/dt = −H r,   dg/dt = r,   dq/dt = ‖r‖,   H = (1/m) K ∘ (P Pᵀ)  (H(t) of the paper),
 *
 * with A_jr(t) = ∫₀ᵗ p_jr r_j ds = p_jr g_j + (offsets kept at each flip),
 * W(t) − W(0) = EᵀX with E = −(1/√m) A diag(a), and
 * z_ir(t) = z_ir(t_s) − (a_r/√m) Σ_j K_ij (A_jr(t) − A_jr(t_s)).
 *
 * Events. |z_ir(t) − z_ir(t')| ≤ κ_i (q(t) − q(t')) with κ_i = ‖K_i‖₂/√m, since
 * ‖A_r(t) − A_r(t')‖₂ ≤ ∫‖r‖ (Minkowski; |p| ≤ 1). A segment lasts while
 * q grows by G = band/max_i κ_i; only the entries with |z_ir| ≤ κ_i G at its
 * start ("candidates") can flip in it, and each is evaluated (O(n)) only when
 * q has grown enough for it to reach its threshold (a heap of wake-up values
 * of q). A flip is located on the accepted step by Illinois iterations on exact
 * re-steps from the step's start (gsl_odeiv2_step_apply), to where z has passed
 * zero by z_eps ... 2 z_eps (the hysteresis that keeps a flipped entry from
 * re-triggering). Entries found past their threshold at that time flip there
 * together; every candidate evaluated at the step is checked there (one may
 * have crossed and come back), and one that could have done so inside the step
 * (chord bound with |z̈| ≤ κ(1 + ‖B‖)‖K‖₂‖r‖) is probed at the maximum of its
 * cubic Hermite interpolant. Each segment ends with Z rebuilt exactly (one n×n
 * by n×m dgemm).
 *
 * Sliding (Filippov). At a crossing of (i, r) the field may point back into
 * the surface z_ir = 0 from both sides (for a_r > 0: S < 0 < S + K_ii r_i,
 * S = Σ_{j≠i} K_ij p_jr r_j); the classical ODE then has no solution and GD
 * chatters. The flow follows Filippov's sliding motion: the entries S_r of
 * neuron r on their surfaces take p = θ ∈ (0, 1) with ż_{S_r} = 0, i.e.
 * θ_S ∘ r_S = w_S = −K_SS⁻¹ K_{S,:}(p̃_r ∘ r) (p̃: the non-sliding pattern), which
 * is linear in r, so the mode stays linear with
 *   H = (1/m) Σ_r D_r (K − K_{:S_r} K_{S_r S_r}⁻¹ K_{S_r,:}) D_r,  D_r = diag(p̃_r),
 * a rank-|S_r| correction per sliding neuron, still positive semidefinite (so
 * ‖r‖ never increases). An entry slides while a_r w_i > 0 and a_r (r_i − w_i) > 0
 * (θ_i ∈ (0, 1) and the field attracting); it leaves to the inactive side when
 * a_r w_i reaches 0 and to the active side when a_r (r_i − w_i) does (events
 * linear in r), with a hysteresis θ_eps = z_eps in θ (joining within θ_eps/2 of
 * [0, 1], leaving beyond θ_eps) so that at a tangency it cannot join and leave
 * in a loop. Entering, its z (and its neuron's other sliding entries') is
 * projected exactly onto the surface: w_r moves by at most 2 z_eps. A neuron
 * with more than max_sliding entries on their surfaces stops the flow, as do
 * events that keep coming without time advancing (OVP_FLOW_STOP_CHATTER).
 *
 * λ_min(H) is tracked along the flow: exactly (dsyevr) at start, at every
 * record and whenever the Weyl lower bound λ_exact − Σ‖ΔH‖_F over the mode
 * changes since falls below lambda_floor; so λ_min(H(s)) ≥ lambda_min_lower on
 * every mode of the interval (up to the rounding of H and of the eigensolver). */
#ifndef OVP_RELU2FLOW_H
#define OVP_RELU2FLOW_H

#include "mat.h"
#include "status.h"

#include <stddef.h>

/* Most entries of one neuron on their surfaces at once. */
#define OVP_RELU2FLOW_SMAX 16

typedef struct {
    double eps_abs, eps_rel; /* rk8pd error control on (r, g, q): eps_abs + eps_rel |y_i| per step */
    double z_eps;            /* a flip is applied where z has passed 0 by z_eps (at most 2 z_eps) */
    double band;             /* candidates: |z_ir| ≤ band κ_i / max κ at a segment start */
    double lambda_floor;     /* exact λ_min(H) whenever the Weyl lower bound falls below this */
    size_t max_sliding;      /* entries of one neuron sliding at once (≤ OVP_RELU2FLOW_SMAX) */
    size_t max_events;       /* the flow stops after this many events (0: no limit) */
    /* Called at every point of the trajectory the integrator reaches (accepted
     * steps and event times), with ‖r(t)‖²; may be NULL. */
    void (*on_step)(void *ctx, double t, double residual_sq);
    void *ctx;
} ovp_relu2flow_opts;

/* Why a flow stopped before its target time. */
typedef enum {
    OVP_FLOW_RUNNING = 0,
    OVP_FLOW_STOP_SLIDING_LIMIT, /* a neuron would need more than max_sliding sliding entries */
    OVP_FLOW_STOP_UNRESOLVED,    /* no consistent mode for a neuron's entries on their surfaces */
    OVP_FLOW_STOP_CHATTER,       /* events kept firing at one time */
    OVP_FLOW_STOP_EVENT_LIMIT,   /* max_events reached */
    OVP_FLOW_STOP_SINGULAR       /* K_SS of a sliding set not positive definite */
} ovp_relu2flow_stop;

/* The state at a record time t (after an ovp_relu2flow_advance). */
typedef struct {
    double t;
    double residual_sq;          /* ‖r(t)‖² */
    double max_dist_from_init;   /* max_r ‖w_r(t) − w_r(0)‖, from the rebuilt A and Z */
    double integral_residual;    /* ∫‖r‖ ds over (previous record, t]: no neuron moves more than
                                  * √(n/m) times this in between */
    double lambda_min;           /* λ_min(H(t)), dsyevr at t */
    double lambda_min_lower;     /* λ_min(H(s)) ≥ this for every mode s in (previous record, t] */
    double residual_mismatch;    /* max_i |r_i − (u_i(Z(t)) − y_i)|: the two integrals agree */
    double sliding_drift;        /* max |z_ir| over sliding entries after the rebuild */
    size_t flips;                /* pattern entries switched between active and inactive so far */
    size_t sliding_now;          /* entries on their surfaces at t */
    size_t ever_changed;         /* entries whose pattern changed (or slid) at least once */
} ovp_relu2flow_record;

/* Counters of the whole flow. */
typedef struct {
    size_t steps;           /* accepted rk8pd steps */
    size_t locate_steps;    /* re-steps (step_apply) locating events */
    size_t events;          /* event times */
    size_t flips, slide_enter, slide_exit, grazing, repelling;
    size_t segments;        /* rebuilds of Z (one dgemm each) */
    size_t eig_evals;       /* exact λ_min(H) */
    double h_rounding;      /* |computed − exact λ_min(H)| ≤ this + the rounding of K∘(P̃P̃ᵀ)/m and
                             * the eigensolver's (as for H(k) of GD): the sliding corrections and
                             * the incremental updates, ‖·‖₂ ≤ n max entry */
    size_t evaluations;     /* candidate z evaluations */
    size_t max_candidates;  /* largest candidate set of a segment */
    size_t max_sliding;     /* most entries sliding at once */
    size_t max_sliding_per_neuron;
    size_t excursions;      /* events found inside a step by the Hermite probe (crossed and back) */
    size_t missed;          /* entries found past their threshold by > 10 z_eps: not located (late) */
    double t_first_sliding; /* NaN when none */
    ovp_relu2flow_stop stop;
    double t_stop;          /* where the flow stopped (NaN while running) */
} ovp_relu2flow_stats;

typedef struct ovp_relu2flow ovp_relu2flow;

/* A flow for n samples and m neurons; *f is NULL on failure. */
OVP_MUST_CHECK int ovp_relu2flow_alloc(size_t n, size_t m, ovp_relu2flow **f);
void ovp_relu2flow_free(ovp_relu2flow *f);

/* Starts at W0 (m×d): Z = XW0ᵀ, A = 0, r = u(0) − y, λ_min(H(0)) exactly.
 * K = XXᵀ (n×n, both triangles), a (m) and y (n) must outlive the flow. */
OVP_MUST_CHECK int ovp_relu2flow_start(ovp_relu2flow *f, const ovp_mat *X, const ovp_mat *K,
                                       const ovp_mat *W0, const double *a, const double *y,
                                       const ovp_relu2flow_opts *opts);

/* Integrates to t_target > current time (or to where the flow stops; see
 * ovp_relu2flow_get_stats), rebuilds Z there and fills *rec. */
OVP_MUST_CHECK int ovp_relu2flow_advance(ovp_relu2flow *f, double t_target, ovp_relu2flow_record *rec);

/* The current residual r (n values) and counters. */
void ovp_relu2flow_residual(const ovp_relu2flow *f, double *r);
void ovp_relu2flow_get_stats(const ovp_relu2flow *f, ovp_relu2flow_stats *st);

/* W = W0 + EᵀX (m×d) at the last record time. */
OVP_MUST_CHECK int ovp_relu2flow_weights(ovp_relu2flow *f, const ovp_mat *X, const ovp_mat *W0, ovp_mat *W);

/* Tests: the largest |H_ij − H'_ij| between the flow's incrementally updated
 * mode matrix H and H' recomputed from the current pattern and sliding sets. */
OVP_MUST_CHECK int ovp_relu2flow_h_deviation(ovp_relu2flow *f, double *max_abs_diff);

#endif
