/* kernels/models/saddle.c: the smallest Hessian eigenvalue at a critical point with its error bound, its
 * transfer radius, and the embedding of a narrower critical point (derivations in saddle.h). */
#include "saddle.h"
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <float.h>
#include <math.h>

/* γ_m = m u / (1 − m u), u = 2⁻⁵³ (Higham, §3.1). */
static double gamma_m(double m)
{
    const double u = DBL_EPSILON / 2.0;
    return m * u / (1.0 - m * u);
}

/* Bounds on ℓ'' and |ℓ'''| in ŷ for label y: squared 1 and 0; logistic y²/4 and |y|³/(6√3)
 * (ℓ''' = −y³ s(1−s)(1−2s), s = σ(−yŷ), |s(1−s)(1−2s)| ≤ 1/(6√3)). */
static void loss_bounds(ovp_loss loss, double y, double *d2_max, double *d3_max)
{
    if (loss == OVP_LOSS_SQUARED) {
        *d2_max = 1.0;
        *d3_max = 0.0;
    } else {
        *d2_max = 0.25 * y * y;
        *d3_max = fabs(y * y * y) / (6.0 * sqrt(3.0));
    }
}

double ovp_saddle_hessian_lipschitz(const ovp_quadnet_problem *p, const ovp_quadnet_work *qw, double r)
{
    const size_t n = p->X->rows, d = p->X->cols;
    double rho = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *x = &OVP_AT(p->X, i, 0);
        double b = sqrt(cblas_ddot((int)d, x, 1, x, 1)), a = sqrt(fmax(qw->yhat[i], 0.0)) + r * b;
        double d2, d3;
        loss_bounds(p->loss, p->y[i], &d2, &d3);
        rho += 8.0 * d3 * a * a * a * b * b * b + 12.0 * d2 * a * b * b * b;
    }
    return rho / (double)n;
}

