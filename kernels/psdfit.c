/* kernels/psdfit.c: FISTA with restart over the PSD cone for the convex reference problem. */
#include "psdfit.h"
#include "linalg.h"
#include "status.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Largest ℓ'' over the labels: 1 for the squared loss, max y²/4 for the logistic. */
static double max_curvature(const ovp_quad_problem *p)
{
    if (p->loss == OVP_LOSS_SQUARED)
        return 1.0;
    double m = 0.0;
    for (size_t i = 0; i < p->X->rows; i++)
        m = fmax(m, 0.25 * p->y[i] * p->y[i]);
    return m;
}

/* Lip = max ℓ'' · (1/n) max_i Σ_j (x_iᵀx_j)²: the largest row sum of the nonnegative
 * matrix K∘K (K = XXᵀ) bounds its top eigenvalue (Perron–Frobenius), and the row sums are
 * x_iᵀ(XᵀX)x_i: nd² flops and no n×n matrix. */
static int lipschitz(const ovp_quad_problem *p, ovp_psdfit_work *w, double *lip)
{
    const size_t n = p->X->rows, d = p->X->cols;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n, 1.0, p->X->data, (int)p->X->ld,
                0.0, w->A.data, (int)w->A.ld);
    ovp_mat_symmetrize_upper(&w->A);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)d, (int)d, 1.0, p->X->data,
                (int)p->X->ld, w->A.data, (int)w->A.ld, 0.0, w->XM.data, (int)w->XM.ld);
    double top = 0.0;
    for (size_t i = 0; i < n; i++)
        top = fmax(top, cblas_ddot((int)d, &OVP_AT(&w->XM, i, 0), 1, &OVP_AT(p->X, i, 0), 1));
    *lip = max_curvature(p) * top / (double)n;
    return OVP_OK;
}

int ovp_psdfit_work_alloc(const ovp_quad_problem *p, ovp_psdfit_work *w)
{
    const size_t n = p->X->rows, d = p->X->cols;
    *w = (ovp_psdfit_work){.n = n, .d = d};
    ovp_mat *dd[] = {&w->M0, &w->Y, &w->G, &w->V, &w->A};
    int st = OVP_OK;
    for (size_t i = 0; i < sizeof dd / sizeof *dd && !st; i++)
        st = ovp_mat_alloc(d, d, dd[i]);
    if (!st)
        st = ovp_mat_alloc(n, d, &w->XM);
    if (!st)
        st = ovp_mat_alloc(n, d, &w->R);
    if (!st && (!(w->yhat = malloc(n * sizeof(double))) || !(w->d1 = malloc(n * sizeof(double))) ||
                !(w->ev = malloc(d * sizeof(double)))))
        st = OVP_ENOMEM;
    if (!st)
        st = lipschitz(p, w, &w->lip);
    if (!st && !(w->lip > 0.0))
        st = OVP_EDOM; /* X = 0: nothing to fit */
    if (st)
        ovp_psdfit_work_free(w);
    return st;
}

void ovp_psdfit_work_free(ovp_psdfit_work *w)
{
    ovp_mat *ms[] = {&w->M0, &w->Y, &w->G, &w->V, &w->A, &w->XM, &w->R};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
        ovp_mat_free(ms[i]);
    free(w->yhat);
    free(w->d1);
    free(w->ev);
    ovp_work_free(&w->ws);
    *w = (ovp_psdfit_work){0};
}

static double frob_inner(const ovp_mat *A, const ovp_mat *B)
{
    double s = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        s += cblas_ddot((int)A->cols, &OVP_AT(A, i, 0), 1, &OVP_AT(B, i, 0), 1);
    return s;
}

int ovp_psdfit_value_grad(const ovp_quad_problem *p, const ovp_mat *M, ovp_psdfit_work *w, double *value,
                          ovp_mat *G)
{
    const size_t n = w->n, d = w->d;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)d, (int)d, 1.0, p->X->data,
                (int)p->X->ld, M->data, (int)M->ld, 0.0, w->XM.data, (int)w->XM.ld);
    for (size_t i = 0; i < n; i++)
        w->yhat[i] = cblas_ddot((int)d, &OVP_AT(&w->XM, i, 0), 1, &OVP_AT(p->X, i, 0), 1);
    double data = ovp_quad_data_loss(p, w->yhat, w->d1, NULL), tr = 0.0;
    for (size_t a = 0; a < d; a++)
        tr += OVP_AT(M, a, a);
    *value = data + 0.5 * p->lambda * tr + (p->C ? frob_inner(p->C, M) : 0.0);
    return ovp_quad_S_from(p, w->d1, &w->R, G);
}

