/* kernels/models/poprelu.c: population ReLU teacher–student loss, gradient, Hessian. */
#include "poprelu.h"
#include "angle.h"
#include "status.h"

#include <cblas.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double TWO_PI = 2.0 * M_PI;
static const double INV_TWO_PI = 1.0 / (2.0 * M_PI);

static double norm2(const double *x, size_t d)
{
    double s = 0.0;
    for (size_t a = 0; a < d; a++)
        s += x[a] * x[a];
    return sqrt(s);
}

double ovp_poprelu_f(const double *w, const double *u, size_t d)
{
    double nw = norm2(w, d), nu = norm2(u, d), dot = 0.0;
    if (nw == 0.0 || nu == 0.0)
        return 0.0;
    for (size_t a = 0; a < d; a++)
        dot += w[a] * u[a];
    double th, s, c;
    ovp_angle(w, u, nw, nu, d, dot / (nw * nu), &th, &s, &c);
    return nw * nu * (s + (M_PI - th) * c) / TWO_PI;
}

void ovp_poprelu_free(ovp_poprelu *p)
{
    ovp_mat *ms[] = {&p->S, &p->Sbar, &p->C, &p->P, &p->Y, &p->D};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
        ovp_mat_free(ms[i]);
    free(p->norm);
    free(p->theta);
    free(p->sn);
    free(p->cs);
    free(p->radial);
    free(p->inv_norm);
    *p = (ovp_poprelu){0};
}

/* Row u of S normalised into Sbar, its norm into norm[u]. */
static void normalise_row(ovp_poprelu *p, size_t u)
{
    const double *x = &OVP_AT(&p->S, u, 0);
    double *y = &OVP_AT(&p->Sbar, u, 0), nx = norm2(x, p->d);
    p->norm[u] = nx;
    p->inv_norm[u] = nx > 0.0 ? 1.0 / nx : 0.0;
    for (size_t a = 0; a < p->d; a++)
        y[a] = nx > 0.0 ? x[a] / nx : 0.0;
}

int ovp_poprelu_alloc(size_t k, const ovp_mat *V, ovp_poprelu *p)
{
    *p = (ovp_poprelu){.k = k, .n = V->rows, .d = V->cols};
    size_t n = V->rows, d = V->cols, m = k + n;
    if (k == 0 || n == 0 || d == 0)
        return OVP_EINVAL;
    int st = ovp_mat_alloc(m, d, &p->S);
    if (!st)
        st = ovp_mat_alloc(m, d, &p->Sbar);
    if (!st)
        st = ovp_mat_alloc(k, m, &p->C);
    if (!st)
        st = ovp_mat_alloc(m, d, &p->P);
    if (!st)
        st = ovp_mat_alloc(m, d, &p->Y);
    if (!st)
        st = ovp_mat_alloc(d, d, &p->D);
    if (!st && (!(p->norm = calloc(m, sizeof(double))) || !(p->theta = calloc(k * m, sizeof(double))) ||
                !(p->sn = calloc(k * m, sizeof(double))) || !(p->cs = calloc(k * m, sizeof(double))) ||
                !(p->radial = calloc(k, sizeof(double))) || !(p->inv_norm = calloc(m, sizeof(double)))))
        st = OVP_ENOMEM;
    if (st) {
        ovp_poprelu_free(p);
        return st;
    }
    for (size_t j = 0; j < n; j++) {
        memcpy(&OVP_AT(&p->S, k + j, 0), &OVP_AT(V, j, 0), d * sizeof(double));
        normalise_row(p, k + j);
    }
    double ft = 0.0;
    for (size_t j = 0; j < n; j++)
        for (size_t l = 0; l < n; l++)
            ft += ovp_poprelu_f(&OVP_AT(V, j, 0), &OVP_AT(V, l, 0), d);
    p->f_teacher = 0.5 * ft;
    return OVP_OK;
}

/* One pass over the pairs i < u: angles (kept for the Hessian), F, and the
 * gradient's coefficients written over the inner products in C, so that
 * G = C S: C_iu = ±(π − θ_iu)/2π (+ students, − teachers) and
 * C_ii = ½ + Σ_u ±‖u‖ sin θ_iu / (2π‖w_i‖). A pair with a zero vector gets θ = π,
 * sin θ = 0, which makes every term vanish (f(w, 0) = 0). Returns Σ over the
 * student's pairs of F (the teacher's own part is p->f_teacher). */
