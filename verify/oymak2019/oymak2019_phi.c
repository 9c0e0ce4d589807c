/* verify/oymak2019/oymak2019_phi.c: Theorem 2, the random ReLU features Φ = relu(WXᵀ).
 *
 * For each n, inputs uniform on S^{d−1} (or the user's, normalised),
 * α² = λ_min of the degree-1 arc-cosine kernel matrix (range-limited dsyevr).
 * One task per (n, seed) draws W (k_max×d) once; the widths k of the grid are
 * its first k rows, so Φᵀ(k) = relu(XWᵀ) is a column prefix of one n×k_max
 * matrix. At each k: σ_min and σ_max of Φ by dgesdd (values only; from k ≥ n on,
 * of the n×n triangular factor R of Φ, grown across the widths by ovp_qrupdate_append:
 * 2·k_max·n² flops for all R instead of a k×n QR or bidiagonalisation per
 * width; for large n certified by ovp_qrupdate_sigma_ends when that is accurate
 * enough), full rank, σ_min/√k ≥ α/2,
 * and the output-layer fit v† = Φ(ΦᵀΦ)⁻¹y (two triangular solves with R). k* is the
 * smallest grid width from which the bound holds for every seed. */
#include "oymak2019_internal.h"
#include "angle.h"
#include "dataset.h"
#include "gram.h"
#include "linalg.h"
#include "lsq.h"
#include "qrupdate.h"
#include "rng.h"
#include "stats.h"
#include "status.h"

#include "theorems/oymak2019.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double oymak2019_rank_tol(size_t k, size_t n, double sigma_max)
{
    return (double)(k > n ? k : n) * DBL_EPSILON * sigma_max;
}

/* v† = Φ(ΦᵀΦ)⁻¹y by the (semi-)normal equations fits y up to about (k + n)·ε·κ(Φ)² (RᵀR,
 * R the Householder factor of Φ: within γ_{kn} of ‖Φ‖² of ΦᵀΦ, as forming ΦᵀΦ would be;
 * the triangular solves: γ_n; times κ(ΦᵀΦ) = κ(Φ)², Higham §20.4 and §19.3); at the
 * ci sweep's largest width that is ≤ 2e-9 (κ(Φ)² ≲ 6e3, reported in P2.T2.fit's note),
 * and a rank-deficient Φ misses by O(1). The bound used is max(FIT_TOL, (k + n)·ε·κ²)
 * when every seed's Φ is numerically full rank (so an ill-conditioned Φ is not failed
 * for the solve's rounding; a skip when that reaches 1), FIT_TOL alone otherwise
 * (κ is then not finite and P2.T2.rank fails). */
#define FIT_TOL 1e-8

/* P2.T2.gd's rounding allowance, relative to ‖v†‖: (k + n)·ε·(2T + κ(Φ)²). The reference
 * v† comes from the normal equations, accurate to about (k + n)·ε·κ(Φ)² relative (as
 * for FIT_TOL above); each GD step forms Φᵀv − y and Φr by dot products of length
 * ≤ max(k, n), adding at most ~2(k + n)·ε·‖v†‖ (η‖Φ‖² = 1 and ‖y‖ ≤ σ_max‖v†‖), and
 * an error made at step t is only contracted afterwards (‖I − ηΦΦᵀ‖ ≤ 1 on range(Φ)),
 * so T steps add ≤ 2T(k + n)·ε. About 2e-9 at the ci sweep's largest width. */
static double gd_allowance(double k, double n, double T, double cond)
{
    return (k + n) * DBL_EPSILON * (2.0 * T + cond * cond);
}

static size_t grid_width(size_t n, double ratio)
{
    double k = round(ratio * (double)n);
    return k < 1 ? 1 : (size_t)k;
}

/* ---------------------------------------------------------------- sweep setup */

void oymak2019_sweep_free(oymak2019_state *s)
{
    for (size_t a = 0; a < s->n_sets; a++) {
        ovp_mat_free(&s->sets[a].X);
        free(s->sets[a].y);
    }
    free(s->sets);
    s->sets = NULL;
    s->n_sets = 0;
}

/* The pair of rows of X closest to opposite, by K = XXᵀ (full or upper): the pair with the
 * most negative cosine, its angle that of x_i and −x_j (kernels/numerics/angle.h, from the vectors),
 * antiparallel when that angle is within its rounding error of 0. tmp: d doubles. */
