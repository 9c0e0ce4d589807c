/* kernels/models/relu2.c: two-layer ReLU network, primal and sample-space GD. */
#include "relu2.h"
#include "blasinfo.h"
#include "linalg.h"
#include "samplegd.h"
#include "status.h"

#include <cblas.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
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

/* u_i for the rows i0.. i0+3 of Z (fewer at the end): four sums side by side, each in
 * row_output's order (so the same values), hide the latency of the dependent adds, which
 * bounds a single row's sum. Called at every fourth row, so the rows stay in cache for
 * the sweep that follows. */
static void block_output(const ovp_mat *Z, size_t i0, const double *a, double inv_sqrt_m, double *u)
{
    const size_t m = Z->cols;
    if (i0 + 4 > Z->rows) {
        for (size_t i = i0; i < Z->rows; i++)
            u[i] = row_output(&OVP_AT(Z, i, 0), a, m, inv_sqrt_m);
        return;
    }
    const double *z0 = &OVP_AT(Z, i0, 0), *z1 = &OVP_AT(Z, i0 + 1, 0), *z2 = &OVP_AT(Z, i0 + 2, 0),
                 *z3 = &OVP_AT(Z, i0 + 3, 0);
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (size_t r = 0; r < m; r++) {
        s0 += a[r] * relu(z0[r]);
        s1 += a[r] * relu(z1[r]);
        s2 += a[r] * relu(z2[r]);
        s3 += a[r] * relu(z3[r]);
    }
    u[i0] = s0 * inv_sqrt_m, u[i0 + 1] = s1 * inv_sqrt_m, u[i0 + 2] = s2 * inv_sqrt_m, u[i0 + 3] = s3 * inv_sqrt_m;
}

/* Pairs of doubles (GCC/Clang vector extensions) for the masked passes: on the x86-64
 * baseline GCC turns 1{z ≥ 0}·v into a branch, mispredicted on half the entries (5 ns an
 * entry); masks keep the pass at memory speed. Elementwise, so the values are those of
 * the scalar expressions, except that an inactive entry is +0 where (0·c)·a gave ±0. */
typedef double v2d __attribute__((vector_size(16)));
typedef int64_t v2i __attribute__((vector_size(16)));