static double pair_pass(ovp_poprelu *p)
{
    const size_t k = p->k, m = k + p->n, d = p->d;
    double Fs = 0.0, *radial = p->radial;
    for (size_t i = 0; i < k; i++) {
        Fs += 0.25 * p->norm[i] * p->norm[i];
        radial[i] = 0.0;
    }
    for (size_t i = 0; i < k; i++) {
        const double ni = p->norm[i], *wi = &OVP_AT(&p->S, i, 0), inv_ni = ni > 0.0 ? 1.0 / ni : 0.0;
        double *Ci = &OVP_AT(&p->C, i, 0), *th = p->theta + i * m, *sn = p->sn + i * m, *cs = p->cs + i * m;
        for (size_t u = i + 1; u < m; u++) {
            double t = M_PI, s = 0.0, c = -1.0, nn = ni * p->norm[u];
            if (nn > 0.0)
                ovp_angle(wi, &OVP_AT(&p->S, u, 0), ni, p->norm[u], d, Ci[u] * inv_ni * p->inv_norm[u],
                           &t, &s, &c);
            th[u] = t, sn[u] = s, cs[u] = c;
            double coef = (M_PI - t) * INV_TWO_PI, f = nn * (s * INV_TWO_PI + coef * c);
            if (u < k) { /* student pairs are symmetric */
                p->theta[u * m + i] = t, p->sn[u * m + i] = s, p->cs[u * m + i] = c;
                Fs += f;
                Ci[u] = coef;
                OVP_AT(&p->C, u, i) = coef;
                radial[i] += p->norm[u] * s;
                radial[u] += ni * s;
            } else {
                Fs -= f;
                Ci[u] = -coef;
                radial[i] -= p->norm[u] * s;
            }
        }
        Ci[i] = 0.5 + radial[i] * INV_TWO_PI * inv_ni;
    }
    return Fs;
}

/* Diagonal block i: (½ + a)I − a w̄w̄ᵀ + Σ_u β_u p_u p_uᵀ with a = Σ_u σγ sin θ,
 * β = σγ/sin θ, γ = ‖u‖/(2π‖w_i‖), σ = +1 for students, −1 for teachers. Leaves
 * p_u (relative to w_i) in row u of P, which the off-diagonal blocks reuse; the
 * sum is one dgemm Pᵀ Y over Y's rows β_u p_u (zero for parallel pairs). */
static void diagonal_block(ovp_poprelu *p, size_t i, ovp_mat *H)
{
    const size_t k = p->k, m = k + p->n, d = p->d;
    const double *wb = &OVP_AT(&p->Sbar, i, 0);
    double a_sum = 0.0;
    for (size_t u = 0; u < m; u++) {
        double *pu = &OVP_AT(&p->P, u, 0), *y = &OVP_AT(&p->Y, u, 0);
        memset(y, 0, d * sizeof(double));
        if (u == i || p->norm[u] == 0.0) {
            memset(pu, 0, d * sizeof(double));
            continue;
        }
        const double *ub = &OVP_AT(&p->Sbar, u, 0), c = p->cs[i * m + u], s = p->sn[i * m + u];
        for (size_t b = 0; b < d; b++)
            pu[b] = ub[b] - c * wb[b];
        double sg = (u < k ? 1.0 : -1.0) * p->norm[u] / (TWO_PI * p->norm[i]);
        a_sum += sg * s;
        if (s >= OVP_POPRELU_SIN_TINY) /* else parallel: ppᵀ/sin θ → 0 */
            for (size_t b = 0; b < d; b++)
                y[b] = sg / s * pu[b];
    }
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)d, (int)m, 1.0, p->P.data,
                (int)p->P.ld, p->Y.data, (int)p->Y.ld, 0.0, p->D.data, (int)p->D.ld);
    for (size_t a = 0; a < d; a++) {
        double *row = &OVP_AT(H, i * d + a, i * d);
        for (size_t b = 0; b < d; b++)
            row[b] = 0.5 * (OVP_AT(&p->D, a, b) + OVP_AT(&p->D, b, a)) - a_sum * wb[a] * wb[b] +
                     (a == b ? 0.5 + a_sum : 0.0);
    }
}

/* Off-diagonal blocks (i, j) = (j, i) = h2(w_i, w_j) for students j > i, with
 * p_j = w̄_j − cos θ w̄_i from row j of P: h2 is symmetric in its matrix and in
 * its arguments. */
