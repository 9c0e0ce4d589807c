/* kernels/models/poprelu.c: population ReLU teacher–student loss, gradient, Hessian. */
#include "poprelu.h"
#include "angle.h"
#include "status.h"

#include <cblas.h>
#include <gsl/gsl_integration.h>
#include <immintrin.h>
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

/* ---- the two products of F and ∇F, at this model's small shapes ----
 * Each entry is one chain acc ← fma(a_q, b_q, acc), q ascending from acc = 0: fma rounds
 * once, so the bits are the same on every CPU (the AVX2+FMA clone and the generic one, where
 * fma is libm's) and no longer depend on the BLAS core, whose kernels sum in orders of their
 * own. At k, n ≤ 30 dgemm's packing and dispatch also cost more than the flops. */
#define GRAM_ROWS 2  /* the register tiles: GRAM_ROWS×GRAM_COLS and GRAD_ROWS×GRAD_COLS */
#define GRAM_COLS 16 /* accumulators, 8 AVX2 registers, enough chains to hide fma's latency */
#define GRAD_ROWS 4
#define GRAD_COLS 8

static size_t round_up(size_t x, size_t b) { return (x + b - 1) / b * b; }

/* C_iu = w_iᵀ s_u for i < k and u ≥ i (the part pair_pass reads; entries left of the
 * diagonal may be written too), from Sᵀ (d×ldt, columns zero-padded). */
static inline __attribute__((always_inline)) void gram_body(ovp_poprelu *p)
{
    const size_t k = p->k, m = k + p->n, d = p->d, ldt = p->ldt;
    for (size_t i0 = 0; i0 < k; i0 += GRAM_ROWS) {
        const double *w[GRAM_ROWS];
        for (size_t r = 0; r < GRAM_ROWS; r++) /* a short last tile repeats its last row */
            w[r] = &OVP_AT(&p->S, i0 + r < k ? i0 + r : k - 1, 0);
        for (size_t u0 = i0 / GRAM_COLS * GRAM_COLS; u0 < m; u0 += GRAM_COLS) {
            double acc[GRAM_ROWS][GRAM_COLS] = {{0}};
            for (size_t a = 0; a < d; a++) {
                const double *col = p->ST + a * ldt + u0;
                for (size_t r = 0; r < GRAM_ROWS; r++)
                    for (size_t j = 0; j < GRAM_COLS; j++)
                        acc[r][j] = fma(w[r][a], col[j], acc[r][j]);
            }
            const size_t len = m - u0 < GRAM_COLS ? m - u0 : GRAM_COLS;
            for (size_t r = 0; r < GRAM_ROWS && i0 + r < k; r++)
                memcpy(&OVP_AT(&p->C, i0 + r, u0), acc[r], len * sizeof(double));
        }
    }
}

/* G = C S (k×d), the chain over u ascending, from S's copy Spad (rows zero-padded to lds). */
static inline __attribute__((always_inline)) void grad_body(const ovp_poprelu *p, ovp_mat *G)
{
    const size_t k = p->k, m = k + p->n, d = p->d, lds = p->lds;
    for (size_t i0 = 0; i0 < k; i0 += GRAD_ROWS) {
        const double *c[GRAD_ROWS];
        for (size_t r = 0; r < GRAD_ROWS; r++)
            c[r] = &OVP_AT(&p->C, i0 + r < k ? i0 + r : k - 1, 0);
        for (size_t a0 = 0; a0 < d; a0 += GRAD_COLS) {
            double acc[GRAD_ROWS][GRAD_COLS] = {{0}};
            for (size_t u = 0; u < m; u++) {
                const double *su = p->Spad + u * lds + a0;
                for (size_t r = 0; r < GRAD_ROWS; r++)
                    for (size_t j = 0; j < GRAD_COLS; j++)
                        acc[r][j] = fma(c[r][u], su[j], acc[r][j]);
            }
            const size_t len = d - a0 < GRAD_COLS ? d - a0 : GRAD_COLS;
            for (size_t r = 0; r < GRAD_ROWS && i0 + r < k; r++)
                memcpy(&OVP_AT(G, i0 + r, a0), acc[r], len * sizeof(double));
        }
    }
}