static inline v2d load2(const double *p)
{
    v2d v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void store2(double *p, v2d v) { memcpy(p, &v, sizeof v); }

/* All ones where z ≥ 0 (the pattern), zero elsewhere. */
static inline v2i active2(v2d z) { return z >= (v2d){0.0, 0.0}; }

static inline v2d keep2(v2i mask, v2d v) { return (v2d)((v2i)v & mask); }

/* b_r = c·a_r where z_r ≥ 0, else 0: B's row. */
static void masked_row(const double *z, const double *a, double c, double *b, size_t m)
{
    const v2d cv = {c, c};
    size_t r = 0;
    for (; r + 2 <= m; r += 2)
        store2(b + r, keep2(active2(load2(z + r)), cv * load2(a + r)));
    for (; r < m; r++)
        b[r] = z[r] >= 0.0 ? c * a[r] : 0.0;
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
        if (i % 4 == 0)
            block_output(Z, i, a, inv_sqrt_m, u);
        if (!y)
            continue;
        double res = u[i] - y[i], c = res * inv_sqrt_m;
        residual_sq += res * res;
        if (B)
            masked_row(z, a, c, &OVP_AT(B, i, 0), m);
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

/* ---------------------------------------------------------------- GD, either form */

/* B = Aᵀ (shapes checked by the callers). */
static void transpose(const ovp_mat *A, ovp_mat *B)
{
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < A->cols; j++)
            OVP_AT(B, j, i) = OVP_AT(A, i, j);
}

ovp_relu2_gd_form ovp_relu2_gd_cheaper(size_t n, size_t d)
{
    return 2 * d < n ? OVP_RELU2_GD_PRIMAL : OVP_RELU2_GD_SAMPLE; /* 4ndm < 2n²m */
}

int ovp_relu2_gd_alloc_form(size_t n, size_t d, size_t m, ovp_relu2_gd_form form, int tracking, ovp_relu2_gd *s)
{
    const int primal = form == OVP_RELU2_GD_PRIMAL;
    *s = (ovp_relu2_gd){.n = n, .m = m, .d = d, .form = primal ? OVP_RELU2_GD_PRIMAL : OVP_RELU2_GD_SAMPLE,
                        .tracking = tracking != 0};
    /* n×m: Z always, B in sample space (the primal pass writes B over Z, which the step then
     * recomputes: one n×m array less to stream); tracked, Z0 and P, and E in sample space only */
    struct {
        ovp_mat *M;
        size_t rows, cols;
        int need;
    } mats[] = {
        {&s->Z, n, m, 1},          {&s->B, n, m, !primal},     {&s->Z0, n, m, tracking},
        {&s->P, n, m, tracking},   {&s->E, n, m, tracking && !primal},
        {&s->Wt, d, m, primal},    {&s->Gt, d, m, primal},     {&s->W0t, d, m, primal && tracking},
    };
    int st = OVP_OK;
    for (size_t k = 0; k < sizeof mats / sizeof *mats && !st; k++)
        if (mats[k].need)
            st = ovp_mat_alloc(mats[k].rows, mats[k].cols, mats[k].M);
    if (!st && primal)
        s->B = s->Z;
    if (!st && (!(s->u = calloc(n, sizeof *s->u)) || !(s->rsq = calloc(n, sizeof *s->rsq))))
        st = OVP_ENOMEM;
    if (!st && tracking && (!(s->ever_flipped = calloc(n * m, 1)) || !(s->dist2 = calloc(m, sizeof *s->dist2))))
        st = OVP_ENOMEM;
    if (st)
        ovp_relu2_gd_free(s);
    return st;
}

int ovp_relu2_gd_alloc_untracked(size_t n, size_t m, ovp_relu2_gd *s)
{
    return ovp_relu2_gd_alloc_form(n, 0, m, OVP_RELU2_GD_SAMPLE, 0, s);
}

int ovp_relu2_gd_alloc(size_t n, size_t m, ovp_relu2_gd *s)
{
    return ovp_relu2_gd_alloc_form(n, 0, m, OVP_RELU2_GD_SAMPLE, 1, s);
}

void ovp_relu2_gd_free(ovp_relu2_gd *s)
{
    if (s->B.data == s->Z.data) /* the primal form's B is Z */
        s->B = (ovp_mat){0};
    ovp_mat *mats[] = {&s->Z, &s->Z0, &s->E, &s->B, &s->P, &s->Wt, &s->W0t, &s->Gt};
    for (size_t k = 0; k < sizeof mats / sizeof *mats; k++)
        ovp_mat_free(mats[k]);
    free(s->ever_flipped);
    free(s->u);
    free(s->rsq);
    free(s->dist2);
    *s = (ovp_relu2_gd){0};
}

int ovp_relu2_gd_start(ovp_relu2_gd *s, const ovp_mat *X, const ovp_mat *W0)
{
    const int primal = s->form == OVP_RELU2_GD_PRIMAL;
    if (X->rows != s->n || W0->rows != s->m || (primal && (X->cols != s->d || W0->cols != s->d)))
        return OVP_EINVAL;
    int st = preactivations(X, W0, &s->Z);
    if (st)
        return st;
    size_t nm = s->n * s->m;
    if (!primal) /* the first pass reads B (E −= 0·B) before writing it; the primal B is Z */
        memset(s->B.data, 0, nm * sizeof(double));
    s->eta_pending = 0.0;
    if (primal) {
        s->X = X;
        transpose(W0, &s->Wt);
        if (s->tracking)
            transpose(W0, &s->W0t);
    }
    if (s->tracking) {
        if ((st = ovp_mat_copy(&s->Z, &s->Z0)))
            return st;
        if (!primal)
            memset(s->E.data, 0, nm * sizeof(double));
        memset(s->ever_flipped, 0, nm);
        memset(s->dist2, 0, s->m * sizeof(double));
    }
    return OVP_OK;
}

/* ---------------------------------------------------------------- the primal form's parts
 *
 * The primal pass and step split into independent parts: rows of Z (its product and the
 * pass) and columns of Wᵀ (the gradient's product and the update). ovp's own operations
 * on every entry are the same whatever the split, and the sums over rows (the residual,
 * the flip counts) are taken afterwards in row order or are integers; only the BLAS may
 * round a block's product apart from the whole (relu2.h). Parts start at multiples of 16
 * rows or columns, the register tiles of OpenBLAS's x86-64 kernels, so that they mostly
 * don't. */

#define OVP_RELU2_PART_ALIGN 16

typedef void (*part_fn)(void *ctx, size_t t, size_t parts);

/* fn(ctx, t, parts) for every t < parts, in an OpenMP parallel region (its threads persist
 * between regions: starting a thread costs ~85 µs here, a step 3-4 ms); with more than one
 * part the BLAS runs single-threaded meanwhile (each part calls it), as ovp_relu2_gd.threads
 * documents. Parts the runtime gives no thread of their own run on the threads it gave. */
static void run_parts(size_t parts, part_fn fn, void *ctx)
{
    if (parts <= 1) {
        fn(ctx, 0, 1);
        return;
    }
    const int blas = ovp_blasinfo_get_threads();
    ovp_blasinfo_set_threads(1);
#pragma omp parallel num_threads((int)parts)
    {
        const size_t team = (size_t)omp_get_num_threads();
        for (size_t t = (size_t)omp_get_thread_num(); t < parts; t += team)
            fn(ctx, t, parts);
    }
    ovp_blasinfo_set_threads(blas);
}

/* Part t of [0, len) in multiples of align (the last part takes the rest). */
static void part_range(size_t len, size_t align, size_t t, size_t parts, size_t *lo, size_t *hi)
{
    *lo = t == 0 ? 0 : len * t / parts / align * align;
    *hi = t + 1 == parts ? len : len * (t + 1) / parts / align * align;
}

static size_t parts_of(const ovp_relu2_gd *s)
{
    size_t t = s->threads > 1 ? (size_t)s->threads : 1;
    return t > OVP_RELU2_MAX_THREADS ? OVP_RELU2_MAX_THREADS : t;
}

static ovp_relu2_stats stats_of(double residual_sq, size_t flips, size_t ever, const double *dist2, size_t n,
                                size_t m)
{
    double max_dist2 = 0.0;
    for (size_t r = 0; r < m; r++)
        max_dist2 = fmax(max_dist2, dist2[r]);
    return (ovp_relu2_stats){
        .residual_sq = residual_sq,
        .pattern_flip_fraction = (double)flips / (double)(n * m),
        .pattern_ever_flipped_fraction = (double)ever / (double)(n * m),
        .max_dist_from_init = sqrt(max_dist2),
    };
}

/* One row of the tracked pass: B, the pattern P, the flips against z0 (returned) and the
 * ever-flipped bytes (their count added to *ever). Sample space (e != NULL) first applies
 * the previous step's E −= ηB and adds e_ir (z_ir − z0_ir) to dist2[r]. */
static size_t tracked_row(const double *z, const double *z0, const double *a, double c, double *b, double *p,
                          unsigned char *ev, size_t m, size_t *ever, double *e, double *dist2, double eta)
{
    const v2d cv = {c, c}, one = {1.0, 1.0}, etav = {eta, eta};
    v2i fl = {0, 0};
    size_t evc = 0, r = 0;
    for (; r + 2 <= m; r += 2) {
        const v2d zv = load2(z + r), z0v = load2(z0 + r);
        if (e) {
            const v2d e2 = load2(e + r) - etav * load2(b + r);
            store2(e + r, e2);
            store2(dist2 + r, load2(dist2 + r) + e2 * (zv - z0v));
        }
        const v2i act = active2(zv), flipped = act ^ active2(z0v);
        store2(b + r, keep2(act, cv * load2(a + r)));
        store2(p + r, keep2(act, one));
        fl -= flipped; /* −1 per flip */
        ev[r] |= (unsigned char)(flipped[0] & 1);
        ev[r + 1] |= (unsigned char)(flipped[1] & 1);
        evc += (size_t)ev[r] + ev[r + 1];
    }
    size_t flips = (size_t)(fl[0] + fl[1]);
    for (; r < m; r++) {
        if (e) {
            e[r] -= eta * b[r];
            dist2[r] += e[r] * (z[r] - z0[r]);
        }
        const int act = z[r] >= 0.0;
        const unsigned char flipped = act != (z0[r] >= 0.0);
        b[r] = act ? c * a[r] : 0.0;
        p[r] = act;
        flips += flipped;
        ev[r] |= flipped;
        evc += ev[r];
    }
    *ever += evc;
    return flips;
}

/* The primal pass over rows [i0, i1), four rows at a time (block_output's groups: the parts
 * start at multiples of 4): u_i, (u_i − y_i)² into rsq, B's rows; tracked, also P's rows,
 * the flips against Z0 and the ever-flipped bytes, counted into *flips and *ever. */
static void primal_rows(ovp_relu2_gd *s, const double *a, const double *y, size_t i0, size_t i1, size_t *flips,
                        size_t *ever)
{
    const size_t m = s->m;
    const double inv_sqrt_m = 1.0 / sqrt((double)m);
    for (size_t i = i0; i < i1; i++) {
        const double *z = &OVP_AT(&s->Z, i, 0);
        double *b = &OVP_AT(&s->B, i, 0);
        if (i % 4 == 0)
            block_output(&s->Z, i, a, inv_sqrt_m, s->u);
        double res = s->u[i] - y[i], c = res * inv_sqrt_m;
        s->rsq[i] = res * res;
        if (s->tracking)
            *flips += tracked_row(z, &OVP_AT(&s->Z0, i, 0), a, c, b, &OVP_AT(&s->P, i, 0),
                                  s->ever_flipped + i * m, m, ever, NULL, NULL, 0.0);
        else
            masked_row(z, a, c, b, m);
    }
}

typedef struct {
    ovp_relu2_gd *s;
    const double *a, *y;
    double eta;
    size_t flips[OVP_RELU2_MAX_THREADS], ever[OVP_RELU2_MAX_THREADS];
    int st[OVP_RELU2_MAX_THREADS];
} primal_job;

static void primal_pass_part(void *ctx, size_t t, size_t parts)
{
    primal_job *j = ctx;
    size_t i0, i1;
    part_range(j->s->n, OVP_RELU2_PART_ALIGN, t, parts, &i0, &i1); /* the rows' part of Z */
    j->flips[t] = j->ever[t] = 0;
    primal_rows(j->s, j->a, j->y, i0, i1, &j->flips[t], &j->ever[t]);
}

/* The primal form's pass: what the sample-space pass computes but E and the distances
 * (the step's update of W gives those), so it reads Z (and Z0, the flip bytes tracked)
 * and writes B (and P). */
static void primal_pass(ovp_relu2_gd *s, const double *a, const double *y, ovp_relu2_stats *st)
{
    primal_job j = {.s = s, .a = a, .y = y};
    const size_t parts = parts_of(s);
    run_parts(parts, primal_pass_part, &j);
    double residual_sq = 0.0;
    size_t flips = 0, ever = 0;
    for (size_t i = 0; i < s->n; i++)
        residual_sq += s->rsq[i];
    for (size_t t = 0; t < parts; t++)
        flips += j.flips[t], ever += j.ever[t];
    if (s->tracking)
        *st = stats_of(residual_sq, flips, ever, s->dist2, s->n, s->m);
    else
        *st = (ovp_relu2_stats){.residual_sq = residual_sq, .pattern_flip_fraction = NAN,
                                .pattern_ever_flipped_fraction = NAN, .max_dist_from_init = NAN};
}

int ovp_relu2_gd_eval(ovp_relu2_gd *s, const double *a, const double *y, ovp_relu2_stats *st)
{
    const size_t n = s->n, m = s->m;
    if (s->form == OVP_RELU2_GD_PRIMAL) {
        primal_pass(s, a, y, st);
        return OVP_OK;
    }
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
        if (i % 4 == 0)
            block_output(&s->Z, i, a, inv_sqrt_m, s->u);
        double res = s->u[i] - y[i], c = res * inv_sqrt_m;
        residual_sq += res * res;
        /* The row is in cache after block_output: this second sweep reads it again
         * and touches every other array exactly once. W(k) − W(0) = E(k)ᵀX, from the
         * previous step's B, and ‖w_r − w_r(0)‖² = Σ_i e_ir (z_ir − z0_ir). */
        flips += tracked_row(z, z0, a, c, b, p, ev, m, &ever, e, s->dist2, eta);
    }
    s->eta_pending = 0.0;
    *st = stats_of(residual_sq, flips, ever, s->dist2, n, m);
    return OVP_OK;
}

