/* kernels/models/quadnet.c: value, gradient, S and Hessian of the quadratic-activation network. */
#include "quadnet.h"
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double ovp_quadnet_loss_eval(ovp_loss loss, double yhat, double y, double *d1, double *d2)
{
    if (loss == OVP_LOSS_SQUARED) {
        double r = yhat - y;
        if (d1)
            *d1 = r;
        if (d2)
            *d2 = 1.0;
        return 0.5 * r * r;
    }
    /* One exponential e = e^{−|m|} serves both σ(−m) without overflow (e/(1 + e) for m ≥ 0,
     * 1/(1 + e) for m < 0) and the loss log1p(e) + max(−m, 0). */
    double m = y * yhat, e = exp(-fabs(m)), sn = m >= 0.0 ? e / (1.0 + e) : 1.0 / (1.0 + e);
    if (d1)
        *d1 = -y * sn;
    if (d2)
        *d2 = y * y * sn * (1.0 - sn);
    return log1p(e) + fmax(-m, 0.0);
}

const char *ovp_quadnet_loss_name(ovp_loss loss) { return loss == OVP_LOSS_SQUARED ? "squared" : "logistic"; }

int ovp_quadnet_work_alloc(size_t n, size_t d, size_t k, int with_hessian, ovp_quadnet_work *w)
{
    *w = (ovp_quadnet_work){.n = n, .d = d, .k = k};
    int st = ovp_mat_alloc(n, k, &w->Z);
    if (!st)
        st = ovp_mat_alloc(n, k, &w->DZ);
    if (!st)
        st = ovp_mat_alloc(k, d, &w->WC);
    if (!st)
        st = ovp_mat_alloc(d, k, &w->WT);
    if (!st)
        st = ovp_mat_alloc(n, with_hessian && k > 1 ? k * d : d, &w->R);
    if (!st && (!(w->yhat = malloc(n * sizeof(double))) || !(w->d1 = malloc(n * sizeof(double))) ||
                !(w->d2 = malloc(n * sizeof(double)))))
        st = OVP_ENOMEM;
    if (st)
        ovp_quadnet_work_free(w);
    return st;
}

void ovp_quadnet_work_free(ovp_quadnet_work *w)
{
    ovp_mat_free(&w->Z);
    ovp_mat_free(&w->DZ);
    ovp_mat_free(&w->WC);
    ovp_mat_free(&w->WT);
    ovp_mat_free(&w->R);
    free(w->yhat);
    free(w->d1);
    free(w->d2);
    *w = (ovp_quadnet_work){0};
}

static int check_shapes(const ovp_quadnet_problem *p, const ovp_mat *W, const ovp_quadnet_work *w)
{
    if (p->X->rows != w->n || p->X->cols != w->d || W->rows != w->k || W->cols != w->d)
        return OVP_EINVAL;
    if (p->C && (p->C->rows != w->d || p->C->cols != w->d))
        return OVP_EINVAL;
    return OVP_OK;
}

double ovp_quadnet_data_loss(const ovp_quadnet_problem *p, const double *yhat, double *d1, double *d2)
{
    const size_t n = p->X->rows;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += ovp_quadnet_loss_eval(p->loss, yhat[i], p->y[i], d1 ? d1 + i : NULL, d2 ? d2 + i : NULL);
    return s / (double)n;
}

/* Everything but the data term's gradient: Z, ŷ, ℓ, ℓ', ℓ'', WC and the value; with_dz also
 * diag(ℓ') Z into w->DZ in the same pass over the samples. */
