/* kernels/models/relu2.c: two-layer ReLU network, primal and sample-space GD. */
#include "relu2.h"
#include "linalg.h"
#include "samplegd.h"
#include "status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double relu(double z) { return z > 0.0 ? z : 0.0; }

/* u_i = (1/√m) Σ_r a_r relu(z_ir) for one row. */
static double row_output(const double *z, const double *a, size_t m, double inv_sqrt_m)
{
    double acc = 0.0;
    for (size_t r = 0; r < m; r++)
        acc += a[r] * relu(z[r]);
    return acc * inv_sqrt_m;
}

/* Z = X Wᵀ. */
static int preactivations(const ovp_mat *X, const ovp_mat *W, ovp_mat *Z)
{
    return ovp_linalg_gemm(1.0, X, 0, W, 1, 0.0, Z);
}

/* Z and B (n×m) and u (n): what every formulation holds. On failure the
 * caller frees whatever was allocated. */
static int alloc_outputs(size_t n, size_t m, ovp_mat *Z, ovp_mat *B, double **u)
{
    int st = ovp_mat_alloc(n, m, Z);
    if (!st)
        st = ovp_mat_alloc(n, m, B);
    if (!st && !(*u = calloc(n, sizeof **u)))
        st = OVP_ENOMEM;
    return st;
}

/* The untracked pass over Z: u_i, and when y is given the residual and (when
 * B is given) B_ir = (u_i − y_i) a_r 1{z_ir ≥ 0}/√m. Returns ‖u − y‖². */
static double output_pass(const ovp_mat *Z, ovp_mat *B, double *u, const double *a, const double *y)
{
    const size_t m = Z->cols;
    const double inv_sqrt_m = 1.0 / sqrt((double)m);
    double residual_sq = 0.0;
    for (size_t i = 0; i < Z->rows; i++) {
        const double *z = &OVP_AT(Z, i, 0);
        u[i] = row_output(z, a, m, inv_sqrt_m);
        if (!y)
            continue;
        double res = u[i] - y[i], c = res * inv_sqrt_m;
        residual_sq += res * res;
        if (B) {
            double *b = &OVP_AT(B, i, 0);
            for (size_t r = 0; r < m; r++)
                b[r] = (z[r] >= 0.0) * c * a[r];
        }
    }
    return residual_sq;
}

/* ---------------------------------------------------------------- primal */

int ovp_relu2_primal_alloc(size_t n, size_t m, ovp_relu2_primal *s)
{
    *s = (ovp_relu2_primal){.n = n, .m = m};
    int st = alloc_outputs(n, m, &s->Z, &s->B, &s->u);
    if (st)
        ovp_relu2_primal_free(s);
    return st;
}

void ovp_relu2_primal_free(ovp_relu2_primal *s)
{
    ovp_mat_free(&s->Z);
    ovp_mat_free(&s->B);
    free(s->u);
    *s = (ovp_relu2_primal){0};
}

int ovp_relu2_forward(ovp_relu2_primal *s, const ovp_mat *X, const ovp_mat *W, const double *a,
                      const double *y, double *loss)
{
    int st = preactivations(X, W, &s->Z);
    if (st)
        return st;
    double l = 0.5 * output_pass(&s->Z, NULL, s->u, a, y);
    if (loss)
        *loss = l;
    return OVP_OK;
}

int ovp_relu2_loss_grad(ovp_relu2_primal *s, const ovp_mat *X, const ovp_mat *W, const double *a,
                        const double *y, double *loss, ovp_mat *G)
{
    if (G->rows != W->rows || G->cols != W->cols)
        return OVP_EINVAL;
    int st = preactivations(X, W, &s->Z);
    if (st)
        return st;
    *loss = 0.5 * output_pass(&s->Z, &s->B, s->u, a, y);
    return ovp_linalg_gemm(1.0, &s->B, 1, X, 0, 0.0, G); /* G = BᵀX */
}

int ovp_relu2_primal_step(ovp_relu2_primal *s, const ovp_mat *X, ovp_mat *W, const double *a,
                          const double *y, double eta, double *loss)
{
    int st = preactivations(X, W, &s->Z);
    if (st)
        return st;
    double l = 0.5 * output_pass(&s->Z, &s->B, s->u, a, y);
    if (loss)
        *loss = l;
    return ovp_linalg_gemm(-eta, &s->B, 1, X, 0, 1.0, W); /* W −= η BᵀX */
}

/* ---------------------------------------------------------------- sample space */

int ovp_relu2_gd_alloc_untracked(size_t n, size_t m, ovp_relu2_gd *s)
{
    *s = (ovp_relu2_gd){.n = n, .m = m};
    int st = alloc_outputs(n, m, &s->Z, &s->B, &s->u);
    if (st)
        ovp_relu2_gd_free(s);
    return st;
}