static void closest_antiparallel(const ovp_mat *X, const ovp_mat *K, double *tmp, ovp_pair *p)
{
    double best = 2.0;
    *p = (ovp_pair){0};
    for (size_t i = 0; i < K->rows; i++)
        for (size_t j = i + 1; j < K->cols; j++) {
            double nn = sqrt(OVP_AT(K, i, i) * OVP_AT(K, j, j));
            double c = nn > 0.0 ? OVP_AT(K, i, j) / nn : 1.0;
            if (c < best) {
                best = c;
                p->i = i;
                p->j = j;
                p->found = 1;
            }
        }
    if (!p->found)
        return;
    for (size_t a = 0; a < X->cols; a++)
        tmp[a] = -OVP_AT(X, p->j, a);
    p->theta = ovp_angle_direct(&OVP_AT(X, p->i, 0), tmp, X->cols);
    p->parallel = p->theta <= ovp_angle_error_bound(p->theta, X->cols);
}

/* An upper bound on max_{i≠j} |cos(x_i, x_j)| from K = XXᵀ (upper triangle) as computed for
 * d-entry rows: K̂_ij is within γ_d‖x_i‖‖x_j‖ of x_iᵀx_j, K̂_ii within γ_d‖x_i‖², so the
 * computed cosine K̂_ij/√(K̂_ii K̂_jj) is within γ_{2d+4} of the exact one; γ_{2d+8} is added
 * (the last addition's rounding included). *norm2_lower: a lower bound on min_i ‖x_i‖². */
static double cos_max_upper(const ovp_mat *K, size_t d, double *norm2_lower)
{
    const double u = DBL_EPSILON / 2.0, g_cos = (2.0 * (double)d + 8.0) * u / (1.0 - (2.0 * (double)d + 8.0) * u);
    double c_max = 0.0, n2 = INFINITY;
    for (size_t i = 0; i < K->rows; i++) {
        n2 = fmin(n2, OVP_AT(K, i, i));
        for (size_t j = i + 1; j < K->cols; j++) {
            double nn = sqrt(OVP_AT(K, i, i) * OVP_AT(K, j, j));
            c_max = fmax(c_max, nn > 0.0 ? fabs(OVP_AT(K, i, j)) / nn : INFINITY);
        }
    }
    *norm2_lower = n2 * (1.0 - (double)(d + 1) * DBL_EPSILON);
    return c_max + g_cos;
}

/* Inputs, labels and α² of one sample size. */
static int sweep_set(const oymak2019_config *c, size_t n, size_t d, oymak2019_sweep_set *set, char *err,
                     size_t errlen)
{
    set->n = n;
    ovp_mat K = {0};
    ovp_work ws = {0};
    double *w = malloc((n > d ? n : d) * sizeof *w);
    int st = ovp_mat_alloc(n, d, &set->X);
    if (!st)
        st = ovp_mat_alloc(n, n, &K);
    if (!st && (!w || !(set->y = malloc(n * sizeof *set->y))))
        st = OVP_ENOMEM;
    if (!st && c->X) {
        memcpy(set->X.data, c->X, n * d * sizeof(double));
        memcpy(set->y, c->y, n * sizeof(double));
    } else if (!st) {
        char key[48];
        snprintf(key, sizeof key, "sweep data n=%zu", n);
        gsl_rng *g = ovp_rng_stream("oymak2019", key, c->seed);
        if (!g) {
            st = OVP_ENOMEM;
        } else {
            ovp_rng_sphere_rows(g, &set->X);
            ovp_rng_gaussian(g, 1.0, set->y, n);
            gsl_rng_free(g);
        }
    }
    if (!st)
        st = ovp_gram_inner(&set->X, &K);
    if (!st) {
        ovp_dataset_closest_pair(&set->X, &K, &set->parallel);
        closest_antiparallel(&set->X, &K, w, &set->antiparallel);
        /* α² ≥ min_i ‖x_i‖² λ_min(k(c_ij)) (K = D k(C) D, D = diag ‖x_i‖); 1 − 2ε for the product */
        double norm2_lower;
        set->cos_max = cos_max_upper(&K, d, &norm2_lower);
        set->alpha2_lower = norm2_lower * oymak2019_arccos1_lower((double)n, set->cos_max) * (1.0 - 2.0 * DBL_EPSILON);
        ovp_mat A = {0};
        if (!(st = ovp_gram_arccos1(&set->X, &K, &K)) && !(st = ovp_mat_alloc(n, n, &A))) {
            if (!(st = ovp_mat_copy(&K, &A)))
                st = ovp_linalg_eig_end(&A, 0, &ws, &set->alpha2);
            if (!st)
                st = ovp_linalg_eig_end(&K, 1, &ws, &set->kernel_lambda_max);
            ovp_mat_free(&A);
        }
        if (st)
            snprintf(err, errlen, "eigenvalues of the arc-cosine kernel (n = %zu): %s (info %d)", n,
                     ovp_status_str(st), ovp_status_lapack_info());
    }
    ovp_mat_free(&K);
    ovp_work_free(&ws);
    free(w);
    if (st || !c->refuse_degenerate)
        return st;
    double bound = ovp_gram_lambda_error(n, set->X.cols, set->kernel_lambda_max);
    if (!(set->alpha2 > bound)) {
        ovp_dataset_degenerate_message(&set->parallel, "alpha^2 = lambda_min(arc-cosine kernel)", set->alpha2, bound,
                                       "Assumption 4 (P2.T2) cannot be established on these data", err, errlen);
        return OVP_EDATA;
    }
    return OVP_OK;
}

