/* kernels/numerics/qrupdate.c: R of a matrix grown by rows (dtpqrt), and σ_min, σ_max of R (eigcert). */
#include "qrupdate.h"
#include "eigcert.h"

#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

/* dtpqrt's block size: its blocked update (dtprfb) is dgemm-bound from a few tens of columns. */
#define QRUPDATE_NB 32

int ovp_qrupdate_append(double *R, size_t n, const double *B, size_t b, size_t ldb, ovp_work *ws)
{
    if (n == 0 || ldb < b)
        return OVP_EINVAL;
    if (b == 0)
        return OVP_OK;
    size_t nb = n < QRUPDATE_NB ? n : QRUPDATE_NB;
    /* ws: a copy of B (dtpqrt overwrites it with the reflectors), T (nb×n) and work (nb×n) */
    int st = ovp_work_reserve(ws, b * n + 2 * nb * n, 0);
    if (st)
        return st;
    double *V = ws->d, *T = V + b * n, *work = T + nb * n;
    for (size_t j = 0; j < n; j++)
        memcpy(V + j * b, B + j * ldb, b * sizeof(double));
    lapack_int info = LAPACKE_dtpqrt_work(LAPACK_COL_MAJOR, (lapack_int)b, (lapack_int)n, 0, (lapack_int)nb, R,
                                          (lapack_int)n, V, (lapack_int)b, T, (lapack_int)nb, work);
    return ovp_status_from_lapack((int)info);
}

static double gamma_k(double k)
{
    const double u = DBL_EPSILON / 2;
    return k * u / (1.0 - k * u);
}

/* [σ_lo, σ_hi] ∋ σ from λ ∈ [lo − f, hi + f] (λ of Ĝ within f of those of RRᵀ), rounded outward;
 * *s = √value. Returns the half-width. */
static double sigma_enclosure(const ovp_eigcert *e, double f, double *s, double *lo, double *hi)
{
    double l = nextafter(e->lower - f, -INFINITY), h = nextafter(e->upper + f, INFINITY);
    *s = sqrt(fmax(e->value, 0.0));
    *lo = l > 0.0 ? nextafter(sqrt(l), 0.0) : 0.0;
    *hi = nextafter(sqrt(h), INFINITY);
    return fmax(*s - *lo, *hi - *s);
}

int ovp_qrupdate_sigma_ends(const double *R, size_t n, double budget, ovp_mat *G, ovp_mat *F, ovp_work *ws,
                            ovp_qrupdate_ends *out)
{
    *out = (ovp_qrupdate_ends){NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0};
    if (n == 0 || G->rows != n || G->cols != n || G->ld != n || F->rows != n || F->cols != n || F->ld < n)
        return OVP_EINVAL;
    memcpy(G->data, R, n * n * sizeof(double));
    lapack_int info = LAPACKE_dlauum_work(LAPACK_COL_MAJOR, 'U', (lapack_int)n, G->data, (lapack_int)n);
    if (info)
        return ovp_status_from_lapack((int)info);
    /* dlauum leaves RRᵀ in the column-major upper triangle; eigcert reads the row-major upper one */
    double trace = 0.0;
    for (size_t i = 0; i < n; i++) {
        trace += G->data[i * n + i];
        for (size_t j = i + 1; j < n; j++)
            G->data[i * n + j] = G->data[i + j * n];
    }
    const double gn = gamma_k((double)n);
    const double f = gn * trace / ((1.0 - gn) * (1.0 - gn)) * (1.0 + 8.0 * DBL_EPSILON); /* ≥ ‖Ĝ − RRᵀ‖₂ */
    ovp_eigcert lo, hi;
    int st = ovp_eigcert_min(G, F, ws, &lo);
    if (st || !lo.certified)
        return st;
    double smin, smin_lo, smin_hi, hw = sigma_enclosure(&lo, f, &smin, &smin_lo, &smin_hi);
    if (budget > 0.0 && !(hw <= budget))
        return OVP_OK;
    if ((st = ovp_eigcert_max(G, F, ws, &hi)) || !hi.certified)
        return st;
    double smax, smax_lo, smax_hi;
    hw = fmax(hw, sigma_enclosure(&hi, f, &smax, &smax_lo, &smax_hi));
    *out = (ovp_qrupdate_ends){smin, smax, smin_lo, smin_hi, smax_lo, smax_hi, hw, 1};
    return OVP_OK;
}