int ovp_psd_project(ovp_mat *A, ovp_psdfit_work *w, size_t *rank)
{
    const size_t d = w->d;
    int st = ovp_eig_sym(A, w->ev, &w->V, &w->ws);
    if (st)
        return st;
    double top = fmax(w->ev[d - 1], 0.0);
    size_t r = 0;
    for (size_t j = 0; j < d; j++) { /* columns of V scaled by √max(λ_j, 0) */
        double s = sqrt(fmax(w->ev[j], 0.0));
        r += w->ev[j] > OVP_PSDFIT_RANK_TOL * top;
        for (size_t i = 0; i < d; i++)
            OVP_AT(&w->V, i, j) *= s;
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)d, (int)d, 1.0, w->V.data, (int)w->V.ld, 0.0,
                A->data, (int)A->ld);
    ovp_mat_symmetrize_upper(A);
    if (rank)
        *rank = r;
    return OVP_OK;
}

int ovp_psdfit_describe(const ovp_quad_problem *p, const ovp_mat *M, ovp_psdfit_work *w,
                        ovp_psdfit_result *res)
{
    const size_t d = w->d;
    int st = ovp_psdfit_value_grad(p, M, w, &res->value, &w->G);
    if (st)
        return st;
    res->inner_SM = frob_inner(&w->G, M);
    for (size_t i = 0; i < d * d; i++) /* A = M − ∇f(M), projected */
        w->A.data[i] = M->data[i] - w->G.data[i];
    if ((st = ovp_psd_project(&w->A, w, NULL)))
        return st;
    res->kkt = ovp_mat_dist_fro(M, &w->A);
    ovp_mat_copy(&w->G, &w->A);
    if ((st = ovp_eig_min(&w->A, &res->lambda_min_S, &w->ws)))
        return st;
    ovp_mat_copy(M, &w->A);
    if ((st = ovp_psd_project(&w->A, w, &res->rank))) /* M is PSD: this only counts its rank */
        return st;
    res->trace = 0.0;
    for (size_t a = 0; a < d; a++)
        res->trace += OVP_AT(M, a, a);
    return OVP_OK;
}

int ovp_psdfit_solve(const ovp_quad_problem *p, const ovp_psdfit_opts *o, ovp_psdfit_work *w, ovp_mat *M,
                     ovp_psdfit_result *res)
{
    const size_t dd = w->d * w->d;
    if (M->rows != w->d || M->cols != w->d || M->ld != w->d)
        return OVP_EINVAL;
    const double step = 1.0 / w->lip;
    double t = 1.0, f;
    size_t iters = 0, restarts = 0;
    int st, converged = 0;
    ovp_mat_copy(M, &w->Y);
    while (iters < o->max_iters && !converged) {
        iters++;
        if ((st = ovp_psdfit_value_grad(p, &w->Y, w, &f, &w->G)))
            return st;
        ovp_mat_copy(M, &w->M0);
        for (size_t i = 0; i < dd; i++)
            M->data[i] = w->Y.data[i] - step * w->G.data[i];
        if ((st = ovp_psd_project(M, w, NULL)))
            return st;
        double progress = 0.0; /* ⟨Y − M, M − M0⟩ > 0: momentum points uphill, restart */
        for (size_t i = 0; i < dd; i++)
            progress += (w->Y.data[i] - M->data[i]) * (M->data[i] - w->M0.data[i]);
        double beta = 0.0;
        if (progress > 0.0) {
            t = 1.0;
            restarts++;
        } else {
            double tn = 0.5 * (1.0 + sqrt(1.0 + 4.0 * t * t));
            beta = (t - 1.0) / tn;
            t = tn;
        }
        for (size_t i = 0; i < dd; i++)
            w->Y.data[i] = M->data[i] + beta * (M->data[i] - w->M0.data[i]);
        if (iters % o->check_every == 0 || iters == o->max_iters) {
            if ((st = ovp_psdfit_describe(p, M, w, res)))
                return st;
            converged = res->kkt <= o->kkt_tol;
        }
    }
    if (iters == 0 && (st = ovp_psdfit_describe(p, M, w, res)))
        return st;
    res->iters = iters;
    res->restarts = restarts;
    res->converged = converged;
    return OVP_OK;
}
