/* verify/models/relu2inst.h: an instance of the two-layer ReLU model of Du, Zhai, Póczos, Singh (2019).
 *
 * f(x) = (1/√m) Σ_r a_r relu(w_rᵀx) on inputs x_i with ‖x_i‖ = 1 (P3,
 * docs/du2019.md; Arora et al. 2019 study the same model). What every paper on
 * it computes before its tasks: the data (the --data file, or n points uniform
 * on S^{d−1} from the keyed stream (stream, "data", seed), with N(0, 1) labels from
 * it or the labels of a given function),
 * K = XXᵀ, H∞ by its closed form (eq. 3.1), λ₀ = λ_min(H∞) and λ_max(H∞) with
 * λ₀'s rounding-error bound, the check of the hypothesis ‖x_i‖ = 1, the step η,
 * the widths and step P3's proofs ask for, and the refusal of user data whose
 * λ₀ is not above its error bound (one message naming the closest pair). */
#ifndef OVP_RELU2INST_H
#define OVP_RELU2INST_H

#include "dataset.h"
#include "mat.h"
#include "relu2.h"
#include "work.h"
#include "run.h"
#include "status.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

/* What an instance is built from. */
typedef struct {
    const char *stream;    /* keys the synthetic data's stream (stream, "data", seed); du2019's is "du2019" */
    uint64_t seed;
    size_t n, d;           /* samples and input dimension (of X when given) */
    const double *X, *y;   /* user data, n×d row-major and n labels (copied); NULL: synthetic */
    double step;           /* η when > 0 (--step); 0: 1/λ_max(H∞) */
    double delta;          /* failure probability of the width formulas */
    int refuse_degenerate; /* λ₀ not above its error bound is bad input (OVP_EDATA), not a failed claim */
    /* Synthetic labels y_i = label(x_i, d), named label_name in the provenance ("y = x_1");
     * NULL: y ~ N(0, 1) from the data stream. */
    double (*label)(const double *x, size_t d);
    const char *label_name;
    const char *gd_form;   /* --gd-form: "primal", "sample", or "auto"/NULL (ovp_relu2_gd_cheaper) */
    const char *gram;      /* --gram: "local", "distributed", or "auto"/NULL (ovp_relu2inst_gram_path) */
    int data_only;         /* --data-only: no K, H∞ held locally when distributed; no GD */
    int borrow_X;          /* X outlives the instance: use it in place (read only), no copy */
} ovp_relu2inst_spec;

/* Where H∞'s quantities are computed. */
typedef struct {
    int distributed;        /* 0: LAPACK in this process; 1: ScaLAPACK over MPI_COMM_WORLD */
    int ranks, prow, pcol;  /* ranks and the BLACS process grid prow × pcol (1, 1, 1 when local) */
    int block;              /* the block-cyclic block size (0 when local) */
    double bytes_per_rank;  /* the estimate the memory check used */
} ovp_relu2inst_gram;

/* auto picks the distributed path at n ≥ this under more than one MPI rank. On one node
 * it is slower than LAPACK in one process (docs/distributed.md): it pays for memory, and
 * here the local path's K, H∞ and the solver's copy take 3·8n² = 9.6 GB. A size, not a
 * memory reading, so that every rank decides the same. */
#define OVP_RELU2INST_DIST_MIN_N 20000

typedef struct {
    size_t n, d;
    ovp_mat X, K, Hinf;     /* X n×d; K = XXᵀ full; H∞ upper triangle */
    double *y;              /* n labels */
    int user_data;          /* X, y from the spec (a file), not the stream */
    const char *label_name; /* synthetic labels: the spec's label_name, or "y ~ N(0,1)" */
    double lambda0;         /* λ_min(H∞), computed */
    double lambda0_error;   /* |computed − exact λ₀| ≤ this (ovp_gram_lambda_error) */
    double lambda_max;      /* λ_max(H∞), computed */
    double eta;             /* the step: the spec's, or 1/λ_max(H∞) */
    int step_given;         /* 1: the spec's step */
    double delta;
    double width_gd;        /* m Theorem 4.1 asks, n⁶/(λ₀⁴δ³) (theorems/du2019.h) */
    double width_init;      /* m Lemma 3.1 asks for λ_min(H(0)) ≥ 3λ₀/4 */
    double step_gd;         /* η Theorem 4.1 asks, λ₀/n² */
    double h0_frob_sq_max;  /* the largest ‖H(0) − H∞‖_F² over all activation patterns */
    size_t n_not_unit;      /* inputs with |‖x_i‖ − 1| > OVP_UNIT_NORM_TOL(d) */
    double max_norm_dev;    /* max_i |‖x_i‖ − 1| */
    ovp_relu2_gd_form form; /* GD's form, from the spec's gd_form */
    ovp_relu2inst_gram gram;/* where H∞'s quantities were computed */
    int data_only;          /* K and H∞ are not held (--data-only on the distributed path) */
    int X_borrowed;         /* X is the spec's (borrow_X), not freed here */
    void *dist;             /* the distributed H∞ (kernels/dist/distgram.h's ovp_distgram), or NULL */
} ovp_relu2inst;

