/* verify/oymak2019/oymak2019.h: the P2 harness's configuration, for the driver and for tests. */
#ifndef OVP_VERIFY_OYMAK2019_H
#define OVP_VERIFY_OYMAK2019_H

#include "harness.h"
#include "status.h"

#include <stdint.h>

extern const ovp_harness ovp_harness_oymak2019;

/* The three experiments; a run does any subset. */
enum {
    OYMAK2019_GD = 1,       /* P2.T1: GD on vᵀφ(Wx) (softplus, quadratic, relu) and on Xθ */
    OYMAK2019_SWEEP = 2,    /* P2.T2: σ_min(relu(WXᵀ))/√k against α/2 over widths and seeds */
    OYMAK2019_SPECTRUM = 4, /* P2.F1: the singular values of Φ at k = 1600 */
    OYMAK2019_ALL = 7
};

typedef struct {
    unsigned parts;                  /* bit set of the experiments above */
    const double *X, *y;             /* user data (n_data×d_data, labels), not owned: replaces the
                                        synthetic inputs of GD and of the sweep */
    size_t n_data, d_data;

    /* P2.T1: n points uniform on S^{d−1}, y ~ N(0, label_scale²) */
    size_t n, d;
    double label_scale;
    double widths[OVP_MAX_LIST];     /* hidden widths k (even: neurons come in ± pairs) */
    size_t n_widths;
    unsigned acts;                   /* bit set over ovp_act: which activations */
    size_t iters;                    /* GD iterations at most (GD stops once converged) */
    double step_scale;               /* η = step_scale/β² (1: Theorem 1's largest step) */
    double beta_scale;               /* tests only: P2.T1c.lo uses beta_scale·β (< 1 breaks A2) */
    size_t lin_p;                    /* the linear case f = Xθ with X n×lin_p; 0 skips it */
    size_t trace_every;              /* a trace row every this many iterations (claims: every one) */

    /* P2.T2: n points uniform on S^{sweep_d−1}, k = ratio·n, W iid N(0, 1) */
    double sweep_n[OVP_MAX_LIST];
    size_t n_sweep;
    size_t sweep_d;
    double ratios[OVP_MAX_LIST];     /* k/n grid, ascending */
    size_t n_ratios;
    size_t seeds;
    size_t fit_gd_iters;             /* P2.T2.gd: GD steps on the output layer v from 0 */
    double fit_step_scale;           /* tests only: P2.T2.gd's step is fit_step_scale/σ_max(Φ)² (> 2 diverges) */

    /* P2.F1: X iid N(0, 1/f1_d), W iid N(0, 1) (f1_k × f1_d) */
    size_t f1_k, f1_d;
    double f1_n[OVP_MAX_LIST];
    size_t n_f1;

    int refuse_degenerate;           /* user data: parallel inputs are bad input, not a failed claim */
    uint64_t seed;
} oymak2019_config;

#endif
