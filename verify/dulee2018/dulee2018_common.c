/* verify/dulee2018/dulee2018_common.c: what every experiment of the harness shares: the
 * teacher's labels, the SOSP search's options and the tolerances of a found point. */
#include "dulee2018_internal.h"

#include "theorems/dulee2018.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stddef.h>

void dulee2018_teacher_labels(gsl_rng *rng, const ovp_mat *X, const ovp_mat *W0, ovp_loss loss, double noise,
                              double tau, double *y)
{
    for (size_t i = 0; i < X->rows; i++) {
        double f = 0.0;
        for (size_t j = 0; j < W0->rows; j++) {
            double z = 0.0;
            for (size_t a = 0; a < X->cols; a++)
                z += OVP_AT(W0, j, a) * OVP_AT(X, i, a);
            f += z * z;
        }
        double g = noise * gsl_ran_gaussian_ziggurat(rng, 1.0);
        y[i] = loss == OVP_LOSS_SQUARED ? f + g : (f - tau + g >= 0.0 ? 1.0 : -1.0);
    }
}

ovp_sosp_opts dulee2018_sosp_opts(const dulee2018_config *cfg)
{
    return (ovp_sosp_opts){.grad_tol = cfg->eps_g, .curv_tol = cfg->eps_H, .max_iters = cfg->max_iters,
                           .max_escapes = cfg->max_escapes, .memory = 10};
}

void dulee2018_tolerances(const dulee2018_config *c, size_t k, double curvature, double sigma_1, double w_fro,
                          double f_ref, double *tau, double *value_tol)
{
    /* Theorem 3.1's τ_S needs k ≥ d (its gradient step fails when W has a null space); for
     * k < d the Hessian bound τ(σ) at the rank-deficiency P1.T3.2.rank accepts,
     * σ_k ≤ DULEE_RANK_TOL·σ_1 (theorems/dulee2018.h): derived, but its premise is empirical. */
    *tau = k >= c->d ? dulee2018_cert_tol(c->eps_g, c->eps_H, curvature)
                     : dulee2018_cert_tol_sigma(c->eps_H, curvature, DULEE_RANK_TOL * sigma_1);
    *value_tol = dulee2018_value_tol(c->eps_g, w_fro, *tau, dulee2018_trace_bound(f_ref, c->lambda));
}
