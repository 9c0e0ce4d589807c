/* kernels/models/saddle.c: the smallest Hessian eigenvalue at a critical point with its error bound, its
 * transfer radius, and the embedding of a narrower critical point (derivations in saddle.h). */
#include "saddle.h"
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <float.h>
#include <lapacke.h>
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

/* The two rounding terms of saddle.h from the evaluation held in w: e1 ≥ ‖E₁‖_F (the dsyrk
 * term of Ĥ) and es ≥ ‖E_S‖_F (Ŝ). */
static void error_terms(const ovp_quadnet_problem *p, const ovp_mat *W, const ovp_sosp_work *w, double *e1_out,
                        double *es_out)
{
    const size_t n = w->n, d = w->d, k = w->k;
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
    *e1_out = e1;
    *es_out = es;
}

/* ‖Ĥ − ∇²L‖₂ + dsyevr's error on the dense Ĥ (saddle.h). */
static double hessian_error(const ovp_quadnet_problem *p, const ovp_mat *W, const ovp_sosp_work *w, double hess_fro)
{
    const double u = DBL_EPSILON / 2.0, N = (double)(w->k * w->d);
    double e1, es;
    error_terms(p, W, w, &e1, &es);
    return e1 + 2.0 * es + (N + 1.0) * u * hess_fro; /* ‖I_k ⊗ 2E_S‖₂ = 2‖E_S‖₂ */
}

/* A unit a ∈ R^k with aᵀW ≈ 0: W's last left singular vector, i.e. the last right singular
 * vector of Wᵀ (dgesvd, jobvt = 'A'); for k > d it lies in W's exact left null space to rounding. */
static int left_null_vector(const ovp_mat *W, double *a, ovp_work *ws)
{
    const size_t k = W->rows, d = W->cols;
    lapack_int lk = (lapack_int)k, ld = (lapack_int)d, info;
    double q = 0.0, dummy = 0.0;
    if ((info = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'N', 'A', ld, lk, &dummy, ld, &dummy, &dummy, 1, &dummy, lk, &q,
                                    -1)))
        return ovp_status_from_lapack((int)info);
    size_t lwork = (size_t)fmax(q, 1.0), ns = k < d ? k : d;
    int st = ovp_work_reserve(ws, d * k + ns + k * k + lwork, 0);
    if (st)
        return st;
    double *A = ws->d, *sv = A + d * k, *VT = sv + ns, *work = VT + k * k;
    for (size_t j = 0; j < k; j++) /* the row-major W is the column-major Wᵀ (d×k) */
        for (size_t c = 0; c < d; c++)
            A[j * d + c] = OVP_AT(W, j, c);
    if ((info = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'N', 'A', ld, lk, A, ld, sv, &dummy, 1, VT, lk, work,
                                    (lapack_int)lwork)))
        return ovp_status_from_lapack((int)info);
    for (size_t j = 0; j < k; j++) /* row k − 1 of the column-major VT */
        a[j] = VT[(k - 1) + j * k];
    return OVP_OK;
}

/* The structured enclosure (saddle.h) at a W whose rows z_i = W x_i span fewer than k
 * dimensions up to rounding, from w->S = Ŝ. Sets *taken = 0 and nothing else when the data
 * term at a ⊗ u is not at Ŝ's rounding level (W of full rank: the dense path decides). */