int oymak2019_sweep_setup(ovp_run *r, oymak2019_state *s, char *err, size_t errlen)
{
    const oymak2019_config *c = &s->cfg;
    size_t count = c->X ? 1 : c->n_sweep, d = c->X ? c->d_data : c->sweep_d;
    if (count == 0 || c->n_ratios == 0 || c->seeds == 0 || d == 0) {
        snprintf(err, errlen, "the sweep needs sample sizes, ratios, seeds and d >= 1");
        return OVP_EINVAL;
    }
    if (!(s->sets = calloc(count, sizeof *s->sets)))
        return OVP_ENOMEM;
    s->n_sets = count;
    for (size_t a = 0; a < count; a++) {
        int st = sweep_set(c, c->X ? c->n_data : (size_t)c->sweep_n[a], d, &s->sets[a], err, errlen);
        if (st)
            return st;
    }
    s->n_sweep_tasks = count * c->seeds;
    ovp_run_param_list(r, "sweep_n", c->sweep_n, c->X ? 0 : c->n_sweep);
    ovp_run_param_num(r, "sweep_d", (double)d);
    ovp_run_param_list(r, "ratios", c->ratios, c->n_ratios);
    ovp_run_param_num(r, "seeds", (double)c->seeds);
    ovp_run_param_str(r, "sweep_model", c->X ? "user file (rows normalised)"
                                             : "x uniform on S^{d-1}, y ~ N(0,1), W iid N(0,1)");
    return OVP_OK;
}

void oymak2019_sweep_label(const void *state, size_t i, char *buf, size_t len)
{
    const oymak2019_state *s = state;
    snprintf(buf, len, "sweep n=%zu seed=%zu", s->sets[i / s->cfg.seeds].n, i % s->cfg.seeds);
}

/* ---------------------------------------------------------------- sweep task */

typedef struct {
    ovp_mat W, PhiT, S, R, F; /* R: Φ's triangular factor, column-major n×n; S, F: n×n scratch */
    size_t r_rows;             /* rows of Φ (neurons) R is the factor of */
    double prev_smin;          /* σ_min(R) at the last width */
    double *v, *c, *res, *sv, *vg;
    unsigned char *holds;
    ovp_work ws;
    gsl_rng *rng;
} sweep_mem;

static void sweep_mem_free(sweep_mem *m)
{
    ovp_mat *mats[] = {&m->W, &m->PhiT, &m->S, &m->R, &m->F};
    for (size_t q = 0; q < 5; q++)
        ovp_mat_free(mats[q]);
    free(m->v);
    free(m->c);
    free(m->res);
    free(m->sv);
    free(m->vg);
    free(m->holds);
    ovp_work_free(&m->ws);
    if (m->rng)
        gsl_rng_free(m->rng);
}

/* ‖Φᵀv† − y‖/‖y‖ for v† = Φ(ΦᵀΦ)⁻¹y; ∞ when ΦᵀΦ is singular (k < n, or R has a zero
 * diagonal). ΦᵀΦ = RᵀR with R this width's triangular factor (prefix_sigma, called first):
 * two triangular solves (the semi-normal equations) instead of forming ΦᵀΦ (n²k flops) and
 * its Cholesky; R is within c·k·n·u·‖Φ‖ of an exact factor, so RᵀR is as close to ΦᵀΦ as
 * the formed product and FIT_TOL's (k + n)·ε·κ(Φ)² bound stands (Higham §20.4 for both). */
static int fit_residual(const ovp_mat *P, const double *y, sweep_mem *m, double *fit)
{
    const size_t n = P->rows;
    *fit = INFINITY;
    if (n > P->cols)
        return OVP_OK;
    for (size_t q = 0; q < n; q++)
        if (m->R.data[q * n + q] == 0.0)
            return OVP_OK;
    memcpy(m->c, y, n * sizeof(double));
    cblas_dtrsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, (int)n, m->R.data, (int)n, m->c, 1);
    cblas_dtrsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, (int)n, m->R.data, (int)n, m->c, 1);
    memset(m->v, 0, P->cols * sizeof(double));
    int st = ovp_lsq_gd_step(P, m->c, -1.0, m->v); /* v = Φ c, c = (ΦᵀΦ)⁻¹y */
    if (st || (st = ovp_lsq_residual(P, y, m->v, m->res)))
        return st;
    *fit = cblas_dnrm2((int)P->rows, m->res, 1) / cblas_dnrm2((int)P->rows, y, 1);
    return OVP_OK;
}

