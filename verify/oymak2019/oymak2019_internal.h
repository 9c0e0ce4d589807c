/* verify/oymak2019/oymak2019_internal.h: the P2 harness's shared state and its three parts,
 * each with a setup, tasks and a reduce step (internal to verify/oymak2019*.c).
 * Task indices run over the GD tasks, then the sweep's, then the spectrum's. */
#ifndef OVP_VERIFY_OYMAK2019_PARTS_H
#define OVP_VERIFY_OYMAK2019_PARTS_H

#include "dataset.h"
#include "mat.h"
#include "net1.h"
#include "oymak2019.h"
#include "parts.h"
#include "status.h"
#include "work.h"

enum { T_TRACE, T_GD, T_SWEEP, T_KSTAR, T_SPECTRUM, N_TABLES };

/* Converged: GD stops once ‖r_τ‖ ≤ this × ‖r₀‖, three orders above the rounding
 * floor of the outputs (~1e-14 relative, measured up to k = 32000). */
#define OYMAK_CONVERGED 1e-10

/* Numerical rank: σ_i counts when > max(k, n)·ε·σ_max (LAPACK's and NumPy's convention). */
double oymak2019_rank_tol(size_t k, size_t n, double sigma_max);


/* One sample size of the sweep: inputs, labels and α² of Assumption 4. */
typedef struct {
    size_t n;
    ovp_mat X;               /* n × d, unit rows */
    double *y;
    double alpha2, kernel_lambda_max;
    double alpha2_lower;   /* certified lower bound on α² (Hermite tail, oymak2019_arccos1_lower) */
    double cos_max;        /* upper bound on max_{i≠j} |cos(x_i, x_j)| it was taken at */
    ovp_pair parallel;     /* the closest pair of inputs */
    ovp_pair antiparallel; /* the pair closest to opposite (its angle is that of x_i and −x_j) */
} oymak2019_sweep_set;

typedef struct {
    ovp_parts parts; /* first: routes tasks to GD, the Theorem 2 sweep, Fig. 1 */
    oymak2019_config cfg;
    /* GD */
    size_t n, d;
    ovp_mat X, K;            /* K = XXᵀ, full */
    double *y;
    double norm_X, x_max;    /* ‖X‖₂ and max_i ‖x_i‖ */
    double lambda_min_K;     /* λ_min(XXᵀ), certified positive above ovp_linalg_zero_floor(n, d, ‖X‖²) */
    ovp_pair gd_parallel;
    ovp_act acts[OVP_ACT_COUNT];
    size_t n_acts, n_gd_tasks;
    /* sweep */
    oymak2019_sweep_set *sets;
    size_t n_sets, n_sweep_tasks;
    /* spectrum */
    size_t n_f1_tasks;
} oymak2019_state;

/* GD models: the activations of ovp_act, then the linear case f = Xθ. */
#define OYMAK_LINEAR OVP_ACT_COUNT
const char *oymak2019_model_name(size_t model);

/* J₀J₀ᵀ's dot-product length (XXᵀ: p for f = Xθ; K ∘ (AAᵀ): d + k for the net) and the
 * rounding floor of its eigenvalues, ovp_linalg_zero_floor at that length. */
size_t oymak2019_jjt_length(const oymak2019_state *s, size_t model, double k);
double oymak2019_jjt_floor(const oymak2019_state *s, size_t model, double k, double lambda_max);

/* Theorem 1's hypotheses on one GD run, from the run's numbers (the task and the reduce
 * both decide with it): A1 established (λ_min(J₀J₀ᵀ) = lmin above its rounding floor),
 * a global β (A2: |φ'| bounded, or J = X), β ≥ 2α, η = step_scale/β² ≤ 1/β², and A3 on
 * the whole ball of radius R (J constant for f = Xθ; L·R ≤ α/3 for a smooth φ). */
int oymak2019_gd_met(const oymak2019_state *s, size_t model, double k, double alpha, double beta, double lipschitz_R,
                     double lmin, double lmax);

/* Assumption 1 for the net, a theorem when its hypotheses hold: J₀J₀ᵀ = K ∘ (AAᵀ) with
 * K = XXᵀ, and by Schur's inequality (Horn & Johnson, Topics in Matrix Analysis, Thm
 * 5.3.4) λ_min(K ∘ B) ≥ λ_min(K)·min_i B_ii for PSD K, B. The certified lower bound
 * (λ_min(K) less its rounding floor) × a_diag_lower, the certified lower bound on
 * min_i (AAᵀ)_ii of ovp_net1_gd_diag_lower (which covers φ′'s argument error and ReLU's
 * sign flips); 0 when K is not certified positive definite. */
double oymak2019_a1_schur_bound(const oymak2019_state *s, double a_diag_lower);

OVP_MUST_CHECK int oymak2019_gd_setup(ovp_run *r, oymak2019_state *s, char *err, size_t errlen);
OVP_MUST_CHECK int oymak2019_gd_task(const void *state, size_t i, ovp_task_out *out);
void oymak2019_gd_label(const void *state, size_t i, char *buf, size_t len);
OVP_MUST_CHECK int oymak2019_gd_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n);

OVP_MUST_CHECK int oymak2019_sweep_setup(ovp_run *r, oymak2019_state *s, char *err, size_t errlen);
OVP_MUST_CHECK int oymak2019_sweep_task(const void *state, size_t i, ovp_task_out *out);
void oymak2019_sweep_label(const void *state, size_t i, char *buf, size_t len);
OVP_MUST_CHECK int oymak2019_sweep_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n);
void oymak2019_sweep_free(oymak2019_state *s);

OVP_MUST_CHECK int oymak2019_spectrum_task(const void *state, size_t i, ovp_task_out *out);
void oymak2019_spectrum_label(const void *state, size_t i, char *buf, size_t len);
OVP_MUST_CHECK int oymak2019_spectrum_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs,
                                             size_t n_tasks);

#endif