static int structured_enclosure(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_sosp_work *w, ovp_saddle_cert *c,
                                int *taken)
{
    const size_t n = w->n, d = w->d, k = w->k;
    const double u = DBL_EPSILON / 2.0;
    *taken = 0;
    double *uv = w->null_u, *a = w->null_u + d, mu;
    int st = ovp_mat_copy(&w->S, &w->T);
    if (!st)
        st = ovp_linalg_eig_min_vec(&w->T, &mu, uv, &w->ws);
    if (!st)
        st = left_null_vector(W, a, &w->ws);
    if (st)
        return st;
    double sfro = 0.0, rho = 0.0, uu = 0.0, aa = 0.0;
    for (size_t r = 0; r < d; r++) {
        double su = 0.0;
        for (size_t q = 0; q < d; q++) {
            sfro += OVP_AT(&w->S, r, q) * OVP_AT(&w->S, r, q);
            su += OVP_AT(&w->S, r, q) * uv[q];
        }
        rho += uv[r] * su;
        uu += uv[r] * uv[r];
    }
    sfro = sqrt(sfro);
    for (size_t j = 0; j < k; j++)
        aa += a[j] * a[j];
    /* D ≥ (4/n) Σ ℓ''_i (aᵀz_i)² (uᵀx_i)² for the exact z_i = W x_i and ℓ'', from the computed
     * ẑ_i = fl(W x_i) (|ẑ_i − z_i| ≤ γ_d ζ_i, ζ_i = |W||x_i|) and ℓ'' ≤ its bound ℓ''_max. */
    const double g_a = gamma_m((double)(d + k + 1)), g_u = gamma_m((double)(d + 1));
    double D = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *x = &OVP_AT(p->X, i, 0), *z = &OVP_AT(&w->qw.Z, i, 0);
        double az = 0.0, az_abs = 0.0, ux = 0.0, ux_abs = 0.0;
        for (size_t j = 0; j < k; j++) {
            double zeta = 0.0;
            for (size_t q = 0; q < d; q++)
                zeta += fabs(OVP_AT(W, j, q)) * fabs(x[q]);
            az += a[j] * z[j];
            az_abs += fabs(a[j]) * zeta;
        }
        for (size_t q = 0; q < d; q++) {
            ux += uv[q] * x[q];
            ux_abs += fabs(uv[q]) * fabs(x[q]);
        }
        double al = fabs(az) + g_a * az_abs, be = fabs(ux) + g_u * ux_abs, d2_max, d3_max;
        loss_bounds(p->loss, p->y[i], &d2_max, &d3_max);
        D += d2_max * al * al * be * be;
    }
    D *= 4.0 / (double)n * (1.0 + gamma_m((double)(n + 8)));
    double e1, es;
    error_terms(p, W, w, &e1, &es);
    (void)e1; /* no dsyrk term: the kd×kd Ĥ is never formed */
    const double s_floor = es + (double)(d + 1) * u * sfro; /* ‖E_S‖ + dsyevr's error on the d×d Ŝ */
    const double data = D * (1.0 + gamma_m((double)(d + k + 2))) / (aa * uu);
    if (!(data <= 2.0 * s_floor))
        return OVP_OK;
    const double hm = 2.0 * mu, rq = rho / uu;
    const double upper = 2.0 * rq + 2.0 * es * (1.0 + g_u) + 2.0 * gamma_m((double)(2 * d + 4)) * (sfro + fabs(rq)) +
                         data;
    const double lower = hm - 2.0 * s_floor;
    c->hess_min = hm;
    c->hess_fro = NAN;
    c->hess_err = fmax(upper - hm, hm - lower) * (1.0 + 4.0 * u) + 4.0 * u * fabs(hm);
    c->lambda_min_S = mu;
    *taken = 1;
    return OVP_OK;
}

int ovp_saddle_certify(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_sosp_work *w, ovp_saddle_cert *c)
{
    const size_t d = w->d, k = w->k, N = k * d;
    if (W->rows != k || W->cols != d)
        return OVP_EINVAL;
    int st = ovp_quadnet_value_grad(p, W, &w->qw, &c->value, &w->G);
    if (!st)
        st = ovp_quadnet_S(p, &w->qw, &w->S);
    if (st)
        return st;
    c->grad_norm = cblas_dnrm2((int)N, w->G.data, 1);
    c->curvature = ovp_quadnet_curvature(p, &w->qw);
    for (size_t i = 0; i < w->n; i++)
        if (!(w->qw.d2[i] >= 0.0))
            return OVP_EDOM; /* as ovp_quadnet_hessian: both enclosures need ℓ'' ≥ 0 */
    int taken;
    if ((st = structured_enclosure(p, W, w, c, &taken)))
        return st;
    if (!taken) {
        if ((st = ovp_sosp_form_hessian(p, w)))
            return st;
        double fro = 0.0;
        for (size_t a = 0; a < N; a++) { /* the upper triangle holds Ĥ */
            fro += OVP_AT(&w->H, a, a) * OVP_AT(&w->H, a, a);
            for (size_t b = a + 1; b < N; b++)
                fro += 2.0 * OVP_AT(&w->H, a, b) * OVP_AT(&w->H, a, b);
        }
        c->hess_fro = sqrt(fro);
        c->hess_err = hessian_error(p, W, w, c->hess_fro);
        /* Values only: no caller reads the vector, and dsyevr's eigenvalue is the same to the bit
         * without it (dsytrd + dstebz either way for il = iu = 1); ovp_sosp_hessian_min gives both. */
        if ((st = ovp_linalg_eig_min(&w->H, &c->hess_min, &w->ws)))
            return st;
        if ((st = ovp_mat_copy(&w->S, &w->T)) || (st = ovp_linalg_eig_min(&w->T, &c->lambda_min_S, &w->ws)))
            return st;
    }
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