/* gram_body with AVX2 intrinsics (GCC leaves its tile scalar): the same chains. */
__attribute__((target("avx2,fma"))) static void gram_fma(ovp_poprelu *p)
{
    const size_t k = p->k, m = k + p->n, d = p->d, ldt = p->ldt;
    _Static_assert(GRAM_ROWS == 2 && GRAM_COLS == 16, "the tile below is 2×16");
    for (size_t i0 = 0; i0 < k; i0 += GRAM_ROWS) {
        const double *w0 = &OVP_AT(&p->S, i0, 0), *w1 = &OVP_AT(&p->S, i0 + 1 < k ? i0 + 1 : i0, 0);
        for (size_t u0 = i0 / GRAM_COLS * GRAM_COLS; u0 < m; u0 += GRAM_COLS) {
            __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (size_t a = 0; a < d; a++) {
                const double *col = p->ST + a * ldt + u0;
                const __m256d x = _mm256_broadcast_sd(w0 + a), y = _mm256_broadcast_sd(w1 + a);
                const __m256d c0 = _mm256_loadu_pd(col), c1 = _mm256_loadu_pd(col + 4);
                const __m256d c2 = _mm256_loadu_pd(col + 8), c3 = _mm256_loadu_pd(col + 12);
                a0 = _mm256_fmadd_pd(x, c0, a0), a1 = _mm256_fmadd_pd(x, c1, a1);
                a2 = _mm256_fmadd_pd(x, c2, a2), a3 = _mm256_fmadd_pd(x, c3, a3);
                b0 = _mm256_fmadd_pd(y, c0, b0), b1 = _mm256_fmadd_pd(y, c1, b1);
                b2 = _mm256_fmadd_pd(y, c2, b2), b3 = _mm256_fmadd_pd(y, c3, b3);
            }
            double acc[GRAM_ROWS][GRAM_COLS];
            _mm256_storeu_pd(acc[0], a0), _mm256_storeu_pd(acc[0] + 4, a1);
            _mm256_storeu_pd(acc[0] + 8, a2), _mm256_storeu_pd(acc[0] + 12, a3);
            _mm256_storeu_pd(acc[1], b0), _mm256_storeu_pd(acc[1] + 4, b1);
            _mm256_storeu_pd(acc[1] + 8, b2), _mm256_storeu_pd(acc[1] + 12, b3);
            const size_t len = m - u0 < GRAM_COLS ? m - u0 : GRAM_COLS;
            for (size_t r = 0; r < GRAM_ROWS && i0 + r < k; r++)
                memcpy(&OVP_AT(&p->C, i0 + r, u0), acc[r], len * sizeof(double));
        }
    }
}
static void gram_generic(ovp_poprelu *p) { gram_body(p); }
/* grad_body with AVX2 intrinsics: the same chains. */
__attribute__((target("avx2,fma"))) static void grad_fma(const ovp_poprelu *p, ovp_mat *G)
{
    const size_t k = p->k, m = k + p->n, d = p->d, lds = p->lds;
    _Static_assert(GRAD_ROWS == 4 && GRAD_COLS == 8, "the tile below is 4×8");
    for (size_t i0 = 0; i0 < k; i0 += GRAD_ROWS) {
        const double *c[GRAD_ROWS];
        for (size_t r = 0; r < GRAD_ROWS; r++)
            c[r] = &OVP_AT(&p->C, i0 + r < k ? i0 + r : k - 1, 0);
        for (size_t a0 = 0; a0 < d; a0 += GRAD_COLS) {
            __m256d acc[GRAD_ROWS][2];
            for (size_t r = 0; r < GRAD_ROWS; r++)
                acc[r][0] = acc[r][1] = _mm256_setzero_pd();
            for (size_t u = 0; u < m; u++) {
                const double *su = p->Spad + u * lds + a0;
                const __m256d s0 = _mm256_loadu_pd(su), s1 = _mm256_loadu_pd(su + 4);
                for (size_t r = 0; r < GRAD_ROWS; r++) {
                    const __m256d x = _mm256_broadcast_sd(c[r] + u);
                    acc[r][0] = _mm256_fmadd_pd(x, s0, acc[r][0]);
                    acc[r][1] = _mm256_fmadd_pd(x, s1, acc[r][1]);
                }
            }
            const size_t len = d - a0 < GRAD_COLS ? d - a0 : GRAD_COLS;
            for (size_t r = 0; r < GRAD_ROWS && i0 + r < k; r++) {
                double out[GRAD_COLS];
                _mm256_storeu_pd(out, acc[r][0]), _mm256_storeu_pd(out + 4, acc[r][1]);
                memcpy(&OVP_AT(G, i0 + r, a0), out, len * sizeof(double));
            }
        }
    }
}
static void grad_generic(const ovp_poprelu *p, ovp_mat *G) { grad_body(p, G); }

