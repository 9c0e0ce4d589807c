/* bench/cases_linalg.c: H∞ and λ₀, the shifted-Cholesky test, σ_min(Φ).
 * Flop models: dsyrk n²d; the acos transform ~20 flops per upper entry;
 * a range-limited symmetric eigenvalue (4/3)n³ (tridiagonal reduction);
 * Cholesky n³/3; the certified λ_min (eigcert.h) three Choleskys, n³, and
 * λ_max one, n³/3 (their O(n²)-per-block iterations left out); singular
 * values of k×n (k ≥ n) 4kn² − 4n³/3. */
#include "bench.h"
#include "eigcert.h"
#include "gram.h"
#include "linalg.h"
#include "rng.h"
#include "status.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    ovp_mat X, K, H, A; /* data, Gram, H∞ (upper), scratch */
    ovp_work ws;
    double *s; /* singular values */
    double lambda0, shift;
    int kind;
} la_ctx;

enum { HINF_ASSEMBLY, EIG_DSYEVR, EIG_2STAGE, EIG_CERT, HINF_LAMBDA0, HINF_LAMBDA0_DSYEVR, HINF_LAMBDA0_MAX, PD_TEST,
       SVD_PHI };

static void la_teardown(void *p)
{
    la_ctx *g = p;
    ovp_mat_free(&g->X), ovp_mat_free(&g->K), ovp_mat_free(&g->H), ovp_mat_free(&g->A);
    ovp_work_free(&g->ws);
    free(g->s);
    free(g);
}

static int la_setup_kind(const ovp_bench_case *c, void **ctx, double *flops, int kind)
{
    size_t n = (size_t)c->p[0], d = (size_t)c->p[1];
    la_ctx *g = calloc(1, sizeof *g);
    if (!g)
        return OVP_ENOMEM;
    *ctx = g; /* ovp_bench_measure tears it down if setup fails */
    g->kind = kind;
    gsl_rng *r = ovp_rng_stream("bench", "linalg", 1);
    int st;
    if (kind == SVD_PHI) { /* Φ = relu(W Xᵀ), k×n with k = p[0], n = p[1], d = p[2] */
        size_t k = (size_t)c->p[0], nn = (size_t)c->p[1], dd = (size_t)c->p[2];
        st = ovp_mat_alloc(nn, dd, &g->X);
        if (!st)
            st = ovp_mat_alloc(k, dd, &g->K);
        if (!st)
            st = ovp_mat_alloc(k, nn, &g->H);
        if (!st)
            st = ovp_mat_alloc(k, nn, &g->A);
        if (!st && !(g->s = malloc(nn * sizeof *g->s)))
            st = OVP_ENOMEM;
        if (!st) {
            ovp_rng_gaussian_mat(r, 1.0, &g->X);
            ovp_rng_gaussian_mat(r, 1.0, &g->K);
            for (size_t i = 0; i < k; i++)
                for (size_t j = 0; j < nn; j++) {
                    double z = 0;
                    for (size_t q = 0; q < dd; q++)
                        z += OVP_AT(&g->K, i, q) * OVP_AT(&g->X, j, q);
                    OVP_AT(&g->H, i, j) = z > 0 ? z : 0;
                }
            *flops = 4.0 * k * nn * nn - 4.0 * nn * nn * nn / 3.0;
        }
    } else {
        st = ovp_mat_alloc(n, d, &g->X);
        if (!st)
            st = ovp_mat_alloc(n, n, &g->K);
        if (!st)
            st = ovp_mat_alloc(n, n, &g->H);
        if (!st)
            st = ovp_mat_alloc(n, n, &g->A);
        if (!st) {
            ovp_rng_sphere_rows(r, &g->X);
            if (!(st = ovp_gram_inner(&g->X, &g->K)) && !(st = ovp_gram_hinf(&g->X, &g->K, &g->H)) &&
                !(st = ovp_mat_copy(&g->H, &g->A)))
                st = ovp_linalg_eig_min(&g->A, &g->lambda0, &g->ws);
            g->shift = 0.5 * g->lambda0;
            double nd = (double)n, assembly = nd * nd * (double)d + 10.0 * nd * nd, eig = 4.0 / 3.0 * nd * nd * nd;
            double cert = nd * nd * nd; /* three Choleskys */
            *flops = kind == HINF_ASSEMBLY         ? assembly
                     : kind == HINF_LAMBDA0_DSYEVR ? assembly + eig
                     : kind == HINF_LAMBDA0        ? assembly + cert
                     : kind == HINF_LAMBDA0_MAX    ? assembly + cert + cert / 3.0
                     : kind == EIG_CERT            ? cert
                     : kind == PD_TEST             ? nd * nd * nd / 3.0
                                                   : eig;
        }
    }
    gsl_rng_free(r);
    return st;
}

