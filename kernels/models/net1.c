/* kernels/models/net1.c: one-hidden-layer network vᵀφ(Wx): activations, primal
 * references, and GD in sample space with its Jacobian Gram matrices. */
#include "net1.h"
#include "linalg.h"
#include "samplegd.h"
#include "status.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const act_names[OVP_ACT_COUNT] = {"softplus", "quadratic", "relu"};

const char *ovp_net1_act_name(ovp_act act) { return act < OVP_ACT_COUNT ? act_names[act] : "?"; }

/* Inlined with a constant act, the switch disappears from the hot loops. */
static inline __attribute__((always_inline)) double act_eval(ovp_act act, double z, double *dphi)
{
    switch (act) {
    case OVP_ACT_SOFTPLUS: {
        /* Stable for any z: log(1 + eᶻ) = max(z, 0) + log1p(e^{−|z|}). */
        double t = exp(-fabs(z)), inv = 1.0 / (1.0 + t);
        *dphi = z >= 0.0 ? inv : t * inv;
        return fmax(z, 0.0) + log1p(t);
    }
    case OVP_ACT_QUADRATIC:
        *dphi = 2.0 * z;
        return z * z;
    case OVP_ACT_RELU:
    default:
        *dphi = z > 0.0 ? 1.0 : 0.0;
        return z > 0.0 ? z : 0.0;
    }
}

double ovp_net1_act_eval(ovp_act act, double z, double *dphi) { return act_eval(act, z, dphi); }

double ovp_net1_act_dphi_sup(ovp_act act)
{
    return act == OVP_ACT_QUADRATIC ? INFINITY : 1.0;
}

double ovp_net1_act_ddphi_sup(ovp_act act)
{
    switch (act) {
    case OVP_ACT_SOFTPLUS:
        return 0.25; /* σ(1 − σ) ≤ 1/4 */
    case OVP_ACT_QUADRATIC:
        return 2.0;
    default:
        return INFINITY; /* ReLU: φ' jumps at 0 */
    }
}

/* Z = X Wᵀ (n×k). */
static int preactivations(const ovp_mat *X, const ovp_mat *W, ovp_mat *Z)
{
    return ovp_linalg_gemm(1.0, X, 0, W, 1, 0.0, Z);
}

/* ---------------------------------------------------------------- primal */

int ovp_net1_forward(ovp_act act, const ovp_mat *X, const ovp_mat *W, const double *v, ovp_mat *Z,
                     double *u)
{
    int st = preactivations(X, W, Z);
    if (st)
        return st;
    for (size_t i = 0; i < Z->rows; i++) {
        double acc = 0.0, dphi;
        for (size_t r = 0; r < Z->cols; r++)
            acc += v[r] * act_eval(act, OVP_AT(Z, i, r), &dphi);
        u[i] = acc;
    }
    return OVP_OK;
}

int ovp_net1_jacobian(ovp_act act, const ovp_mat *X, const ovp_mat *W, const double *v, ovp_mat *Z,
                      ovp_mat *J)
{
    const size_t n = X->rows, k = W->rows, d = X->cols;
    if (J->rows != n || J->cols != k * d)
        return OVP_EINVAL;
    int st = preactivations(X, W, Z);
    if (st)
        return st;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < k; r++) {
            double dphi;
            act_eval(act, OVP_AT(Z, i, r), &dphi);
            for (size_t j = 0; j < d; j++)
                OVP_AT(J, i, r * d + j) = v[r] * dphi * OVP_AT(X, i, j);
        }
    return OVP_OK;
}

int ovp_net1_features(ovp_act act, const ovp_mat *W, const ovp_mat *X, ovp_mat *Phi)
{
    int st = ovp_linalg_gemm(1.0, W, 0, X, 1, 0.0, Phi); /* W Xᵀ */
    if (st)
        return st;
    for (size_t q = 0; q < Phi->rows; q++) {
        double *row = &OVP_AT(Phi, q, 0), dphi;
        for (size_t i = 0; i < Phi->cols; i++)
            row[i] = act_eval(act, row[i], &dphi);
    }
    return OVP_OK;
}

/* ---------------------------------------------------------------- sample space */

#define N_GD_MATS 7
static void gd_mats(ovp_net1_gd *s, ovp_mat **m)
{
    ovp_mat *all[N_GD_MATS] = {&s->Z, &s->Z0, &s->E, &s->B, &s->A, &s->A0, &s->D};
    memcpy(m, all, sizeof all);
}