/* C = W Sᵀ (its upper part): the student–student and student–teacher inner products. */
static void gram(ovp_poprelu *p)
{
    for (size_t i = 0; i < p->k; i++) /* the student's rows into both copies */
        for (size_t a = 0; a < p->d; a++)
            p->ST[a * p->ldt + i] = p->Spad[i * p->lds + a] = OVP_AT(&p->S, i, a);
    if (p->use_fma)
        gram_fma(p);
    else
        gram_generic(p);
}

static void gradient(const ovp_poprelu *p, ovp_mat *G)
{
    if (p->use_fma)
        grad_fma(p, G);
    else
        grad_generic(p, G);
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
    free(p->fpair);
    free(p->ST);
    free(p->Spad);
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
                !(p->radial = calloc(k, sizeof(double))) || !(p->inv_norm = calloc(m, sizeof(double))) ||
                !(p->fpair = calloc(m, sizeof(double)))))
        st = OVP_ENOMEM;
    p->use_fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    p->ldt = round_up(m, GRAM_COLS);
    p->lds = round_up(d, GRAD_COLS);
    if (!st && (!(p->ST = calloc(d * p->ldt, sizeof(double))) || !(p->Spad = calloc(m * p->lds, sizeof(double)))))
        st = OVP_ENOMEM;
    if (st) {
        ovp_poprelu_free(p);
        return st;
    }
    for (size_t j = 0; j < n; j++) {
        memcpy(&OVP_AT(&p->S, k + j, 0), &OVP_AT(V, j, 0), d * sizeof(double));
        normalise_row(p, k + j);
        for (size_t a = 0; a < d; a++)
            p->ST[a * p->ldt + k + j] = p->Spad[(k + j) * p->lds + a] = OVP_AT(V, j, a);
    }
    double ft = 0.0;
    for (size_t j = 0; j < n; j++)
        for (size_t l = 0; l < n; l++)
            ft += ovp_poprelu_f(&OVP_AT(V, j, 0), &OVP_AT(V, l, 0), d);
    p->f_teacher = 0.5 * ft;
    return OVP_OK;
}

/* The angles of row i's pairs (i, u > i) into th, sn, cs (row i of theta, sn, cs): ovp_angle's
 * rule (kernels/numerics/angle.h) with its common case spread over three loops so that only
 * acos stays scalar: the clamped cosine from the Gram entry, sin θ = √(1 − c²), then acos, or
 * ovp_angle itself for the rare pair within OVP_ANGLE_REFINE of (anti)parallel. A pair with a
 * zero vector gets θ = π, sin θ = 0, cos θ = −1. Bit for bit ovp_angle's values.
 * noinline (as pair_terms_generic): the vector clones' tails call it as compiled for the
 * baseline ISA, where no compiler that contracts within expressions (clang's default) can
 * fuse it into an fma. */