/* Columns [c0, c1) of the primal step's first half: Gᵀ = XᵀB, Wᵀ −= ηGᵀ (the rounding of
 * arora2019's own former W −= ηG, elementwise), tracked the squared distances
 * ‖w_r − w_r(0)‖² summed over k in order, row k of Wᵀ at a time (md, small beside the nm
 * pass where this form runs). */
static void primal_columns_part(void *ctx, size_t t, size_t parts)
{
    primal_job *j = ctx;
    ovp_relu2_gd *s = j->s;
    const size_t d = s->d, n = s->n;
    size_t c0, c1;
    part_range(s->m, OVP_RELU2_PART_ALIGN, t, parts, &c0, &c1);
    const ovp_mat B = {&OVP_AT(&s->B, 0, c0), n, c1 - c0, s->B.ld};
    ovp_mat Gt = {&OVP_AT(&s->Gt, 0, c0), d, c1 - c0, s->Gt.ld};
    if ((j->st[t] = ovp_linalg_gemm(1.0, s->X, 1, &B, 0, 0.0, &Gt)))
        return;
    for (size_t k = 0; k < d; k++)
        cblas_daxpy((int)(c1 - c0), -j->eta, &OVP_AT(&s->Gt, k, c0), 1, &OVP_AT(&s->Wt, k, c0), 1);
    if (s->tracking) {
        memset(s->dist2 + c0, 0, (c1 - c0) * sizeof(double));
        for (size_t k = 0; k < d; k++) {
            const double *w = &OVP_AT(&s->Wt, k, 0), *w0 = &OVP_AT(&s->W0t, k, 0);
            for (size_t r = c0; r < c1; r++) {
                double e = w[r] - w0[r];
                s->dist2[r] += e * e;
            }
        }
    }
}