static void offdiagonal_blocks(ovp_poprelu *p, size_t i, ovp_mat *H)
{
    const size_t k = p->k, m = k + p->n, d = p->d;
    const double *wb = &OVP_AT(&p->Sbar, i, 0);
    for (size_t j = i + 1; j < k; j++) {
        const double th = p->theta[i * m + j], s = p->sn[i * m + j], c = p->cs[i * m + j];
        const double *pj = &OVP_AT(&p->P, j, 0);
        const double diag = (M_PI - th) / TWO_PI;
        const int parallel = s < OVP_POPRELU_SIN_TINY || p->norm[j] == 0.0;
        const double m11 = parallel ? 0.0 : s * c / TWO_PI, m12 = parallel ? 0.0 : s / TWO_PI;
        const double m22 = parallel ? 0.0 : -c / (s * TWO_PI);
        for (size_t a = 0; a < d; a++) {
            double *row = &OVP_AT(H, i * d + a, j * d);
            const double wa = wb[a], pa = pj[a];
            for (size_t b = 0; b < d; b++)
                row[b] = m11 * wa * wb[b] + m12 * (wa * pj[b] + pa * wb[b]) + m22 * pa * pj[b];
            row[a] += diag;
        }
        for (size_t a = 0; a < d; a++) /* block (j, i) is the same symmetric matrix */
            for (size_t b = 0; b < d; b++)
                OVP_AT(H, j * d + a, i * d + b) = OVP_AT(H, i * d + a, j * d + b);
    }
}

int ovp_poprelu_eval(ovp_poprelu *p, const ovp_mat *W, double *F, ovp_mat *G, ovp_mat *H)
{
    const size_t k = p->k, n = p->n, d = p->d, m = k + n;
    if (W->rows != k || W->cols != d || (G && (G->rows != k || G->cols != d)) ||
        (H && (H->rows != k * d || H->cols != k * d)))
        return OVP_EINVAL;
    for (size_t i = 0; i < k; i++)
        memcpy(&OVP_AT(&p->S, i, 0), &OVP_AT(W, i, 0), d * sizeof(double));
    /* C = W Sᵀ: every student–student and student–teacher inner product at once;
     * its diagonal gives the norms, and is non-finite iff W has a non-finite entry. */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)k, (int)m, (int)d, 1.0, p->S.data,
                (int)p->S.ld, p->S.data, (int)p->S.ld, 0.0, p->C.data, (int)p->C.ld);
    int zero_neuron = 0;
    for (size_t i = 0; i < k; i++) {
        double q = OVP_AT(&p->C, i, i);
        if (!isfinite(q))
            return OVP_EDOM;
        p->norm[i] = sqrt(q);
        p->inv_norm[i] = q > 0.0 ? 1.0 / p->norm[i] : 0.0;
        zero_neuron |= q == 0.0;
    }
    *F = pair_pass(p) + p->f_teacher;
    if (!G && !H)
        return OVP_OK;
    if (zero_neuron)
        return OVP_EDOM;
    if (G)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)d, (int)m, 1.0, p->C.data,
                    (int)p->C.ld, p->S.data, (int)p->S.ld, 0.0, G->data, (int)G->ld);
    if (H) {
        for (size_t i = 0; i < k; i++)
            normalise_row(p, i);
        for (size_t i = 0; i < k; i++) {
            diagonal_block(p, i, H);
            offdiagonal_blocks(p, i, H);
        }
    }
    return OVP_OK;
}

int ovp_poprelu_excess(ovp_poprelu *p, const ovp_mat *W0, const ovp_mat *W,
                       const gsl_integration_glfixed_table *t, ovp_mat *Wt, ovp_mat *G, double *excess)
{
    const size_t k = p->k, d = p->d;
    if (W0->rows != k || W0->cols != d || W->rows != k || W->cols != d || Wt->rows != k ||
        Wt->cols != d || G->rows != k || G->cols != d)
        return OVP_EINVAL;
    double sum = 0.0;
    int st = OVP_OK;
    for (size_t q = 0; q < t->n && !st; q++) {
        double x, wq, F;
        gsl_integration_glfixed_point(0.0, 1.0, q, &x, &wq, t);
        for (size_t i = 0; i < k; i++)
            for (size_t a = 0; a < d; a++)
                OVP_AT(Wt, i, a) = OVP_AT(W0, i, a) + x * (OVP_AT(W, i, a) - OVP_AT(W0, i, a));
        if ((st = ovp_poprelu_eval(p, Wt, &F, G, NULL)))
            break;
        double dot = 0.0;
        for (size_t i = 0; i < k; i++)
            for (size_t a = 0; a < d; a++)
                dot += OVP_AT(G, i, a) * (OVP_AT(W, i, a) - OVP_AT(W0, i, a));
        sum += wq * dot;
    }
    *excess = sum;
    return st;
}