/* The largest r with upper + r ρ(r) < 0, by bisection (r ρ(r) is increasing in r). */
static double cert_radius(const ovp_quadnet_problem *p, const ovp_quadnet_work *qw, double upper)
{
    if (!(upper < 0.0))
        return 0.0;
    double lo = 0.0, hi = 1.0;
    for (int t = 0; t < 200 && upper + hi * ovp_saddle_hessian_lipschitz(p, qw, hi) < 0.0; t++)
        hi *= 2.0;
    for (int t = 0; t < 60; t++) {
        double mid = 0.5 * (lo + hi);
        if (upper + mid * ovp_saddle_hessian_lipschitz(p, qw, mid) < 0.0)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* ‖Ĥ − ∇²L‖₂ + dsyevr's error, from the evaluation held in w (saddle.h). */
static double hessian_error(const ovp_quadnet_problem *p, const ovp_mat *W, const ovp_sosp_work *w,
                            double hess_fro)
{
    const size_t n = w->n, d = w->d, k = w->k;
    const double u = DBL_EPSILON / 2.0, N = (double)(k * d);
    const double g_yhat = gamma_m((double)(2 * d + k + 1)), g_h = gamma_m((double)(2 * d + n + 8));
    const double g_s = gamma_m((double)(n + 6));
    double e1 = 0.0, es = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *x = &OVP_AT(p->X, i, 0), y = p->y[i];
        double zeta_sq = 0.0;
        for (size_t j = 0; j < k; j++) {
            double z = 0.0;
            for (size_t a = 0; a < d; a++)
                z += fabs(OVP_AT(W, j, a)) * fabs(x[a]);
            zeta_sq += z * z;
        }
        double x2 = cblas_ddot((int)d, x, 1, x, 1), e_yhat = g_yhat * zeta_sq;
        double d1 = w->qw.d1[i], d2 = w->qw.d2[i], d2_max, d3_max;
        loss_bounds(p->loss, y, &d2_max, &d3_max);
        double e_d1 = d2_max * e_yhat + gamma_m(8.0) * fabs(d1);
        /* the logistic ℓ'' = y² s(1 − s) loses relative accuracy when s → 1: an absolute y²γ_5 */
        double e_d2 = d3_max * e_yhat + gamma_m(10.0) * d2 + (p->loss == OVP_LOSS_LOGISTIC ? y * y * gamma_m(5.0) : 0.0);
        e1 += (e_d2 + g_h * d2) * zeta_sq * x2;
        es += (e_d1 + g_s * fabs(d1)) * x2;
    }
    e1 *= 4.0 / (double)n;
    es /= (double)n;
    double c_fro = 0.0;
    if (p->C)
        for (size_t a = 0; a < d; a++)
            c_fro += cblas_ddot((int)d, &OVP_AT(p->C, a, 0), 1, &OVP_AT(p->C, a, 0), 1);
    es += gamma_m(2.0) * (0.5 * p->lambda * sqrt((double)d) + sqrt(c_fro));
    return e1 + 2.0 * es + (N + 1.0) * u * hess_fro; /* ‖I_k ⊗ 2E_S‖₂ = 2‖E_S‖₂ */
}

int ovp_saddle_certify(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_sosp_work *w, ovp_saddle_cert *c)
{
    const size_t d = w->d, k = w->k, N = k * d;
    if (W->rows != k || W->cols != d)
        return OVP_EINVAL;
    int st = ovp_quadnet_value_grad(p, W, &w->qw, &c->value, &w->G);
    if (!st)
        st = ovp_sosp_form_hessian(p, w);
    if (st)
        return st;
    c->grad_norm = cblas_dnrm2((int)N, w->G.data, 1);
    double fro = 0.0;
    for (size_t a = 0; a < N; a++) { /* the upper triangle holds Ĥ */
        fro += OVP_AT(&w->H, a, a) * OVP_AT(&w->H, a, a);
        for (size_t b = a + 1; b < N; b++)
            fro += 2.0 * OVP_AT(&w->H, a, b) * OVP_AT(&w->H, a, b);
    }
    c->hess_fro = sqrt(fro);
    c->curvature = ovp_quadnet_curvature(p, &w->qw);
    c->hess_err = hessian_error(p, W, w, c->hess_fro);
    /* Values only: no caller reads the vector, and dsyevr's eigenvalue is the same to the bit
     * without it (dsytrd + dstebz either way for il = iu = 1); ovp_sosp_hessian_min gives both. */
    if ((st = ovp_linalg_eig_min(&w->H, &c->hess_min, &w->ws)))
        return st;
    ovp_mat T = {.data = w->H.data, .rows = d, .cols = d, .ld = d}; /* H is free again: scratch */
    if ((st = ovp_mat_copy(&w->S, &T)) || (st = ovp_linalg_eig_min(&T, &c->lambda_min_S, &w->ws)))
        return st;
    c->hess_upper = c->hess_min + c->hess_err;
    c->hess_lower = c->hess_min - c->hess_err;
    c->cert_radius = cert_radius(p, &w->qw, c->hess_upper);
    return OVP_OK;
}

int ovp_saddle_embed(const ovp_mat *Wr, const double *v, ovp_mat *W)
{
    const size_t r = Wr->rows, k = W->rows, d = W->cols;
    if (Wr->cols != d || r >= k)
        return OVP_EINVAL;
    double vv = cblas_ddot((int)k, v, 1, v, 1);
    if (!(vv > 0.0))
        return OVP_EDOM;
    /* Q[Wr; 0] = [Wr; 0] − (2/vᵀv) v tᵀ, t = Wrᵀ v_{1..r}, column by column */
    for (size_t a = 0; a < d; a++) {
        double t = 0.0;
        for (size_t j = 0; j < r; j++)
            t += v[j] * OVP_AT(Wr, j, a);
        for (size_t j = 0; j < k; j++)
            OVP_AT(W, j, a) = (j < r ? OVP_AT(Wr, j, a) : 0.0) - 2.0 * v[j] * t / vv;
    }
    return OVP_OK;
}