/* Builds the instance of spec into in (zeroed first). On failure in holds
 * nothing (no need to free) and err says why: OVP_EINVAL for empty sizes,
 * OVP_ENOMEM, OVP_ELAPACK for H∞'s eigenvalues, OVP_EDATA for degenerate user
 * data (refuse_degenerate). */
OVP_MUST_CHECK int ovp_relu2inst_build(const ovp_relu2inst_spec *spec, ovp_relu2inst *in, char *err,
                                       size_t errlen);
void ovp_relu2inst_free(ovp_relu2inst *in);

/* Every eigenpair of H∞: w (n, ascending) and V (n×n, allocated by the caller)
 * with the orthonormal eigenvectors as columns, by dsyevr on a copy (the
 * instance is kept); each computed eigenvalue is within lambda0_error of the
 * exact one (the same Weyl bound). For the projections of y onto H∞'s
 * eigenvectors in Arora et al. (2019); n³ flops, computed only when asked.
 * OVP_EINVAL when V is not n×n, OVP_ENOMEM, OVP_ELAPACK. */
OVP_MUST_CHECK int ovp_relu2inst_eigenpairs(const ovp_relu2inst *in, double *w, ovp_mat *V);

/* yᵀ(H∞)⁻¹y for n labels y, by Cholesky (dpotrf + dpotrs) on the instance's path: a copy
 * of H∞ here, or the distributed H∞ (pdpotrf + pdpotrs, collective over every rank).
 * OVP_EDOM when H∞ is not numerically positive definite, OVP_ENOMEM, OVP_ELAPACK. */
OVP_MUST_CHECK int ovp_relu2inst_y_hinf_inv_y(const ovp_relu2inst *in, const double *y, double *quad);

/* Refuses, before any output exists, a spec whose --gram path cannot run here
 * (ovp_relu2inst_build would refuse it the same way): OVP_EINVAL and the fix in err. */
OVP_MUST_CHECK int ovp_relu2inst_check_spec(const ovp_relu2inst_spec *spec, char *err, size_t errlen);

/* Peak bytes per rank of the instance spec describes, for the memory check before
 * any allocation: X and, locally, K, H∞ and the eigensolver's copy (8(nd + 3n²)), or
 * a rank's share of the distributed H∞ and its factor (plus K and H∞ locally unless
 * --data-only). `what` receives "<name> with n = .., d = .." and, when the local path
 * would not fit this machine, the least rank count the distributed one fits in. */
double ovp_relu2inst_shared_bytes(const ovp_relu2inst_spec *spec, char *what, size_t whatlen, const char *name);

/* P3's hypothesis ‖x_i‖ = 1 checked on K = XXᵀ: ‖x_i‖ = √K_ii within
 * OVP_UNIT_NORM_TOL(d) (the rounding of a d-term sum of squares and its root). */
void ovp_relu2inst_check_unit_norm(const ovp_mat *K, size_t d, size_t *n_not_unit, double *max_dev);

/* The largest value ‖H(0) − H∞‖_F² can take over every activation pattern,
 * from K and H∞ (upper triangles read). */
double ovp_relu2inst_h0_frobenius_sq_max(const ovp_mat *K, const ovp_mat *Hinf);

/* GD's form for --gd-form's choice on n samples of dimension d: "primal", "sample", or
 * "auto" and NULL, the one with fewer flops (ovp_relu2_gd_cheaper). */
ovp_relu2_gd_form ovp_relu2inst_gd_form(const char *choice, size_t n, size_t d);

/* The summary's name of a form: "primal" or "sample space". */
const char *ovp_relu2inst_gd_form_name(ovp_relu2_gd_form form);

/* The instance's parameters into the run's provenance: n, d, step, step_rule,
 * delta, data_model. */
void ovp_relu2inst_record_params(ovp_run *r, const ovp_relu2inst *in);

/* The instance's quantities into the run: lambda0, lambda0_error_bound,
 * lambda_max_hinf, step, eta_lambda0_half, eta_lambda0,
 * rate_linearised_slowest, width_required_gd, width_required_init,
 * h0_hinf_frobenius_sq_max, inputs_not_unit_norm, step_required_gd. */
void ovp_relu2inst_record_quantities(ovp_run *r, const ovp_relu2inst *in);

/* One task's network on an instance: W(0) (m×d, rows w_r(0) ~ N(0, κ²I)), the fixed
 * output weights a (m, uniform ±1), drawn in that order from g; the tracked GD state of
 * kernels/models/relu2.h in the instance's form for n samples and width m (not started:
 * ovp_relu2_gd_start from W0); H (n×n) for H(k), and a LAPACK workspace. */
typedef struct {
    ovp_mat W0, H;
    double *a;
    ovp_relu2_gd gd;
    ovp_work ws;
} ovp_relu2inst_net;

/* Allocates and draws net (zeroed first; on failure it holds nothing): OVP_ENOMEM. */
OVP_MUST_CHECK int ovp_relu2inst_net_init(const ovp_relu2inst *in, size_t m, double kappa, gsl_rng *g,
                                          ovp_relu2inst_net *net);
void ovp_relu2inst_net_free(ovp_relu2inst_net *net);

#endif