/* ovp_qrupdate_sigma_ends against dgesdd of R, one BLAS thread (2026-12-01, Cooperlake): 0.5×
 * as fast at n = 200, 1.15× at 400, 1.9× at 600, 2.1× at 800 (its Krylov and LAPACK overheads
 * are O(n²) to dgesdd's n³). */
#define SIGMA_ENDS_MIN_N 512

/* σ_min and σ_max of P = Φᵀ(k) (n×k), a column prefix of m->PhiT, the widths ascending between
 * calls; *smin = 0 when k < n. k < n: dgesdd of P. k ≥ n: Φ(k) = QR, so σ(Φ(k)) = σ(R); R is
 * brought from the previous width's rows to k by appending Φ's new rows (P's new columns,
 * contiguous in the column-major view of the row-major PhiT). Backward stable (qrupdate.h):
 * σ(R) within c·k·n·u·‖Φ‖_F of σ(Φ(k)). Then, for n ≥ SIGMA_ENDS_MIN_N, the ends of σ(R)
 * come from ovp_qrupdate_sigma_ends when its certified half-width is at most k·n·u·‖R‖_F
 * (so the values stay within (c + 1)·k·n·u·‖Φ‖_F of σ(Φ(k))) and the rank test's decision
 * is certified (σ_min's lower end above the tolerance taken at σ_max's upper end); otherwise
 * from dgesdd of the n×n R, as before. The certificate is only tried when the previous
 * width's σ_min (≤ this one's: appending rows raises every σ_i) forecasts that it fits (the
 * σ_min half-width is about 2(n+2)u‖R‖_F²/σ_min, measured ≤ 0.75 of that), so near k = n,
 * and for rank-deficient Φ, dgesdd is called directly. */
static int prefix_sigma(const ovp_mat *P, sweep_mem *m, double *smin, double *smax)
{
    const size_t n = P->rows, k = P->cols;
    if (k < n) {
        ovp_mat S = ovp_mat_view(m->S.data, n, k);
        for (size_t q = 0; q < n; q++)
            memcpy(&OVP_AT(&S, q, 0), &OVP_AT(P, q, 0), k * sizeof(double));
        int st = ovp_linalg_svd_values(&S, m->sv, &m->ws);
        *smin = 0.0;
        *smax = st ? NAN : m->sv[0];
        return st;
    }
    if (k < m->r_rows)
        return OVP_EINVAL; /* the widths must ascend */
    int st = ovp_qrupdate_append(m->R.data, n, P->data + m->r_rows, k - m->r_rows, P->ld, &m->ws);
    if (st)
        return st;
    const int grown = m->r_rows >= n; /* a previous width had k ≥ n: its σ_min is m->prev_smin */
    m->r_rows = k;
    if (n >= SIGMA_ENDS_MIN_N && grown && m->prev_smin > 0.0) {
        const double u = DBL_EPSILON / 2.0;
        double fro2 = 0.0; /* ‖R‖_F² (= ‖Φ(k)‖_F² up to the QR's backward error) */
        for (size_t j = 0; j < n; j++)
            fro2 += cblas_ddot((int)(j + 1), m->R.data + j * n, 1, m->R.data + j * n, 1);
        const double budget = (double)k * (double)n * u * sqrt(fro2) * (1.0 - (double)n * u);
        const double forecast = 2.0 * ((double)n + 2.0) * u * fro2 / m->prev_smin;
        if (forecast <= budget) {
            ovp_qrupdate_ends e;
            if ((st = ovp_qrupdate_sigma_ends(m->R.data, n, budget, &m->S, &m->F, &m->ws, &e)))
                return st;
            if (e.certified && e.half_width <= budget && e.smin_lo > oymak2019_rank_tol(k, n, e.smax_hi)) {
                *smin = m->prev_smin = e.smin;
                *smax = e.smax;
                return OVP_OK;
            }
        }
    }
    memcpy(m->S.data, m->R.data, n * n * sizeof(double));
    ovp_mat S = ovp_mat_view(m->S.data, n, n); /* row-major view of R: Rᵀ, the same σ */
    if ((st = ovp_linalg_svd_values(&S, m->sv, &m->ws)))
        return st;
    *smin = m->prev_smin = m->sv[n - 1];
    *smax = m->sv[0];
    return OVP_OK;
}