int ovp_net1_gd_alloc(size_t n, size_t k, ovp_act act, ovp_net1_gd *s)
{
    *s = (ovp_net1_gd){.n = n, .k = k, .act = act};
    if (act >= OVP_ACT_COUNT)
        return OVP_EINVAL;
    ovp_mat *m[N_GD_MATS];
    gd_mats(s, m);
    int st = OVP_OK;
    for (size_t q = 0; q < N_GD_MATS && !st; q++)
        st = ovp_mat_alloc(n, k, m[q]);
    if (!st && (!(s->u = calloc(n, sizeof *s->u)) || !(s->r = calloc(n, sizeof *s->r))))
        st = OVP_ENOMEM;
    if (st)
        ovp_net1_gd_free(s);
    return st;
}

void ovp_net1_gd_free(ovp_net1_gd *s)
{
    ovp_mat *m[N_GD_MATS];
    gd_mats(s, m);
    for (size_t q = 0; q < N_GD_MATS; q++)
        ovp_mat_free(m[q]);
    free(s->u);
    free(s->r);
    *s = (ovp_net1_gd){0};
}

int ovp_net1_gd_start(ovp_net1_gd *s, const ovp_mat *X, const ovp_mat *W0, const double *v)
{
    if (X->rows != s->n || W0->rows != s->k)
        return OVP_EINVAL;
    int st = preactivations(X, W0, &s->Z);
    if (st)
        return st;
    if ((st = ovp_mat_copy(&s->Z, &s->Z0)))
        return st;
    for (size_t i = 0; i < s->n; i++)
        for (size_t r = 0; r < s->k; r++) {
            double dphi;
            act_eval(s->act, OVP_AT(&s->Z0, i, r), &dphi);
            OVP_AT(&s->A0, i, r) = fabs(v[r]) * dphi;
        }
    s->v_abs = fabs(v[0]);
    for (size_t r = 1; r < s->k && s->v_abs > 0.0; r++)
        if (fabs(v[r]) != s->v_abs)
            s->v_abs = 0.0;
    size_t nk = s->n * s->k;
    memset(s->E.data, 0, nk * sizeof(double));
    memset(s->B.data, 0, nk * sizeof(double));
    s->eta_pending = 0.0;
    return OVP_OK;
}

/* Softplus outputs with v_r = ±c (net1.h): u_i = c·(Σ_r ±max(z_r, 0) + Σ_b log(P₊_b/P₋_b)), P±_b
 * the products of 1 + e^{−|z_r|} over block b's units of each sign: one log per SOFTPLUS_BLOCK units
 * instead of a log1p per unit (half the GD's time at paper scale). Factors lie in (1, 2], so no
 * product of ≤ 64 of them overflows or underflows. */
#define SOFTPLUS_BLOCK 64

/* The pass for one activation, specialised by inlining act_eval; uniform: softplus with |v_r| = c. */
static inline __attribute__((always_inline)) double gd_pass(ovp_net1_gd *s, ovp_act act, int uniform,
                                                            const double *v, const double *y)
{
    const size_t n = s->n, k = s->k;
    const double eta = s->eta_pending, c = s->v_abs;
    double dist2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *z = &OVP_AT(&s->Z, i, 0), *z0 = &OVP_AT(&s->Z0, i, 0), *a0 = &OVP_AT(&s->A0, i, 0);
        double *e = &OVP_AT(&s->E, i, 0), *b = &OVP_AT(&s->B, i, 0), *a = &OVP_AT(&s->A, i, 0),
               *dl = &OVP_AT(&s->D, i, 0);
        double acc = 0.0;
        if (uniform) {
            double lin = 0.0, logs = 0.0;
            for (size_t r0 = 0; r0 < k; r0 += SOFTPLUS_BLOCK) {
                const size_t r1 = k - r0 < SOFTPLUS_BLOCK ? k : r0 + SOFTPLUS_BLOCK;
                double pp = 1.0, pm = 1.0;
                for (size_t r = r0; r < r1; r++) {
                    const double t = exp(-fabs(z[r])), w = 1.0 + t, inv = 1.0 / w, zp = z[r] > 0.0 ? z[r] : 0.0;
                    a[r] = c * (z[r] >= 0.0 ? inv : t * inv);
                    if (v[r] > 0.0) {
                        lin += zp;
                        pp *= w;
                    } else {
                        lin -= zp;
                        pm *= w;
                    }
                }
                logs += log(pp / pm);
            }
            acc = c * (lin + logs);
        } else {
            for (size_t r = 0; r < k; r++) {
                double dphi;
                acc += v[r] * act_eval(act, z[r], &dphi);
                a[r] = fabs(v[r]) * dphi;
            }
        }
        s->u[i] = acc;
        double res = acc - y[i];
        s->r[i] = res;
        /* The row is in cache: this sweep touches every other array once. */
        for (size_t r = 0; r < k; r++) {
            e[r] -= eta * b[r]; /* W − W₀ = EᵀX, from the previous step's B */
            b[r] = v[r] < 0.0 ? -res * a[r] : res * a[r];
            dl[r] = a[r] - a0[r];
            dist2 += e[r] * (z[r] - z0[r]);
        }
    }
    return dist2;
}