static __attribute__((noinline)) void cos_sin_generic(const double *Ci, const double *inv_norm, double inv_ni,
                                                      size_t u0, size_t m, double *sn, double *cs)
{
    for (size_t u = u0; u < m; u++) {
        double c = Ci[u] * inv_ni * inv_norm[u];
        c = c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c);
        cs[u] = c;
        sn[u] = sqrt(1.0 - c * c);
    }
}

/* cos_sin_generic four pairs at a time (GCC keeps sqrt scalar for errno's sake): the same
 * correctly rounded operations, min/max ordered so that a NaN passes as the ternaries pass it. */
__attribute__((target("avx2,fma"))) static void cos_sin_fma(const double *Ci, const double *inv_norm, double inv_ni,
                                                            size_t u0, size_t m, double *sn, double *cs)
{
    const __m256d one = _mm256_set1_pd(1.0), minus_one = _mm256_set1_pd(-1.0), s = _mm256_set1_pd(inv_ni);
    size_t u = u0;
    for (; u + 4 <= m; u += 4) {
        __m256d c = _mm256_mul_pd(_mm256_mul_pd(_mm256_loadu_pd(Ci + u), s), _mm256_loadu_pd(inv_norm + u));
        c = _mm256_max_pd(minus_one, _mm256_min_pd(one, c));
        _mm256_storeu_pd(cs + u, c);
        _mm256_storeu_pd(sn + u, _mm256_sqrt_pd(_mm256_sub_pd(one, _mm256_mul_pd(c, c))));
    }
    cos_sin_generic(Ci, inv_norm, inv_ni, u, m, sn, cs);
}

static void row_angles(ovp_poprelu *p, size_t i, double *th, double *sn, double *cs)
{
    const size_t m = p->k + p->n, d = p->d;
    const double ni = p->norm[i], inv_ni = ni > 0.0 ? 1.0 / ni : 0.0, *Ci = &OVP_AT(&p->C, i, 0);
    const double *wi = &OVP_AT(&p->S, i, 0);
    if (p->use_fma)
        cos_sin_fma(Ci, p->inv_norm, inv_ni, i + 1, m, sn, cs);
    else
        cos_sin_generic(Ci, p->inv_norm, inv_ni, i + 1, m, sn, cs);
    for (size_t u = i + 1; u < m; u++) {
        if (!(ni * p->norm[u] > 0.0)) {
            th[u] = M_PI, sn[u] = 0.0, cs[u] = -1.0;
        } else if (1.0 - fabs(cs[u]) < OVP_ANGLE_REFINE) {
            ovp_angle(wi, &OVP_AT(&p->S, u, 0), ni, p->norm[u], d, cs[u], &th[u], &sn[u], &cs[u]);
        } else {
            th[u] = acos(cs[u]);
        }
    }
}

/* Row i's pair terms for u0 ≤ u < m: f(w_i, u) into f, and the gradient's coefficient
 * ±(π − θ)/2π (+ students u < k, − teachers) into Ci. */
static __attribute__((noinline)) void pair_terms_generic(double ni, const double *norm, const double *th,
                                                         const double *sn, const double *cs, size_t u0, size_t k,
                                                         size_t m, double *f, double *Ci)
{
    for (size_t u = u0; u < m; u++) {
        double coef = (M_PI - th[u]) * INV_TWO_PI, nn = ni * norm[u];
        f[u] = nn * (sn[u] * INV_TWO_PI + coef * cs[u]);
        Ci[u] = u < k ? coef : -coef;
    }
}

/* pair_terms_generic four pairs at a time: the same operations in the same order, as separate
 * intrinsics that no compiler fuses into an fma, so the same bits. */