static int evaluate(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w, int with_dz, double *value)
{
    int st = check_shapes(p, W, w);
    if (st)
        return st;
    const size_t n = w->n, d = w->d, k = w->k;
    /* Z = X (Wᵀ) with Wᵀ copied (kd entries): as NoTrans·NoTrans the product runs in OpenBLAS
     * 0.3.21's small-matrix kernel (SkylakeX/Cooperlake cores, nkd ≤ 10⁶); X Wᵀ as NoTrans·Trans
     * went through the packed dgemm_tn path (packing copies and a buffer per call) in the
     * profile. Cores without small kernels (Haswell) pack either way. */
    double wn2 = 0.0;
    for (size_t j = 0; j < k; j++) {
        const double *wr = &OVP_AT(W, j, 0);
        for (size_t a = 0; a < d; a++) {
            OVP_AT(&w->WT, a, j) = wr[a];
            wn2 += wr[a] * wr[a];
        }
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)k, (int)d, 1.0, p->X->data,
                (int)p->X->ld, w->WT.data, (int)w->WT.ld, 0.0, w->Z.data, (int)w->Z.ld);
    double loss = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *z = &OVP_AT(&w->Z, i, 0);
        double q = 0.0;
        for (size_t j = 0; j < k; j++)
            q += z[j] * z[j];
        w->yhat[i] = q;
        loss += ovp_quadnet_loss_eval(p->loss, q, p->y[i], w->d1 + i, w->d2 + i);
        if (with_dz) {
            double *dz = &OVP_AT(&w->DZ, i, 0), c = w->d1[i];
            for (size_t j = 0; j < k; j++)
                dz[j] = c * z[j];
        }
    }
    w->data_loss = loss / (double)n;
    double cterm = 0.0;
    if (p->C) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)d, (int)d, 1.0, W->data,
                    (int)W->ld, p->C->data, (int)p->C->ld, 0.0, w->WC.data, (int)w->WC.ld);
        for (size_t j = 0; j < k; j++)
            cterm += cblas_ddot((int)d, &OVP_AT(&w->WC, j, 0), 1, &OVP_AT(W, j, 0), 1);
    }
    *value = w->data_loss + 0.5 * p->lambda * wn2 + cterm;
    return OVP_OK;
}

int ovp_quadnet_value(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w, double *value)
{
    return evaluate(p, W, w, 0, value);
}

int ovp_quadnet_value_grad(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w,
                           double *value, ovp_mat *G)
{
    if (G->rows != W->rows || G->cols != W->cols)
        return OVP_EINVAL;
    int st = evaluate(p, W, w, 1, value);
    if (st)
        return st;
    const size_t n = w->n, d = w->d, k = w->k;
    for (size_t j = 0; j < k; j++) /* G = λW + 2WC, then += (2/n) Dᵀ X, D = diag(ℓ') Z */
        for (size_t a = 0; a < d; a++)
            OVP_AT(G, j, a) = p->lambda * OVP_AT(W, j, a) + (p->C ? 2.0 * OVP_AT(&w->WC, j, a) : 0.0);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)k, (int)d, (int)n, 2.0 / (double)n,
                w->DZ.data, (int)w->DZ.ld, p->X->data, (int)p->X->ld, 1.0, G->data, (int)G->ld);
    return OVP_OK;
}

int ovp_quadnet_S_from(const ovp_quadnet_problem *p, const double *c, ovp_mat *R, ovp_mat *S)
{
    const size_t n = p->X->rows, d = p->X->cols;
    if (R->rows < n || R->cols < d || S->rows != d || S->cols != d)
        return OVP_EINVAL;
    /* Rows with c_i ≥ 0 packed first, then the negative ones. */
    size_t pos = 0, neg = n;
    const double inv_n = 1.0 / (double)n;
    for (size_t i = 0; i < n; i++) {
        double s = sqrt(fabs(c[i]) * inv_n);
        size_t row = c[i] >= 0.0 ? pos++ : --neg;
        const double *x = &OVP_AT(p->X, i, 0);
        double *r = R->data + row * d; /* packed with leading dimension d */
        for (size_t a = 0; a < d; a++)
            r[a] = s * x[a];
    }
    memset(S->data, 0, d * S->ld * sizeof(double));
    if (pos)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)pos, 1.0, R->data, (int)d,
                    0.0, S->data, (int)S->ld);
    if (n - pos)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)(n - pos), -1.0,
                    R->data + pos * d, (int)d, 1.0, S->data, (int)S->ld);
    ovp_mat_symmetrize_upper(S);
    for (size_t a = 0; a < d; a++)
        OVP_AT(S, a, a) += 0.5 * p->lambda;
    if (p->C)
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                OVP_AT(S, a, b) += OVP_AT(p->C, a, b);
    return OVP_OK;
}