int oymak2019_sweep_task(const void *state, size_t i, ovp_task_out *out)
{
    const oymak2019_state *s = state;
    const oymak2019_config *c = &s->cfg;
    const oymak2019_sweep_set *set = &s->sets[i / c->seeds];
    const size_t seed = i % c->seeds, n = set->n, d = set->X.cols, nr = c->n_ratios;
    const size_t kmax = grid_width(n, c->ratios[nr - 1]);
    const double half_alpha = oymak2019_sigma_bound(sqrt(fmax(set->alpha2, 0.0)));
    char key[64];
    snprintf(key, sizeof key, "sweep n=%zu seed=%zu", n, seed);
    sweep_mem m = {0};
    int st = ovp_mat_alloc(kmax, d, &m.W);
    if (!st)
        st = ovp_mat_alloc(n, kmax, &m.PhiT);
    if (!st)
        st = ovp_mat_alloc(n, n, &m.S);
    if (!st && n >= SIGMA_ENDS_MIN_N)
        st = ovp_mat_alloc(n, n, &m.F); /* ovp_qrupdate_sigma_ends' scratch */
    if (!st && !(st = ovp_mat_alloc(n, n, &m.R)))
        memset(m.R.data, 0, n * n * sizeof(double)); /* the factor of no rows; lower part stays 0 */
    if (!st && (!(m.v = malloc(kmax * sizeof(double))) ||
                !(m.c = malloc(n * sizeof(double))) || !(m.res = malloc(n * sizeof(double))) ||
                !(m.sv = malloc(n * sizeof(double))) || !(m.holds = calloc(nr, 1)) ||
                !(m.vg = malloc(kmax * sizeof(double))) ||
                !(m.rng = ovp_rng_stream("oymak2019", key, c->seed))))
        st = OVP_ENOMEM;
    if (st) {
        sweep_mem_free(&m);
        return ovp_task_fail(out, st, "allocating the sweep at n=%zu k=%zu: %s", n, kmax, ovp_status_str(st));
    }
    ovp_rng_gaussian_mat(m.rng, 1.0, &m.W);
    st = ovp_net1_features(OVP_ACT_RELU, &set->X, &m.W, &m.PhiT); /* Φᵀ = relu(XWᵀ), n×k_max */
    double top_sigma = NAN, top_full = NAN, top_fit = NAN, top_cond = NAN, top_smin = NAN, top_smax = NAN;
    double first_full = NAN, first_k = NAN, fit_full_max = 0.0; /* at the first k ≥ n; over full rank */
    for (size_t j = 0; j < nr && !st; j++) {
        const size_t k = grid_width(n, c->ratios[j]);
        ovp_mat P = {m.PhiT.data, n, k, kmax}; /* Φᵀ of the first k neurons */
        double fit, smin, smax;
        if ((st = prefix_sigma(&P, &m, &smin, &smax)) || (st = fit_residual(&P, set->y, &m, &fit)))
            break;
        const double rk = sqrt((double)k);
        int full = k >= n && smin > oymak2019_rank_tol(k, n, smax);
        m.holds[j] = smin / rk >= half_alpha;
        ovp_task_row(out, T_SWEEP, 11,
                     (double[]){(double)n, (double)k, (double)k / (double)n, (double)seed, smin / rk,
                                smax / rk, half_alpha, m.holds[j], full, k >= n ? fit : NAN,
                                smax / smin});
        if (k >= n && isnan(first_full)) {
            first_full = full;
            first_k = (double)k;
        }
        if (full)
            fit_full_max = fmax(fit_full_max, fit);
        top_sigma = smin / rk;
        top_full = full;
        top_fit = fit;
        top_cond = smax / smin;
        top_smin = smin;
        top_smax = smax;
    }
    /* P2.T2.gd: GD on the output layer, v ← v − η Φ(Φᵀv − y) from v = 0, η = 1/σ_max², at
     * the largest width when Φ has full rank (m.v holds its v† from the loop's last
     * fit_residual). */
    double gd_err = NAN, gd_bound = NAN, gd_allow = NAN;
    if (!st && top_full == 1.0 && c->fit_gd_iters > 0) {
        ovp_mat P = {m.PhiT.data, n, kmax, kmax};
        const double eta = c->fit_step_scale / (top_smax * top_smax), T = (double)c->fit_gd_iters;
        memset(m.vg, 0, kmax * sizeof(double));
        for (size_t t = 0; t < c->fit_gd_iters && !st; t++)
            if (!(st = ovp_lsq_residual(&P, set->y, m.vg, m.res)))
                st = ovp_lsq_gd_step(&P, m.res, eta, m.vg);
        double vnorm = cblas_dnrm2((int)kmax, m.v, 1);
        cblas_daxpy((int)kmax, -1.0, m.v, 1, m.vg, 1);
        gd_err = cblas_dnrm2((int)kmax, m.vg, 1) / vnorm;
        gd_bound = oymak2019_lsq_gd_bound(top_smin, top_smax, T);
        gd_allow = gd_allowance((double)kmax, (double)n, T, top_cond);
    }
    if (st) {
        sweep_mem_free(&m);
        return ovp_task_check(out, st, "sweep n=%zu seed=%zu", n, seed);
    }
    /* k* of this seed: the smallest grid width from which the bound always held. */
    double kstar = NAN;
    for (size_t j = nr; j-- > 0 && m.holds[j];)
        kstar = (double)grid_width(n, c->ratios[j]);
    ovp_task_row(out, T_KSTAR, 5, (double[]){(double)n, (double)seed, kstar, (double)kmax, 2 * half_alpha});
    ovp_task_set(out, "n", (double)n);
    ovp_task_set(out, "kstar", kstar);
    ovp_task_set(out, "k_top", (double)kmax);
    ovp_task_set(out, "sigma_top", top_sigma);
    ovp_task_set(out, "full_top", top_full);
    ovp_task_set(out, "fit_top", top_fit);
    ovp_task_set(out, "cond_top", top_cond);
    ovp_task_set(out, "first_full", first_full);
    ovp_task_set(out, "first_k", first_k);
    ovp_task_set(out, "fit_full_max", fit_full_max);
    ovp_task_set(out, "gd_err", gd_err);
    ovp_task_set(out, "gd_bound", gd_bound);
    ovp_task_set(out, "gd_allow", gd_allow);
    sweep_mem_free(&m);
    return OVP_OK;
}