static int la_run(void *p)
{
    la_ctx *g = p;
    double v;
    int pd, st;
    ovp_eigcert e0, e1;
    switch (g->kind) {
    case HINF_ASSEMBLY:
        st = ovp_gram_inner(&g->X, &g->K);
        return st ? st : ovp_gram_hinf(&g->X, &g->K, &g->A);
    case EIG_DSYEVR: /* the copy (n² doubles) is < 1% of the solve */
        st = ovp_mat_copy(&g->H, &g->A);
        return st ? st : ovp_linalg_eig_range_method(&g->A, 1, 1, &v, &g->ws, OVP_EIG_DSYEVR);
    case EIG_2STAGE:
        st = ovp_mat_copy(&g->H, &g->A);
        return st ? st : ovp_linalg_eig_range_method(&g->A, 1, 1, &v, &g->ws, OVP_EIG_DSYEVR_2STAGE);
    case EIG_CERT: /* H kept, A the factorisations' scratch */
        return ovp_eigcert_min(&g->H, &g->A, &g->ws, &e0);
    case HINF_LAMBDA0_DSYEVR: /* before eigcert: one dsyevr, what SciPy's eigh runs */
        if ((st = ovp_gram_inner(&g->X, &g->K)) || (st = ovp_gram_hinf(&g->X, &g->K, &g->A)))
            return st;
        return ovp_linalg_eig_min(&g->A, &v, &g->ws);
    case HINF_LAMBDA0: /* certified λ₀ */
    case HINF_LAMBDA0_MAX: /* and λ_max: what relu2inst.c runs */
        if ((st = ovp_gram_inner(&g->X, &g->K)) || (st = ovp_gram_hinf(&g->X, &g->K, &g->H)) ||
            (st = ovp_eigcert_min(&g->H, &g->A, &g->ws, &e0)))
            return st;
        return g->kind == HINF_LAMBDA0 ? OVP_OK : ovp_eigcert_max(&g->H, &g->A, &g->ws, &e1);
    case PD_TEST:
        return ovp_linalg_is_pd_shifted(&g->H, g->shift, &g->ws, &pd);
    default:
        st = ovp_mat_copy(&g->H, &g->A);
        return st ? st : ovp_linalg_svd_values(&g->A, g->s, &g->ws);
    }
}

#define LA(kernel, kind, n, d, series, size)                                                       \
    {kernel, series, size, {n, d}, "n%.0f_d%.0f", setup_##kind, la_run, la_teardown, NULL}

static int setup_HINF_ASSEMBLY(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, HINF_ASSEMBLY); }
static int setup_EIG_DSYEVR(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, EIG_DSYEVR); }
static int setup_EIG_2STAGE(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, EIG_2STAGE); }
static int setup_EIG_CERT(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, EIG_CERT); }
static int setup_HINF_LAMBDA0(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, HINF_LAMBDA0); }
static int setup_HINF_LAMBDA0_DSYEVR(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, HINF_LAMBDA0_DSYEVR); }
static int setup_HINF_LAMBDA0_MAX(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, HINF_LAMBDA0_MAX); }
static int setup_PD_TEST(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, PD_TEST); }
static int setup_SVD_PHI(const ovp_bench_case *c, void **x, double *f) { return la_setup_kind(c, x, f, SVD_PHI); }

static const ovp_bench_case full[] = {
    LA("gram.hinf_assembly", HINF_ASSEMBLY, 4000, 100, NULL, 0),
    LA("linalg.eig_min.dsyevr", EIG_DSYEVR, 4000, 100, NULL, 0),
    LA("linalg.eig_min.dsyevr_2stage", EIG_2STAGE, 4000, 100, NULL, 0),
    LA("linalg.eig_min.eigcert", EIG_CERT, 4000, 100, NULL, 0),
    LA("linalg.is_pd_shifted", PD_TEST, 4000, 100, NULL, 0),
    LA("hinf_lambda0", HINF_LAMBDA0, 500, 100, "hinf_lambda0", 500),
    LA("hinf_lambda0", HINF_LAMBDA0, 1000, 100, "hinf_lambda0", 1000),
    LA("hinf_lambda0", HINF_LAMBDA0, 2000, 100, "hinf_lambda0", 2000),
    LA("hinf_lambda0", HINF_LAMBDA0, 4000, 100, "hinf_lambda0", 4000),
    LA("hinf_lambda0.dsyevr", HINF_LAMBDA0_DSYEVR, 2000, 100, NULL, 0),
    LA("hinf_lambda0.dsyevr", HINF_LAMBDA0_DSYEVR, 4000, 100, NULL, 0),
    LA("hinf_lambda0_lambda_max", HINF_LAMBDA0_MAX, 4000, 100, NULL, 0),
    {"linalg.svd_values.phi", NULL, 0, {1600, 800, 20}, "k%.0f_n%.0f_d%.0f", setup_SVD_PHI, la_run, la_teardown, NULL},
};

static const ovp_bench_case quick[] = {
    LA("gram.hinf_assembly", HINF_ASSEMBLY, 200, 20, NULL, 0),
    LA("linalg.eig_min.dsyevr", EIG_DSYEVR, 200, 20, NULL, 0),
    LA("linalg.eig_min.dsyevr_2stage", EIG_2STAGE, 200, 20, NULL, 0),
    LA("linalg.eig_min.eigcert", EIG_CERT, 200, 20, NULL, 0),
    LA("linalg.is_pd_shifted", PD_TEST, 200, 20, NULL, 0),
    LA("hinf_lambda0", HINF_LAMBDA0, 100, 20, "hinf_lambda0", 100),
    LA("hinf_lambda0", HINF_LAMBDA0, 200, 20, "hinf_lambda0", 200),
    LA("hinf_lambda0.dsyevr", HINF_LAMBDA0_DSYEVR, 200, 20, NULL, 0),
    LA("hinf_lambda0_lambda_max", HINF_LAMBDA0_MAX, 200, 20, NULL, 0),
    {"linalg.svd_values.phi", NULL, 0, {160, 80, 20}, "k%.0f_n%.0f_d%.0f", setup_SVD_PHI, la_run, la_teardown, NULL},
};

const ovp_bench_case *ovp_bench_cases_linalg(int is_quick, size_t *n)
{
    *n = is_quick ? sizeof quick / sizeof *quick : sizeof full / sizeof *full;
    return is_quick ? quick : full;
}