__attribute__((target("avx2,fma"))) static void pair_terms_fma(double ni, const double *norm, const double *th,
                                                               const double *sn, const double *cs, size_t u0,
                                                               size_t k, size_t m, double *f, double *Ci)
{
    const __m256d pi = _mm256_set1_pd(M_PI), inv = _mm256_set1_pd(INV_TWO_PI), vni = _mm256_set1_pd(ni);
    const __m256d sign = _mm256_set1_pd(-0.0);
    size_t u = u0;
    for (; u + 4 <= m; u += 4) {
        const __m256d coef = _mm256_mul_pd(_mm256_sub_pd(pi, _mm256_loadu_pd(th + u)), inv);
        const __m256d nn = _mm256_mul_pd(vni, _mm256_loadu_pd(norm + u));
        const __m256d t = _mm256_add_pd(_mm256_mul_pd(_mm256_loadu_pd(sn + u), inv),
                                        _mm256_mul_pd(coef, _mm256_loadu_pd(cs + u)));
        _mm256_storeu_pd(f + u, _mm256_mul_pd(nn, t));
        if (u + 4 <= k)
            _mm256_storeu_pd(Ci + u, coef);
        else if (u >= k)
            _mm256_storeu_pd(Ci + u, _mm256_xor_pd(coef, sign));
        else
            for (size_t j = 0; j < 4; j++)
                Ci[u + j] = u + j < k ? coef[j] : -coef[j];
    }
    pair_terms_generic(ni, norm, th, sn, cs, u, k, m, f, Ci);
}

/* One pass over the pairs i < u: angles, F, and the gradient's coefficients written over
 * the inner products in C, so that G = C S: C_iu = ±(π − θ_iu)/2π (+ students,
 * − teachers) and C_ii = ½ + Σ_u ±‖u‖ sin θ_iu / (2π‖w_i‖); f(w, 0) = 0 through θ = π,
 * sin θ = 0. The pair terms are computed a row at a time in vectorisable loops; the sums
 * (F, the radial terms) keep the pair order i, u ascending. The angles of the pairs
 * u > i stay in row i of theta, sn, cs (mirror_angles fills the rest for the Hessian).
 * Returns Σ over the student's pairs of F (the teacher's own part is p->f_teacher). */
static double pair_pass(ovp_poprelu *p)
{
    const size_t k = p->k, m = k + p->n;
    double Fs = 0.0, *radial = p->radial, *f = p->fpair;
    for (size_t i = 0; i < k; i++) {
        Fs += 0.25 * p->norm[i] * p->norm[i];
        radial[i] = 0.0;
    }
    for (size_t i = 0; i < k; i++) {
        const double ni = p->norm[i], inv_ni = ni > 0.0 ? 1.0 / ni : 0.0;
        double *Ci = &OVP_AT(&p->C, i, 0), *th = p->theta + i * m, *sn = p->sn + i * m, *cs = p->cs + i * m;
        row_angles(p, i, th, sn, cs);
        if (p->use_fma)
            pair_terms_fma(ni, p->norm, th, sn, cs, i + 1, k, m, f, Ci);
        else
            pair_terms_generic(ni, p->norm, th, sn, cs, i + 1, k, m, f, Ci);
        double ri = radial[i];
        for (size_t u = i + 1; u < k; u++) { /* student pairs are symmetric */
            Fs += f[u];
            ri += p->norm[u] * sn[u];
            radial[u] += ni * sn[u];
            OVP_AT(&p->C, u, i) = Ci[u];
        }
        for (size_t u = k; u < m; u++) {
            Fs -= f[u];
            ri -= p->norm[u] * sn[u];
        }
        radial[i] = ri;
        Ci[i] = 0.5 + ri * INV_TWO_PI * inv_ni;
    }
    return Fs;
}

