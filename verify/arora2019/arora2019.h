/* verify/arora2019/arora2019.h: the P5 harness's configuration, for the driver and for tests
 * (a scale's: ovp_config_for_scale(&ovp_harness_arora2019, ...), verify/engine/config.h). */
#ifndef OVP_VERIFY_ARORA2019_H
#define OVP_VERIFY_ARORA2019_H

#include "harness.h"
#include "relu2inst_config.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

extern const ovp_harness ovp_harness_arora2019;

typedef struct {
    OVP_RELU2INST_CONFIG_MEMBERS;    /* n, d (synthetic: y = x_1), X, y, widths, iters, replicates, step, delta,
                                      * gd_form */
    double kappa;                    /* w_r(0) ~ N(0, κ²I) */
    double eps;                      /* T4.1's ε = eps ‖y − u(0)‖ (the theorem's own, free); L5.3's tolerance eps × bound */
    size_t n_test;                   /* fresh samples for the population loss (synthetic data) */
    double test_fraction;            /* --data: the share of rows held out for the population loss */
    size_t n_hold;                   /* --data: those rows (finish: round(test_fraction n)) */
    double label_ns[OVP_MAX_LIST];   /* prefix sizes of the y'(H∞)⁻¹y curve, true vs random labels */
    size_t n_label_ns;
    int refuse_degenerate;           /* user data: parallel inputs are bad input, not a failed claim */
    uint64_t seed;
} arora2019_config;

/* --data's split: the n rows of X (n×d, row-major) and y in the order of a uniformly
 * random permutation from the stream ("arora2019", "held-out", seed); the first n − n_hold
 * go to Xtr, ytr ((n − n_hold)×d and n − n_hold), the last n_hold to Xte, yte (the caller's
 * arrays). OVP_EINVAL unless 1 ≤ n_hold ≤ n − 2; OVP_ENOMEM. */
OVP_MUST_CHECK int arora2019_split(const double *X, const double *y, size_t n, size_t d, size_t n_hold,
                                   uint64_t seed, double *Xtr, double *ytr, double *Xte, double *yte);

#endif