/* ---------------------------------------------------------------- sweep reduce */

typedef struct {
    double n, alpha, kstar, k_top, min_sigma, full_fraction, max_fit, max_cond;
    double first_k, first_full_fraction, fit_full_max;
} sweep_summary;

/* The seeds of one sample size, gathered. */
static sweep_summary summarise(const oymak2019_sweep_set *set, ovp_task_out *const *outs, size_t seeds)
{
    sweep_summary u = {.n = (double)set->n, .alpha = sqrt(fmax(set->alpha2, 0.0)), .kstar = -INFINITY,
                       .min_sigma = INFINITY, .max_fit = -INFINITY, .max_cond = -INFINITY,
                       .fit_full_max = 0.0};
    for (size_t q = 0; q < seeds; q++) {
        const ovp_task_out *o = outs[q];
        double ks = ovp_task_get(o, "kstar"); /* NaN (never held at the top) propagates */
        u.kstar = isnan(ks) || isnan(u.kstar) ? NAN : fmax(u.kstar, ks);
        u.k_top = ovp_task_get(o, "k_top");
        u.min_sigma = fmin(u.min_sigma, ovp_task_get(o, "sigma_top"));
        u.full_fraction += ovp_task_get(o, "full_top"); /* a count until the end */
        u.max_fit = fmax(u.max_fit, ovp_task_get(o, "fit_top"));
        u.max_cond = fmax(u.max_cond, ovp_task_get(o, "cond_top"));
        u.first_k = ovp_task_get(o, "first_k");
        u.first_full_fraction += ovp_task_get(o, "first_full");
        u.fit_full_max = fmax(u.fit_full_max, ovp_task_get(o, "fit_full_max"));
    }
    u.full_fraction /= (double)seeds;
    u.first_full_fraction /= (double)seeds;
    return u;
}

/* P2.T2.gd over the seeds whose Φ has full rank at the largest width: the seed with the
 * largest error/(bound + allowance) is the record. The error cannot exceed 1 in exact
 * arithmetic (a contraction from e_0 = −v†), so a bound of 1 or more is vacuous. */
static void gd_claim(ovp_run *r, const char *top, ovp_task_out *const *outs, size_t seeds, double step_scale)
{
    size_t ran = 0, worst = 0;
    double worst_ratio = -INFINITY;
    for (size_t q = 0; q < seeds; q++) {
        double e = ovp_task_get(outs[q], "gd_err"), b = ovp_task_get(outs[q], "gd_bound");
        double a = ovp_task_get(outs[q], "gd_allow");
        if (isnan(b))
            continue;
        ran++;
        double ratio = isnan(e) ? INFINITY : e / (b + a);
        if (ratio > worst_ratio) {
            worst_ratio = ratio;
            worst = q;
        }
    }
    if (ran == 0) {
        ovp_claim_skip(r, "P2.T2.gd", top, "no seed's Phi has certified full rank at the largest width");
        return;
    }
    double e = ovp_task_get(outs[worst], "gd_err"), b = ovp_task_get(outs[worst], "gd_bound");
    double a = ovp_task_get(outs[worst], "gd_allow");
    ovp_claim *c = ovp_claim_le_within(r, "P2.T2.gd", top, isnan(e) ? INFINITY : e, b + a, 1.0);
    if (ran == seeds && step_scale == 1.0)
        ovp_claim_regime(c, OVP_REGIME_MET, "every seed's Phi certified full rank (sigma_min > max(k, n) eps "
                         "sigma_max), step 1/sigma_max^2; worst of %zu seeds: seed %zu, rate bound %.4g + rounding "
                         "allowance (k + n) eps (2T + kappa^2) = %.2g", seeds, worst, b, a);
    else if (ran == seeds)
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "step %g/sigma_max^2, not the derivation's 1/sigma_max^2 (the "
                         "bound (1 - sigma_min^2/sigma_max^2)^T assumes it); every seed's Phi full rank; worst: "
                         "seed %zu, rate bound %.4g + rounding allowance %.2g", step_scale, worst, b, a);
    else
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "full rank certified for %zu of %zu seeds only (GD run on "
                         "those); worst: seed %zu, rate bound %.4g + rounding allowance %.2g", ran, seeds, worst,
                         b, a);
}