int ovp_relu2_gd_alloc(size_t n, size_t m, ovp_relu2_gd *s)
{
    *s = (ovp_relu2_gd){.n = n, .m = m, .tracking = 1};
    ovp_mat *mats[] = {&s->Z, &s->Z0, &s->E, &s->B, &s->P};
    int st = OVP_OK;
    for (size_t k = 0; k < sizeof mats / sizeof *mats && !st; k++)
        st = ovp_mat_alloc(n, m, mats[k]);
    if (!st) {
        s->ever_flipped = calloc(n * m, 1);
        s->u = calloc(n, sizeof *s->u);
        s->dist2 = calloc(m, sizeof *s->dist2);
        if (!s->ever_flipped || !s->u || !s->dist2)
            st = OVP_ENOMEM;
    }
    if (st)
        ovp_relu2_gd_free(s);
    return st;
}

void ovp_relu2_gd_free(ovp_relu2_gd *s)
{
    ovp_mat *mats[] = {&s->Z, &s->Z0, &s->E, &s->B, &s->P};
    for (size_t k = 0; k < sizeof mats / sizeof *mats; k++)
        ovp_mat_free(mats[k]);
    free(s->ever_flipped);
    free(s->u);
    free(s->dist2);
    *s = (ovp_relu2_gd){0};
}

int ovp_relu2_gd_start(ovp_relu2_gd *s, const ovp_mat *X, const ovp_mat *W0)
{
    if (X->rows != s->n || W0->rows != s->m)
        return OVP_EINVAL;
    int st = preactivations(X, W0, &s->Z);
    if (st)
        return st;
    size_t nm = s->n * s->m;
    memset(s->B.data, 0, nm * sizeof(double));
    s->eta_pending = 0.0;
    if (s->tracking) {
        if ((st = ovp_mat_copy(&s->Z, &s->Z0)))
            return st;
        memset(s->E.data, 0, nm * sizeof(double));
        memset(s->ever_flipped, 0, nm);
    }
    return OVP_OK;
}

int ovp_relu2_gd_eval(ovp_relu2_gd *s, const double *a, const double *y, ovp_relu2_stats *st)
{
    const size_t n = s->n, m = s->m;
    if (!s->tracking) {
        *st = (ovp_relu2_stats){.residual_sq = output_pass(&s->Z, &s->B, s->u, a, y), .pattern_flip_fraction = NAN,
                                .pattern_ever_flipped_fraction = NAN, .max_dist_from_init = NAN};
        return OVP_OK;
    }
    const double inv_sqrt_m = 1.0 / sqrt((double)m), eta = s->eta_pending;
    double residual_sq = 0.0;
    size_t flips = 0, ever = 0;
    memset(s->dist2, 0, m * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        const double *z = &OVP_AT(&s->Z, i, 0), *z0 = &OVP_AT(&s->Z0, i, 0);
        double *e = &OVP_AT(&s->E, i, 0), *b = &OVP_AT(&s->B, i, 0), *p = &OVP_AT(&s->P, i, 0);
        unsigned char *ev = s->ever_flipped + i * m;
        s->u[i] = row_output(z, a, m, inv_sqrt_m);
        double res = s->u[i] - y[i], c = res * inv_sqrt_m;
        residual_sq += res * res;
        /* The row is in cache after row_output: this second sweep reads it again
         * and touches every other array exactly once. */
        for (size_t r = 0; r < m; r++) {
            e[r] -= eta * b[r]; /* W(k) − W(0) = E(k)ᵀX, from the previous step's B */
            double active = z[r] >= 0.0;
            unsigned char flipped = (z[r] >= 0.0) != (z0[r] >= 0.0);
            b[r] = active * c * a[r];
            p[r] = active;
            flips += flipped;
            ev[r] |= flipped;
            ever += ev[r];
            s->dist2[r] += e[r] * (z[r] - z0[r]);
        }
    }
    s->eta_pending = 0.0;
    double max_dist2 = 0.0;
    for (size_t r = 0; r < m; r++)
        max_dist2 = fmax(max_dist2, s->dist2[r]);
    *st = (ovp_relu2_stats){
        .residual_sq = residual_sq,
        .pattern_flip_fraction = (double)flips / (double)(n * m),
        .pattern_ever_flipped_fraction = (double)ever / (double)(n * m),
        .max_dist_from_init = sqrt(max_dist2),
    };
    return OVP_OK;
}

int ovp_relu2_gd_step(ovp_relu2_gd *s, const ovp_mat *K, double eta)
{
    return ovp_samplegd_step(K, &s->B, eta, &s->Z, &s->eta_pending);
}

int ovp_relu2_gd_weights(ovp_relu2_gd *s, const ovp_mat *X, const ovp_mat *W0, ovp_mat *W)
{
    if (!s->tracking) /* no E */
        return OVP_EINVAL;
    return ovp_samplegd_weights(&s->E, &s->B, &s->eta_pending, X, W0, W);
}
