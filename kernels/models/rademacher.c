/* kernels/models/rademacher.c: the sup formula of Σ(M) and the fourth-moment term s. */
#include "rademacher.h"
#include "linalg.h"
#include "quadnet.h"
#include "status.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

int ovp_rademacher_work_alloc(size_t n, size_t d, ovp_rademacher_work *w)
{
    *w = (ovp_rademacher_work){.n = n, .d = d};
    int st = ovp_mat_alloc(d, d, &w->A);
    if (!st)
        st = ovp_mat_alloc(n, d, &w->R);
    if (!st && !(w->c = malloc(n * sizeof(double))))
        st = OVP_ENOMEM;
    if (st)
        ovp_rademacher_work_free(w);
    return st;
}

void ovp_rademacher_work_free(ovp_rademacher_work *w)
{
    ovp_mat_free(&w->A);
    ovp_mat_free(&w->R);
    free(w->c);
    ovp_work_free(&w->ws);
    *w = (ovp_rademacher_work){0};
}

/* A = Σ_i c_i x_i x_iᵀ: ovp_quadnet_S_from with λ = 0, C = 0 and weights n·c_i. */
static int weighted_gram(const ovp_mat *X, ovp_rademacher_work *w)
{
    if (X->rows != w->n || X->cols != w->d)
        return OVP_EINVAL;
    ovp_quadnet_problem p = {.X = X, .lambda = 0.0};
    for (size_t i = 0; i < w->n; i++)
        w->c[i] *= (double)w->n;
    return ovp_quadnet_S_from(&p, w->c, &w->R, &w->A);
}

int ovp_rademacher_sup(const ovp_mat *X, const double *sigma, double M, ovp_rademacher_work *w, double *sup)
{
    for (size_t i = 0; i < w->n; i++)
        w->c[i] = sigma[i];
    double top;
    int st = weighted_gram(X, w);
    if (!st)
        st = ovp_linalg_eig_max(&w->A, &top, &w->ws);
    if (st)
        return st;
    *sup = M * M * fmax(top, 0.0);
    return OVP_OK;
}

int ovp_rademacher_s(const ovp_mat *X, ovp_rademacher_work *w, double *s)
{
    for (size_t i = 0; i < w->n; i++)
        w->c[i] = cblas_ddot((int)w->d, &OVP_AT(X, i, 0), 1, &OVP_AT(X, i, 0), 1);
    int st = weighted_gram(X, w);
    return st ? st : ovp_linalg_eig_max(&w->A, s, &w->ws);
}