/* The student pairs' angles below the diagonal, for the Hessian. */
static void mirror_angles(ovp_poprelu *p)
{
    const size_t k = p->k, m = k + p->n;
    for (size_t i = 0; i < k; i++)
        for (size_t u = i + 1; u < k; u++) {
            p->theta[u * m + i] = p->theta[i * m + u];
            p->sn[u * m + i] = p->sn[i * m + u];
            p->cs[u * m + i] = p->cs[i * m + u];
        }
}

/* Diagonal block i: (½ + a)I − a w̄w̄ᵀ + Σ_u β_u p_u p_uᵀ with a = Σ_u σγ sin θ,
 * β = σγ/sin θ, γ = ‖u‖/(2π‖w_i‖), σ = +1 for students, −1 for teachers. Leaves
 * p_u (relative to w_i) in row u of P, which the off-diagonal blocks reuse; the
 * sum is one dgemm Pᵀ Y over Y's rows β_u p_u (zero for parallel pairs). */
static void diagonal_block(ovp_poprelu *p, size_t i, ovp_mat *H, size_t r0)
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
        double *row = &OVP_AT(H, r0 + a, r0);
        for (size_t b = 0; b < d; b++)
            row[b] = 0.5 * (OVP_AT(&p->D, a, b) + OVP_AT(&p->D, b, a)) - a_sum * wb[a] * wb[b] +
                     (a == b ? 0.5 + a_sum : 0.0);
    }
}

/* Entries b < d rounded down to 4 of one row of h2 (offdiagonal_block's loop), four at a time:
 * the same operations in the same order, x = m11·w_a and y = m22·p_a as that loop's left-to-right
 * products, so the same bits. Returns how many entries it wrote. */
__attribute__((target("avx2,fma"))) static size_t h2_row_avx2(double x, double m12, double wa, double pa, double y,
                                                              const double *wb, const double *pj, size_t d,
                                                              double *row)
{
    const __m256d vx = _mm256_set1_pd(x), vm12 = _mm256_set1_pd(m12), vwa = _mm256_set1_pd(wa);
    const __m256d vpa = _mm256_set1_pd(pa), vy = _mm256_set1_pd(y);
    size_t b = 0;
    for (; b + 4 <= d; b += 4) {
        const __m256d w = _mm256_loadu_pd(wb + b), q = _mm256_loadu_pd(pj + b);
        const __m256d mid = _mm256_mul_pd(vm12, _mm256_add_pd(_mm256_mul_pd(vwa, q), _mm256_mul_pd(vpa, w)));
        _mm256_storeu_pd(row + b, _mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(vx, w), mid), _mm256_mul_pd(vy, q)));
    }
    return b;
}

/* Off-diagonal block (i, j) = (j, i) = h2(w_i, w_j) for students j > i, with
 * p_j = w̄_j − cos θ w̄_i from row j of P (diagonal_block(i) left it): h2 is symmetric in
 * its matrix and in its arguments. Written at rows ri, columns rj of H and mirrored. */
static void offdiagonal_block(ovp_poprelu *p, size_t i, size_t j, ovp_mat *H, size_t ri, size_t rj)
{
    const size_t m = p->k + p->n, d = p->d;
    const double *wb = &OVP_AT(&p->Sbar, i, 0);
    const double th = p->theta[i * m + j], s = p->sn[i * m + j], c = p->cs[i * m + j];
    const double *pj = &OVP_AT(&p->P, j, 0);
    const double diag = (M_PI - th) / TWO_PI;
    const int parallel = s < OVP_POPRELU_SIN_TINY || p->norm[j] == 0.0;
    const double m11 = parallel ? 0.0 : s * c / TWO_PI, m12 = parallel ? 0.0 : s / TWO_PI;
    const double m22 = parallel ? 0.0 : -c / (s * TWO_PI);
    for (size_t a = 0; a < d; a++) {
        double *row = &OVP_AT(H, ri + a, rj);
        const double wa = wb[a], pa = pj[a];
        size_t b = p->use_fma ? h2_row_avx2(m11 * wa, m12, wa, pa, m22 * pa, wb, pj, d, row) : 0;
        for (; b < d; b++)
            row[b] = m11 * wa * wb[b] + m12 * (wa * pj[b] + pa * wb[b]) + m22 * pa * pj[b];
        row[a] += diag;
    }
    for (size_t a = 0; a < d; a++) /* block (j, i) is the same symmetric matrix */
        for (size_t b = 0; b < d; b++)
            OVP_AT(H, rj + a, ri + b) = OVP_AT(H, ri + a, rj + b);
}