static void sweep_claims(ovp_run *r, const oymak2019_sweep_set *set, const sweep_summary *u,
                         ovp_task_out *const *outs, size_t seeds, double fit_step_scale)
{
    char scope[48], top[64];
    snprintf(scope, sizeof scope, "n=%zu", set->n);
    snprintf(top, sizeof top, "n=%zu k=%.0f", set->n, u->k_top);
    /* α² > 0 is established when the computed α² exceeds its rounding error: the
     * kernel's entries (angle.h, as for H∞) and the eigensolver, by Weyl; the same
     * bound refuses degenerate --data.
     * Hypotheses-met only when a certified lower bound on α², computed apart from the record's
     * dsyevr (theorems/oymak2019.h: relu's Hermite series is a sum of PSD terms μ_k² C^{∘k},
     * and Gershgorin on its tail from k0 on, given max |cos| ≤ cos_max < 1), exceeds twice the
     * floor: the computed α² (within a4_err of the exact one) then cannot fall below a4_err,
     * and a FAIL is a bug, not rounding. Parallel or antiparallel inputs give cos_max ≥ 1 and
     * no bound (antiparallel pairs can make K singular: relu(t) − relu(−t) = t, so the
     * features of ±x, ±y, ±(x+y)/‖x+y‖ are linearly dependent). */
    const double a4_err = ovp_gram_lambda_error(set->n, set->X.cols, set->kernel_lambda_max);
    ovp_claim *c = ovp_claim_ge(r, "P2.T2.A4", scope, set->alpha2, a4_err);
    if (set->alpha2_lower > 2.0 * a4_err)
        ovp_claim_regime(c, OVP_REGIME_MET, "alpha^2 >= %.4g certified (Hermite tail of relu + Gershgorin, max |cos| "
                         "<= %.6g) > 2 x floor; alpha = %.4g; floor: alpha^2's error bound (kernel entries and "
                         "eigensolver, Weyl), lambda_max = %.4g", set->alpha2_lower, set->cos_max, u->alpha,
                         set->kernel_lambda_max);
    else
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "alpha^2 certified only >= %.3g (max |cos| <= %.6g%s), not above "
                         "2 x floor = %.3g; alpha = %.4g, lambda_max = %.4g", set->alpha2_lower, set->cos_max,
                         set->cos_max >= 1.0 ? ": two inputs (anti)parallel within rounding" : "", 2.0 * a4_err,
                         u->alpha, set->kernel_lambda_max);
    if (set->parallel.parallel)
        ovp_claim_note(c, "inputs %zu and %zu are parallel: the kernel matrix has two equal rows",
                       set->parallel.i + 1, set->parallel.j + 1);
    if (set->antiparallel.parallel)
        ovp_claim_note(c, "inputs %zu and %zu are antiparallel", set->antiparallel.i + 1,
                       set->antiparallel.j + 1);
    const double need = oymak2019_width_t2(u->n, u->k_top, u->alpha);
    const char *why = "Theorem 2 needs k >= C n log(n) log(k)/alpha^2 (C unspecified; with C = 1: %.3g, "
                      "here k = %.0f = %.2f n) and holds w.p. 1 - n^-100 - k^-100 (%zu seeds)";
    c = ovp_claim_ge(r, "P2.T2", top, u->min_sigma, oymak2019_sigma_bound(u->alpha));
    ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, why, need, u->k_top, u->k_top / u->n, seeds);
    gd_claim(r, top, outs, seeds, fit_step_scale);
    c = ovp_claim_ge(r, "P2.T2.rank", top, u->full_fraction, 1.0);
    ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "fraction of %zu seeds with sigma_min > max(k, n) eps "
                                              "sigma_max", seeds);
    const double fit_round = (u->k_top + u->n) * DBL_EPSILON * u->max_cond * u->max_cond;
    const int full = u->full_fraction >= 1.0;
    if (full && !(fit_round < 1.0)) {
        ovp_claim_skip(r, "P2.T2.fit", top, "vacuous: the normal equations' rounding (k + n) eps kappa(Phi)^2 = "
                       "%.3g >= 1 (observed %.3g)", fit_round, u->max_fit);
        return;
    }
    c = ovp_claim_le(r, "P2.T2.fit", top, u->max_fit, full ? fmax(FIT_TOL, fit_round) : FIT_TOL);
    ovp_claim_regime(c, OVP_REGIME_EMPIRICAL, "max relative residual ||Phi' v - y||/||y|| over %zu seeds; "
                                              "normal equations: rounding (k + n) eps kappa(Phi)^2 = %.2g%s",
                     seeds, fit_round, full ? "; bound max(1e-8, rounding)"
                                            : "; some Phi numerically rank-deficient: bound 1e-8");
}

