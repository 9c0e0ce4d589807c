/* verify/oymak2019_spectrum.c: the paper's Fig. 1, the singular values of
 * Φ = relu(WXᵀ) (k×n) with X iid N(0, 1/d) and W iid N(0, 1), and P2.F1: Φ has full
 * rank, reported next to Theorem 2's σ_min/√k ≥ α/2 for these inputs. */
#include "oymak2019_parts.h"
#include "gram.h"
#include "linalg.h"
#include "rng.h"
#include "status.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void oymak_spectrum_label(const void *state, size_t i, char *buf, size_t len)
{
    const oymak_state *s = state;
    snprintf(buf, len, "spectrum n=%.0f k=%zu", s->cfg.f1_n[i], s->cfg.f1_k);
}

int oymak_spectrum_task(const void *state, size_t i, ovp_task_out *out)
{
    const oymak_state *s = state;
    const oymak2019_config *c = &s->cfg;
    const size_t n = (size_t)c->f1_n[i], k = c->f1_k, d = c->f1_d, m = n < k ? n : k;
    double n_max = 0;
    for (size_t a = 0; a < c->n_f1; a++)
        n_max = fmax(n_max, c->f1_n[a]);
    char key[48];
    snprintf(key, sizeof key, "spectrum n=%zu", n);
    ovp_mat X = {0}, W = {0}, Phi = {0}, K = {0};
    ovp_work ws = {0};
    double *sv = malloc(2 * n * sizeof *sv), alpha2 = NAN; /* n values, then eigen scratch */
    gsl_rng *g = ovp_rng_stream("oymak2019", key, c->seed);
    int st = sv && g ? ovp_mat_alloc(n, d, &X) : OVP_ENOMEM;
    if (!st)
        st = ovp_mat_alloc(k, d, &W);
    if (!st)
        st = ovp_mat_alloc(k, n, &Phi);
    if (!st)
        st = ovp_mat_alloc(n, n, &K);
    if (!st) {
        ovp_rng_gaussian_mat(g, 1.0 / sqrt((double)d), &X); /* the paper's X: iid N(0, 1/d) */
        ovp_rng_gaussian_mat(g, 1.0, &W);
        ovp_net1_features(OVP_ACT_RELU, &W, &X, &Phi);
        st = ovp_svd_values(&Phi, sv, &ws);
    }
    if (!st) { /* α² of these inputs (not unit norm: the kernel carries ‖x_i‖‖x_j‖) */
        ovp_gram_inner(&X, &K);
        ovp_gram_arccos1(&X, &K, &K);
        st = oymak_eig_end(&K, 0, sv + m, &ws, &alpha2);
    }
    if (!st) {
        for (size_t q = 0; q < m; q++)
            ovp_task_row(out, T_SPECTRUM, 6,
                         (double[]){(double)n, (double)k, (double)(q + 1),
                                    (double)(q + 1) * n_max / (double)n, sv[q], sv[q] / sqrt((double)k)});
        ovp_task_set(out, "n", (double)n);
        ovp_task_set(out, "sigma_min", k >= n ? sv[n - 1] : 0.0);
        ovp_task_set(out, "sigma_max", sv[0]);
        ovp_task_set(out, "alpha", sqrt(fmax(alpha2, 0.0)));
    }
    ovp_mat_free(&X);
    ovp_mat_free(&W);
    ovp_mat_free(&Phi);
    ovp_mat_free(&K);
    ovp_work_free(&ws);
    free(sv);
    if (g)
        gsl_rng_free(g);
    if (st)
        return ovp_task_fail(out, st, "spectrum n=%zu k=%zu: %s (info %d)", n, k, ovp_strerror(st),
                             ovp_lapack_info());
    return OVP_OK;
}

int oymak_spectrum_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n_tasks)
{
    const oymak_state *s = state;
    const size_t k = s->cfg.f1_k;
    for (size_t i = 0; i < n_tasks; i++) { /* none when --only leaves this part out */
        const ovp_task_out *o = outs[i];
        double n = ovp_task_get(o, "n"), smin = ovp_task_get(o, "sigma_min"), smax = ovp_task_get(o, "sigma_max");
        double alpha = ovp_task_get(o, "alpha"), rk = sqrt((double)k);
        char scope[48];
        snprintf(scope, sizeof scope, "n=%.0f k=%zu", n, k);
        ovp_claim *c = ovp_claim_ge(r, "P2.F1", scope, smin / smax, oymak_rank_tol(k, (size_t)n, 1.0));
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                         "sigma_min/sigma_max vs max(k, n) eps; sigma_min/sqrt(k) = %.4g vs Theorem 2's "
                         "alpha/2 = %.4g (X iid N(0, 1/d): rows not unit norm, as in the paper)",
                         smin / rk, alpha / 2);
        ovp_run_quantity(r, smin / rk, "f1_sigma_min_over_sqrtk_n%.0f", n);
        ovp_run_quantity(r, smax / rk, "f1_sigma_max_over_sqrtk_n%.0f", n);
        ovp_run_quantity(r, alpha / 2, "f1_half_alpha_n%.0f", n);
    }
    return OVP_OK;
}
