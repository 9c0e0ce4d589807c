/* verify/safran2021/safran2021.h: the P4 harness's configuration, for the driver and for tests.
 * Notation as THEOREMS.md: student k neurons W (k×d), teacher n neurons V (n×d). */
#ifndef OVP_VERIFY_SAFRAN2021_H
#define OVP_VERIFY_SAFRAN2021_H

#include "harness.h"
#include "status.h"

#include <stdint.h>

extern const ovp_harness ovp_harness_safran2021;

typedef struct {
    /* the spurious-minima table (Safran & Shamir 2018): V = I_n, d = n */
    size_t n_min, n_max;   /* teacher sizes */
    size_t extra_max;      /* students k = n, ..., n + extra_max */
    size_t runs;           /* GD runs per (n, k) cell */
    double step;           /* GD step; 0 means 5/k (the 2021 protocol) */
    size_t max_iters;      /* GD iterations per run */
    double split_weight;   /* P4.d: w_i → (a w_i, (1 − a) w_i), a ∈ (0, 1); 0.5 by default */
    int split_teacher_min; /* P4.d negative control: split the global minimum W = V too */
    /* P4.P21, the 2021 paper's own experiment at k = n: the first runs_2021 runs of each
     * k = n cell, and, for each n of rate_n above n_max, a rate-only task of runs_2021 runs */
    size_t runs_2021;
    double rate_n[OVP_MAX_LIST];
    size_t n_rate;
    /* the local landscape near the global minima (P4.a, P4.b, P4.c) */
    double local_n[OVP_MAX_LIST];
    size_t n_local;
    size_t random_teachers; /* P4.a: random teachers per n besides V = I */
    int parallel_teacher;   /* P4.a negative control: random teachers with v_1 = 2 v_0 */
    size_t eps_points;      /* distances ε from eps_max down to eps_min, log-spaced */
    double eps_max, eps_min;
    size_t directions;      /* P4.c: random directions per distance */
    size_t local_extra;     /* P4.b student k = n + local_extra .. n + local_extra_max (1; 0 is the k = n */
    size_t local_extra_max; /* control, with local_extra_max = 0); 3 by default; P4.c at k <= n + 1 only */
    size_t contrast_extra;  /* the k = n contrast of P4.b at k = n + contrast_extra (0; 1 is its control) */
    int spurious_base;      /* P4.c negative control (with local_extra = 0): base point a spurious minimum */
    uint64_t seed;
} safran2021_config;

#endif