int ovp_net1_gd_eval(ovp_net1_gd *s, const double *v, const double *y, ovp_net1_stats *st)
{
    double dist2;
    switch (s->act) {
    case OVP_ACT_SOFTPLUS:
        dist2 = s->v_abs > 0.0 ? gd_pass(s, OVP_ACT_SOFTPLUS, 1, v, y) : gd_pass(s, OVP_ACT_SOFTPLUS, 0, v, y);
        break;
    case OVP_ACT_QUADRATIC:
        dist2 = gd_pass(s, OVP_ACT_QUADRATIC, 0, v, y);
        break;
    case OVP_ACT_RELU:
        dist2 = gd_pass(s, OVP_ACT_RELU, 0, v, y);
        break;
    default:
        return OVP_EINVAL;
    }
    s->eta_pending = 0.0;
    st->residual_norm = cblas_dnrm2((int)s->n, s->r, 1);
    st->dist_from_init = sqrt(fmax(dist2, 0.0)); /* a sum of squares, up to rounding */
    return OVP_OK;
}

int ovp_net1_gd_step(ovp_net1_gd *s, const ovp_mat *K, double eta)
{
    return ovp_samplegd_step(K, &s->B, eta, &s->Z, &s->eta_pending);
}

/* G = K ∘ (MMᵀ), upper triangle. */
static int hadamard_gram(const ovp_mat *K, const ovp_mat *M, ovp_mat *G)
{
    if (K->rows != M->rows || G->rows != M->rows || G->cols != M->rows)
        return OVP_EINVAL;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)M->rows, (int)M->cols, 1.0, M->data,
                (int)M->ld, 0.0, G->data, (int)G->ld);
    for (size_t i = 0; i < G->rows; i++)
        for (size_t j = i; j < G->cols; j++)
            OVP_AT(G, i, j) *= OVP_AT(K, i, j);
    return OVP_OK;
}

int ovp_net1_gd_jjt(const ovp_net1_gd *s, const ovp_mat *K, ovp_mat *G) { return hadamard_gram(K, &s->A, G); }

int ovp_net1_gd_jjt_change(const ovp_net1_gd *s, const ovp_mat *K, ovp_mat *G)
{
    return hadamard_gram(K, &s->D, G);
}

/* γ_m = m u / (1 − m u), u = 2⁻⁵³ (Higham, §3.1). */
static double gamma_m(double m)
{
    const double u = DBL_EPSILON / 2.0;
    return m * u / (1.0 - m * u);
}

/* A lower bound on |φ'| over [z − e, z + e] (net1.h). */
static double dphi_lower(ovp_act act, double z, double e)
{
    switch (act) {
    case OVP_ACT_SOFTPLUS: {
        double lo = z - e, dphi;
        act_eval(act, lo, &dphi);
        return dphi;
    }
    case OVP_ACT_QUADRATIC:
        return 2.0 * fmax(fabs(z) - e, 0.0);
    case OVP_ACT_RELU:
    default:
        return z - e > 0.0 ? 1.0 : 0.0;
    }
}

int ovp_net1_gd_diag_lower(const ovp_net1_gd *s, const ovp_mat *X, const ovp_mat *W0, const double *v,
                           double *lower)
{
    const size_t n = s->n, k = s->k, d = X->cols;
    if (X->rows != n || W0->rows != k || W0->cols != d)
        return OVP_EINVAL;
    double *wnorm = malloc(k * sizeof *wnorm);
    if (!wnorm)
        return OVP_ENOMEM;
    for (size_t r = 0; r < k; r++)
        wnorm[r] = cblas_dnrm2((int)d, &OVP_AT(W0, r, 0), 1);
    const double g_z = gamma_m(2.0 * (double)d + 4.0), g_sum = gamma_m((double)k + 8.0);
    double low = INFINITY;
    for (size_t i = 0; i < n; i++) {
        const double xnorm = cblas_dnrm2((int)d, &OVP_AT(X, i, 0), 1);
        double sum = 0.0;
        for (size_t r = 0; r < k; r++) {
            double a = dphi_lower(s->act, OVP_AT(&s->Z0, i, r), g_z * wnorm[r] * xnorm);
            sum += v[r] * v[r] * a * a;
        }
        low = fmin(low, sum * (1.0 - g_sum));
    }
    free(wnorm);
    *lower = low;
    return OVP_OK;
}

int ovp_net1_gd_weights(ovp_net1_gd *s, const ovp_mat *X, const ovp_mat *W0, ovp_mat *W)
{
    return ovp_samplegd_weights(&s->E, &s->B, &s->eta_pending, X, W0, W);
}