int ovp_quadnet_S(const ovp_quadnet_problem *p, ovp_quadnet_work *w, ovp_mat *S)
{
    return ovp_quadnet_S_from(p, w->d1, &w->R, S);
}

int ovp_quadnet_hessian(const ovp_quadnet_problem *p, ovp_quadnet_work *w, const ovp_mat *S, ovp_mat *H)
{
    const size_t n = w->n, d = w->d, k = w->k, kd = k * d;
    if (H->rows != kd || H->cols != kd || S->rows != d || S->cols != d || w->R.rows * w->R.cols < n * kd)
        return OVP_EINVAL;
    const double inv_n = 1.0 / (double)n;
    for (size_t i = 0; i < n; i++) { /* row i of the factor: √(4ℓ''_i/n) (W x_i) ⊗ x_i */
        if (!(w->d2[i] >= 0.0))
            return OVP_EDOM;
        double s = sqrt(4.0 * w->d2[i] * inv_n);
        const double *z = &OVP_AT(&w->Z, i, 0), *x = &OVP_AT(p->X, i, 0);
        double *v = w->R.data + i * kd;
        for (size_t j = 0; j < k; j++)
            for (size_t a = 0; a < d; a++)
                v[j * d + a] = s * z[j] * x[a];
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)kd, (int)n, 1.0, w->R.data, (int)kd, 0.0,
                H->data, (int)H->ld);
    for (size_t j = 0; j < k; j++)
        for (size_t a = 0; a < d; a++)
            for (size_t b = a; b < d; b++)
                OVP_AT(H, j * d + a, j * d + b) += 2.0 * OVP_AT(S, a, b);
    return OVP_OK;
}

double ovp_quadnet_curvature(const ovp_quadnet_problem *p, const ovp_quadnet_work *w)
{
    const size_t n = w->n, d = w->d;
    double x4 = 0.0, d2max = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x2 = cblas_ddot((int)d, &OVP_AT(p->X, i, 0), 1, &OVP_AT(p->X, i, 0), 1);
        x4 += x2 * x2;
        d2max = fmax(d2max, w->d2[i]);
    }
    return d2max * x4 / (double)n;
}

int ovp_quadnet_certify(const ovp_quadnet_problem *p, const ovp_mat *W, ovp_quadnet_work *w, ovp_mat *S,
                        ovp_mat *WS, ovp_mat *T, ovp_work *ws, ovp_quadnet_cert *cert)
{
    const size_t d = w->d, k = w->k;
    if (WS->rows != k || WS->cols != d || T->rows != d || T->cols != d)
        return OVP_EINVAL;
    int st = evaluate(p, W, w, 0, &cert->value);
    if (!st)
        st = ovp_quadnet_S(p, w, S);
    if (st)
        return st;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)d, (int)d, 1.0, W->data,
                (int)W->ld, S->data, (int)S->ld, 0.0, WS->data, (int)WS->ld);
    double ws2 = 0.0, inner = 0.0, w2 = 0.0;
    for (size_t j = 0; j < k; j++) {
        ws2 += cblas_ddot((int)d, &OVP_AT(WS, j, 0), 1, &OVP_AT(WS, j, 0), 1);
        inner += cblas_ddot((int)d, &OVP_AT(WS, j, 0), 1, &OVP_AT(W, j, 0), 1);
        w2 += cblas_ddot((int)d, &OVP_AT(W, j, 0), 1, &OVP_AT(W, j, 0), 1);
    }
    if ((st = ovp_mat_copy(S, T)) || (st = ovp_linalg_eig_min(T, &cert->lambda_min_S, ws)))
        return st;
    cert->ws_fro = sqrt(ws2);
    cert->inner_WSW = inner;
    cert->w_fro = sqrt(w2);
    cert->curvature = ovp_quadnet_curvature(p, w);
    return OVP_OK;
}