/* F, the norms and, when G or H is wanted, the angles of every pair for the Hessian. Returns
 * OVP_EDOM for a non-finite W, or (*zero_neuron set) leaves the caller to refuse derivatives. */
static int value_pass(ovp_poprelu *p, const ovp_mat *W, double *F, int *zero_neuron)
{
    const size_t k = p->k, d = p->d;
    for (size_t i = 0; i < k; i++)
        memcpy(&OVP_AT(&p->S, i, 0), &OVP_AT(W, i, 0), d * sizeof(double));
    /* C = W Sᵀ: the student–student and student–teacher inner products at once;
     * its diagonal gives the norms, and is non-finite iff W has a non-finite entry. */
    gram(p);
    *zero_neuron = 0;
    for (size_t i = 0; i < k; i++) {
        double q = OVP_AT(&p->C, i, i);
        if (!isfinite(q))
            return OVP_EDOM;
        p->norm[i] = sqrt(q);
        p->inv_norm[i] = q > 0.0 ? 1.0 / p->norm[i] : 0.0;
        *zero_neuron |= q == 0.0;
    }
    *F = pair_pass(p) + p->f_teacher;
    return OVP_OK;
}

/* The Hessian's inputs beyond the pair pass: the lower angles and the normalised rows. */
static void hessian_setup(ovp_poprelu *p)
{
    mirror_angles(p);
    for (size_t i = 0; i < p->k; i++)
        normalise_row(p, i);
}

int ovp_poprelu_eval(ovp_poprelu *p, const ovp_mat *W, double *F, ovp_mat *G, ovp_mat *H)
{
    const size_t k = p->k, d = p->d;
    if (W->rows != k || W->cols != d || (G && (G->rows != k || G->cols != d)) ||
        (H && (H->rows != k * d || H->cols != k * d)))
        return OVP_EINVAL;
    int zero_neuron, st = value_pass(p, W, F, &zero_neuron);
    if (st || (!G && !H))
        return st;
    if (zero_neuron)
        return OVP_EDOM;
    if (G)
        gradient(p, G);
    if (H) {
        hessian_setup(p);
        for (size_t i = 0; i < k; i++) {
            diagonal_block(p, i, H, i * d);
            for (size_t j = i + 1; j < k; j++)
                offdiagonal_block(p, i, j, H, i * d, j * d);
        }
    }
    return OVP_OK;
}

int ovp_poprelu_eval_pair(ovp_poprelu *p, const ovp_mat *W, size_t i, size_t j, double *F, ovp_mat *G,
                          ovp_mat *B)
{
    const size_t k = p->k, d = p->d;
    if (W->rows != k || W->cols != d || G->rows != k || G->cols != d || B->rows != 2 * d || B->cols != 2 * d ||
        !(i < j && j < k))
        return OVP_EINVAL;
    int zero_neuron, st = value_pass(p, W, F, &zero_neuron);
    if (st)
        return st;
    if (zero_neuron)
        return OVP_EDOM;
    gradient(p, G);
    hessian_setup(p);
    diagonal_block(p, i, B, 0); /* leaves the p_u of w_i in P for block (i, j) */
    offdiagonal_block(p, i, j, B, 0, d);
    diagonal_block(p, j, B, d);
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