int oymak2019_sweep_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n)
{
    const oymak2019_state *s = state;
    if (n == 0) /* this part was not asked for (--only) */
        return OVP_OK;
    const size_t seeds = s->cfg.seeds, count = s->n_sets;
    sweep_summary *u = calloc(count, sizeof *u);
    double *logn = calloc(2 * count, sizeof *logn), *logk = logn + count;
    if (!u || !logn) {
        free(u);
        free(logn);
        return OVP_ENOMEM;
    }
    for (size_t a = 0; a < count; a++) {
        const oymak2019_sweep_set *set = &s->sets[a];
        u[a] = summarise(set, outs + a * seeds, seeds);
        sweep_claims(r, set, &u[a], outs + a * seeds, seeds, s->cfg.fit_step_scale);
        {
            double emax = -INFINITY, qmax = -INFINITY; /* over the seeds GD ran on */
            for (size_t q = 0; q < seeds; q++) {
                const ovp_task_out *o = outs[a * seeds + q];
                double e = ovp_task_get(o, "gd_err"), bd = ovp_task_get(o, "gd_bound");
                if (!isnan(bd)) {
                    emax = fmax(emax, e);
                    qmax = fmax(qmax, e / (bd + ovp_task_get(o, "gd_allow")));
                }
            }
            if (isfinite(emax)) {
                ovp_run_quantity(r, emax, "gd_v_error_max_n%zu", set->n);
                ovp_run_quantity(r, qmax, "gd_v_error_over_bound_max_n%zu", set->n);
            }
        }
        logn[a] = log(u[a].n);
        logk[a] = log(u[a].kstar);
        ovp_run_quantity(r, u[a].alpha, count == 1 ? "alpha" : "alpha_n%zu", set->n);
        ovp_run_quantity(r, u[a].kstar, "kstar_n%zu", set->n);
        ovp_run_quantity(r, u[a].kstar / u[a].n, "kstar_over_n_n%zu", set->n);
        ovp_run_quantity(r, u[a].min_sigma / oymak2019_sigma_bound(u[a].alpha),
                         "sigma_top_over_half_alpha_n%zu", set->n);
        ovp_run_quantity(r, u[a].first_k, "first_k_ge_n_n%zu", set->n);
        ovp_run_quantity(r, u[a].first_full_fraction, "full_rank_fraction_first_k_ge_n_n%zu", set->n);
        ovp_run_quantity(r, u[a].fit_full_max, "fit_residual_max_full_rank_n%zu", set->n);
    }
    /* The growth of k* over n log n, from the smallest to the largest n. */
    size_t lo = 0, hi = 0;
    for (size_t a = 1; a < count; a++) {
        lo = u[a].n < u[lo].n ? a : lo;
        hi = u[a].n > u[hi].n ? a : hi;
    }
    char scope[64];
    snprintf(scope, sizeof scope, "n=%.0f vs n=%.0f", u[hi].n, u[lo].n);
    if (count < 2) {
        ovp_claim_skip(r, "P2.T2.k", "", "one sample size: no growth to measure");
    } else if (!isfinite(u[lo].kstar) || !isfinite(u[hi].kstar)) {
        ovp_claim_skip(r, "P2.T2.k", scope, "k* not reached within the width grid (k <= %.0f n)",
                       s->cfg.ratios[s->cfg.n_ratios - 1]);
    } else {
        double c_lo = u[lo].kstar / (u[lo].n * log(u[lo].n)), c_hi = u[hi].kstar / (u[hi].n * log(u[hi].n));
        ovp_claim *c = ovp_claim_le(r, "P2.T2.k", scope, c_hi / c_lo, 1.0);
        ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                         "k*/(n log n) = %.3g at n = %.0f, %.3g at n = %.0f; Theorem 2's own scale "
                         "n log(n) log(k)/alpha^2 grows faster (alpha falls with n at fixed d)",
                         c_hi, u[hi].n, c_lo, u[lo].n);
        double slope, icpt;
        ovp_stats_fit_line(logn, logk, count, &slope, &icpt);
        ovp_run_quantity(r, slope, "kstar_loglog_slope_vs_n");
    }
    free(u);
    free(logn);
    return OVP_OK;
}
