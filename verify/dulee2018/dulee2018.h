/* verify/dulee2018/dulee2018.h: the P1 harness's configuration, for the driver and for tests. */
#ifndef OVP_VERIFY_DULEE2018_H
#define OVP_VERIFY_DULEE2018_H

#include "harness.h"
#include "mat.h"
#include "status.h"

#include <gsl/gsl_rng.h>

#include <stdint.h>

extern const ovp_harness ovp_harness_dulee2018;

enum { DULEE_SQUARED = 1, DULEE_LOGISTIC = 2 }; /* bits of dulee2018_config.losses */

typedef struct {
    /* Landscape (T3.1, T3.2, negative control, phase diagram). Synthetic instance: rows
     * x_i ~ N(0, I_d/d); a teacher W0 with `teacher_rank` rows of N(0, 1/d) entries;
     * squared loss y = ‖W0x‖² + noise·N(0,1), logistic y = sign(‖W0x‖² − E‖W0x‖² + noise·N(0,1)). */
    size_t d;
    double n_list[OVP_MAX_LIST], k_list[OVP_MAX_LIST];
    size_t n_n, n_k;
    size_t seeds;          /* instances per (loss, n) */
    size_t inits;          /* random initialisations per (instance, k), W(0) entries N(0, 1/d) */
    int losses;            /* DULEE_SQUARED | DULEE_LOGISTIC */
    size_t teacher_rank;   /* 0 means d */
    double noise;
    double lambda;         /* weight decay λ > 0 */
    double delta;          /* bound on ‖C‖_F of the T3.2 perturbation (C has a density on the ball) */
    int c_negative;        /* negative control: C = −(δ/√d) I, not PSD */
    int single_cell;       /* one cell (n_list[0], k_list[0]): T3.1 claims at that k, or T3.2's when
                              perturbed (delta > 0), whatever the sizes; regimes say if they hold */
    int perturbed;         /* single cell only: run L_C instead of L */

    /* User data (or a hand-built instance): n_user rows of X (n_user×d) and y; not owned.
     * Implies single_cell with the squared loss at k_list[0]. */
    const double *X, *y;
    size_t n_user;

    /* Rademacher complexity (T5.2, T4.2, C4.1): rows N(0, I_d) and rows on the sphere of
     * radius rad_radius, for each n of rad_n; rad_b is the b the bound is told. */
    size_t rad_d;
    double rad_n[OVP_MAX_LIST];
    size_t rad_nn, rad_samples;
    double rad_M, rad_radius, rad_b;

    /* Generalisation (T4.4): logistic loss, k = gen_d, x ~ N(0, I), weight decay gen_lambda. */
    size_t gen_d;
    double gen_n[OVP_MAX_LIST];
    size_t gen_nn, gen_seeds, gen_test;
    double gen_lambda;

    /* SOSP tolerances and budgets */
    double eps_g, eps_H;
    size_t max_iters, max_escapes;
    uint64_t seed;
} dulee2018_config;

/* Theorem 3.2's perturbation: C = G Gᵀ · δ U^{1/D} / ‖G Gᵀ‖_F (G d×d Gaussian, U uniform(0, 1),
 * D = d(d+1)/2), PSD with ‖C‖_F ≤ δ and a density on that set (why: verify/dulee2018/dulee2018_landscape.c).
 * C and G are d×d; G is scratch. */
void dulee2018_draw_perturbation(gsl_rng *rng, double delta, ovp_mat *C, ovp_mat *G);

#endif
