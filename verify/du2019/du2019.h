/* verify/du2019/du2019.h: the P3 harness's configuration, for the driver and for tests
 * (a scale's: ovp_config_for_scale(&ovp_harness_du2019, ...), verify/engine/config.h). */
#ifndef OVP_VERIFY_DU2019_H
#define OVP_VERIFY_DU2019_H

#include "harness.h"
#include "relu2inst_config.h"
#include "status.h"

#include <stdint.h>

extern const ovp_harness ovp_harness_du2019;

typedef struct {
    OVP_RELU2INST_CONFIG_MEMBERS;    /* n, d (synthetic: y ~ N(0, 1)), X, y, widths, iters, replicates, step, delta,
                                      * gd_form */
    size_t eig_every;                /* λ_min(H(k)) by dsyevr every this many iterations */
    double flow_widths[OVP_MAX_LIST]; /* widths at which the gradient flow is integrated as well */
    size_t n_flow_widths;            /* 0: the smallest of widths; {0}: none */
    int refuse_degenerate;           /* user data: parallel inputs are bad input, not a failed claim */
    uint64_t seed;
} du2019_config;

#endif