/* Rows [i0, i1) of the second half: Z = XWᵀ. */
static void primal_rows_part(void *ctx, size_t t, size_t parts)
{
    primal_job *j = ctx;
    ovp_relu2_gd *s = j->s;
    size_t i0, i1;
    part_range(s->n, OVP_RELU2_PART_ALIGN, t, parts, &i0, &i1);
    const ovp_mat X = {&OVP_AT(s->X, i0, 0), i1 - i0, s->X->cols, s->X->ld};
    ovp_mat Z = {&OVP_AT(&s->Z, i0, 0), i1 - i0, s->m, s->Z.ld};
    j->st[t] = ovp_linalg_gemm(1.0, &X, 0, &s->Wt, 0, 0.0, &Z);
}

/* Primal, transposed: the columns' half, then Z = XWᵀ by rows. */
static int primal_step(ovp_relu2_gd *s, double eta)
{
    primal_job j = {.s = s, .eta = eta};
    const size_t parts = parts_of(s);
    run_parts(parts, primal_columns_part, &j);
    for (size_t t = 0; t < parts; t++)
        if (j.st[t])
            return j.st[t];
    run_parts(parts, primal_rows_part, &j);
    for (size_t t = 0; t < parts; t++)
        if (j.st[t])
            return j.st[t];
    return OVP_OK;
}

int ovp_relu2_gd_step(ovp_relu2_gd *s, const ovp_mat *K, double eta)
{
    if (s->form == OVP_RELU2_GD_PRIMAL)
        return s->X ? primal_step(s, eta) : OVP_EINVAL;
    return ovp_samplegd_step(K, &s->B, eta, &s->Z, &s->eta_pending);
}

int ovp_relu2_gd_weights(ovp_relu2_gd *s, const ovp_mat *X, const ovp_mat *W0, ovp_mat *W)
{
    if (s->form == OVP_RELU2_GD_PRIMAL) {
        if (W->rows != s->m || W->cols != s->d)
            return OVP_EINVAL;
        transpose(&s->Wt, W);
        return OVP_OK;
    }
    if (!s->tracking) /* no E */
        return OVP_EINVAL;
    return ovp_samplegd_weights(&s->E, &s->B, &s->eta_pending, X, W0, W);
}
