/* verify/arora2019/arora2019.c: Arora, Du, Hu, Li, Wang (ICML 2019), the fine-grained analysis.
 *
 * The model instance is du2019's (verify/models/relu2inst.h): data X (n×d,
 * unit rows), H∞ in closed form, λ₀, and here every eigenpair (λ_i, v_i) of H∞.
 * Synthetic labels are y = x_1 ("true") and a random permutation of the
 * labels ("random", the paper's random-label experiment); with --data the
 * file's labels are the true ones, and a seeded shuffle holds out rows for
 * testing. One task per (width m, replicate, label set), so that the two label
 * sets of the widest net run side by side: from w_r(0) ~ N(0, κ²I), a_r ~ unif{±1}
 * (one stream per width and replicate, so both label sets start from the same W(0)),
 * GD (the form with fewer flops, or --gd-form's; kernels/models/relu2.h),
 * recording ‖y − u(k)‖ against Theorem 4.1's eigen-projection prediction
 * and ‖W(k) − W(0)‖_F against Lemma 5.3's sqrt(r₀ᵀ(H∞)⁻¹r₀); for true labels,
 * the loss min(|f − y|, 1) on the test rows (fresh samples, or the held-out
 * ones) against Theorem 5.1. One last task computes yᵀ(H∞)⁻¹y on nested
 * prefixes of the data, true vs random labels. */
#include "arora2019.h"
#include "gram.h"
#include "linalg.h"
#include "relu2.h"
#include "relu2inst.h"
#include "rng.h"
#include "status.h"
#include "work.h"

#include "theorems/arora2019.h"

#include <cblas.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_TRACE, T_RUNS, T_LABELS, N_TABLES };

static const ovp_table_spec tables[N_TABLES] = {
    [T_TRACE] = {"trace",
                 "m,replicate,random_labels,iter,residual,predicted,linearised,deviation_rel,dist_fro,distance_bound"},
    [T_RUNS] = {"runs", "m,replicate,random_labels,residual0,deviation_rel,deviation_linearised,dist_fro_max,"
                        "distance_bound,distance_h0,residual_ratio_final,test_loss"},
    [T_LABELS] = {"labels", "n,yhy_true,yhy_random,bound_true,bound_random,lambda0"},
};

enum { LABELS_TRUE, LABELS_RANDOM, N_LABELS };

/* Test rows per forward pass: bounds its two chunk×m arrays (164 MB at m = 10⁴). */
enum { TEST_CHUNK = 1024 };
static const char *const label_name[N_LABELS] = {"true", "random"};

/* ---------------------------------------------------------------- config */

static const arora2019_config scale_ci = {
    .n = 100, .d = 10, .widths = {2000, 8000}, .n_widths = 2, .iters = 300, .replicates = 1,
    .delta = 0.01, .kappa = 1.0, .eps = 0.05, .n_test = 2000, .test_fraction = 0.2,
    .gd_form = "auto",
};
static const arora2019_config scale_paper = {
    .n = 1000, .d = 10, .widths = {1000, 10000}, .n_widths = 2, .iters = 1000, .replicates = 1,
    .delta = 0.01, .kappa = 0.01, .eps = 0.05, .n_test = 10000, .test_fraction = 0.2,
    .gd_form = "auto",
};
static const ovp_config_scale scales[] = {{"ci", &scale_ci, NULL}, {"paper", &scale_paper, NULL}};

static const ovp_opt_spec options[] = {
    OVP_RELU2INST_SIZE_OPTIONS("(ci 100, paper 1000)", "(default 10)", "(ci 2000,8000; paper 1000,10000)",
                               "(ci 300, paper 1000)"),
    OVP_RELU2INST_OPTIONS,
    {"kappa", OVP_OPT_REAL, "KAPPA", "initial scale, w_r(0) ~ N(0, kappa^2 I) (ci 1, paper 0.01)", 1e-300, 1e300,
     NULL},
    {"eps", OVP_OPT_REAL, "EPS",
     "Theorem 4.1's eps as a fraction of ||y - u(0)||, and Lemma 5.3's tolerance as a fraction of its bound "
     "(default 0.05; at most 1)",
     0, 1, NULL},
    {"n-test", OVP_OPT_UINT, "N", "fresh samples for the population loss, synthetic data (ci 2000, paper 10000)", 1,
     1e7, NULL},
    {"test-fraction", OVP_OPT_REAL, "F",
     "with --data: the share of rows held out (a seeded shuffle) for the population loss (default 0.2)", 0, 1,
     NULL},
    {"label-ns", OVP_OPT_UINT_LIST, "N1,N2,..",
     "prefix sizes of the y'H_inf^-1 y curve (default n/8,n/4,n/2,n of the training samples)", 1, 1e6, NULL},
};

static const ovp_config_field fields[] = {
    OVP_RELU2INST_CONFIG_FIELDS(arora2019_config),
    OVP_CONFIG_FIELD(arora2019_config, "kappa", kappa),
    OVP_CONFIG_FIELD(arora2019_config, "eps", eps),
    OVP_CONFIG_FIELD(arora2019_config, "n-test", n_test),
    OVP_CONFIG_FIELD(arora2019_config, "test-fraction", test_fraction),
    OVP_CONFIG_LIST(arora2019_config, "label-ns", label_ns, n_label_ns),
};

static int finish(const ovp_args *args, ovp_run *r, void *config, char *err, size_t errlen)
{
    arora2019_config *c = config;
    c->refuse_degenerate = c->X != NULL; /* user data: parallel inputs are bad input */
    c->n_hold = 0;
    if (!c->X && ovp_args_get(args, "test-fraction")) {
        snprintf(err, errlen, "--test-fraction splits a --data file; synthetic data draws --n-test fresh samples");
        return OVP_EINVAL;
    }
    if (c->X && ovp_args_get(args, "n-test")) {
        snprintf(err, errlen, "--n-test draws fresh synthetic samples; with --data the test rows are the ones "
                              "--test-fraction holds out");
        return OVP_EINVAL;
    }
    if (c->X) {
        c->n_hold = (size_t)llround(c->test_fraction * (double)c->n);
        if (c->n_hold == 0 || c->n - c->n_hold < 2) {
            snprintf(err, errlen,
                     "--test-fraction %g of the %zu rows holds out %zu: at least 1 held-out and 2 training rows "
                     "are needed (give a fraction in (0, 1) that leaves both)",
                     c->test_fraction, c->n, c->n_hold);
            return OVP_EINVAL;
        }
        c->n_test = c->n_hold;
    }
    const size_t n_train = c->n - c->n_hold;
    if (n_train < 4) {
        snprintf(err, errlen, "arora2019 needs at least 4 training samples, not %zu (random labels are a permutation "
                              "of the true ones, the y'H_inf^-1 y curve runs over n/8..n): give a larger --n%s",
                 n_train, c->X ? " (with --data: more rows or a smaller --test-fraction)" : "");
        return OVP_EINVAL;
    }
    if (!ovp_args_get(args, "label-ns")) { /* n/8, n/4, n/2, n of the training samples */
        c->n_label_ns = 0;
        for (size_t q = 8; q >= 1; q /= 2)
            if (n_train / q >= 2)
                c->label_ns[c->n_label_ns++] = (double)(n_train / q);
    }
    for (size_t i = 0; i < c->n_label_ns; i++)
        if (c->label_ns[i] > (double)n_train) {
            snprintf(err, errlen, "--label-ns: %.0f is more than the %zu training samples", c->label_ns[i],
                     n_train);
            return OVP_EINVAL;
        }
    (void)r;
    ovp_relu2inst_spec spec = OVP_RELU2INST_SPEC("arora2019", c);
    spec.n = n_train; /* the instance is built on the training rows */
    return ovp_relu2inst_check_spec(&spec, err, errlen);
}

/* Per task five n×m arrays (GD), W(0), W and the primal form's three (m×d), the test forward pass
 * (two TEST_CHUNK×m) and an n×n scratch; shared X, K, H∞, V and the test inputs. */
static double peak_bytes(const void *config, int threads, char *what, size_t whatlen)
{
    const arora2019_config *c = config;
    ovp_relu2inst_spec spec = OVP_RELU2INST_SPEC("arora2019", c);
    spec.n = c->n - c->n_hold; /* H∞, V and GD are on the training rows (finish ran first) */
    const double n = (double)spec.n, d = (double)c->d, nt = (double)c->n_test;
    double max_m = c->widths[0];
    for (size_t i = 1; i < c->n_widths; i++)
        max_m = c->widths[i] > max_m ? c->widths[i] : max_m;
    double shared = ovp_relu2inst_shared_bytes(&spec, what, whatlen, "arora2019");
    if (c->data_only)
        return shared + 8.0 * 2 * n; /* the labels */
    snprintf(what + strlen(what), whatlen - strlen(what), ", m = %.0f, n_test = %zu", max_m, c->n_test);
    const double chunk = fmin(nt, TEST_CHUNK);
    return shared + 8.0 * (n * n + nt * d) + /* V, the test inputs */
           8.0 * (5 * n * max_m + 5 * max_m * d + 2 * chunk * max_m + n * n) * (double)threads;
}

static const ovp_config_spec config_spec =
    OVP_RELU2INST_CONFIG_SPEC(arora2019_config, "P5 assumes ||x_i|| = 1", finish, peak_bytes);

/* ---------------------------------------------------------------- setup */

typedef struct {
    arora2019_config cfg;
    ovp_relu2inst inst;   /* X, y (true labels), K, H∞, λ₀ and the step (verify/models/relu2inst.h) */
    double *labels[N_LABELS]; /* labels[LABELS_TRUE] is inst.y */
    double *lambda;       /* H∞'s eigenvalues, ascending */
    ovp_mat V;            /* its eigenvectors, columns */
    double yhy[N_LABELS]; /* yᵀ(H∞)⁻¹y, by Cholesky */
    ovp_mat X_test;       /* fresh inputs (synthetic), or the rows --data holds out */
    double *y_test;       /* their labels: x_1, or the file's */
} state;

/* In the reverse order of setup's allocations, the instance last. */
static void free_state(void *p)
{
    state *s = p;
    if (s) {
        ovp_mat_free(&s->V);
        free(s->lambda);
        free(s->y_test);
        ovp_mat_free(&s->X_test);
        free(s->labels[LABELS_RANDOM]);
        ovp_relu2inst_free(&s->inst);
    }
    free(s);
}

/* The synthetic teacher, y = x_1: linear (yᵀ(H∞)⁻¹y stays bounded as n grows, the
 * paper's section 6) and |y| ≤ 1 on the sphere. */
static double true_label(const double *x, size_t d)
{
    (void)d;
    return x[0];
}

/* yᵀ(A)⁻¹y over the leading k×k block of the upper triangle of H (a Cholesky solve). */
static int quad_inverse(const ovp_mat *H, size_t k, const double *y, ovp_work *ws, double *quad)
{
    ovp_mat A;
    double *b = malloc(k * sizeof *b);
    int st = b ? ovp_mat_alloc(k, k, &A) : OVP_ENOMEM;
    if (st) {
        free(b);
        return st;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = i; j < k; j++)
            OVP_AT(&A, i, j) = OVP_AT(H, i, j);
    memcpy(b, y, k * sizeof *b);
    st = ovp_linalg_spd_solve(&A, b, ws);
    double q = 0.0;
    for (size_t i = 0; i < k; i++)
        q += y[i] * b[i];
    *quad = st ? NAN : q;
    ovp_mat_free(&A);
    free(b);
    return st;
}

/* A uniformly random permutation of 0..n−1 from the keyed stream (Fisher–Yates). */
static size_t *permutation(const char *what, uint64_t seed, size_t n)
{
    size_t *p = malloc(n * sizeof *p);
    gsl_rng *g = p ? ovp_rng_stream("arora2019", what, seed) : NULL;
    if (!g) {
        free(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        p[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)gsl_rng_uniform_int(g, i), t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
    }
    gsl_rng_free(g);
    return p;
}

/* Random labels: the true ones permuted, independent of the inputs with the same values. */
static int setup_labels(state *s)
{
    const size_t n = s->inst.n;
    s->labels[LABELS_TRUE] = s->inst.y;
    double *yr = malloc(n * sizeof *yr);
    size_t *p = yr ? permutation("random labels", s->cfg.seed, n) : NULL;
    if (!p) {
        free(yr);
        return OVP_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        yr[i] = s->inst.y[p[i]];
    free(p);
    s->labels[LABELS_RANDOM] = yr;
    return OVP_OK;
}

/* Synthetic data: n_test fresh points on the sphere, labels x_1. */
static int setup_fresh_test(state *s)
{
    int st = ovp_mat_alloc(s->cfg.n_test, s->inst.d, &s->X_test);
    if (!st && !(s->y_test = malloc(s->cfg.n_test * sizeof *s->y_test)))
        st = OVP_ENOMEM;
    gsl_rng *g = st ? NULL : ovp_rng_stream("arora2019", "test", s->cfg.seed);
    if (!st && !g)
        st = OVP_ENOMEM;
    if (!st) {
        ovp_rng_sphere_rows(g, &s->X_test);
        for (size_t i = 0; i < s->cfg.n_test; i++)
            s->y_test[i] = true_label(&OVP_AT(&s->X_test, i, 0), s->inst.d);
    }
    if (g)
        gsl_rng_free(g);
    return st;
}

int arora2019_split(const double *X, const double *y, size_t n, size_t d, size_t n_hold, uint64_t seed,
                    double *Xtr, double *ytr, double *Xte, double *yte)
{
    if (n_hold == 0 || n_hold + 2 > n)
        return OVP_EINVAL;
    size_t *p = permutation("held-out", seed, n);
    if (!p)
        return OVP_ENOMEM;
    const size_t n_train = n - n_hold;
    for (size_t i = 0; i < n; i++) {
        const int train = i < n_train;
        const size_t row = train ? i : i - n_train;
        memcpy((train ? Xtr : Xte) + row * d, X + p[i] * d, d * sizeof *X);
        (train ? ytr : yte)[row] = y[p[i]];
    }
    free(p);
    return OVP_OK;
}

/* --data: the held-out rows into X_test, y_test; the others into *Xtr, *ytr (allocated). */
static int split_data(state *s, double **Xtr, double **ytr, char *err, size_t errlen)
{
    const arora2019_config *c = &s->cfg;
    const size_t d = c->d, n_train = c->n - c->n_hold;
    *Xtr = malloc(n_train * d * sizeof **Xtr);
    *ytr = malloc(n_train * sizeof **ytr);
    s->y_test = c->n_hold ? malloc(c->n_hold * sizeof *s->y_test) : NULL;
    int st = *Xtr && *ytr && s->y_test ? ovp_mat_alloc(c->n_hold, d, &s->X_test) : OVP_ENOMEM;
    if (!st)
        st = arora2019_split(c->X, c->y, c->n, d, c->n_hold, c->seed, *Xtr, *ytr, s->X_test.data, s->y_test);
    if (st)
        snprintf(err, errlen, "holding out %zu of the %zu rows of --data: %s", c->n_hold, c->n,
                 st == OVP_EINVAL ? "1 held-out and 2 training rows are needed (--test-fraction)"
                                  : ovp_status_str(st));
    return st;
}

static int setup(ovp_run *r, const void *config, void **state_p, size_t *n_tasks, char *err, size_t errlen)
{
    const arora2019_config *cfg = config;
    if (cfg->n == 0 || cfg->d == 0 || cfg->n_widths == 0 || cfg->iters == 0 || cfg->replicates == 0 ||
        cfg->n_test == 0) {
        snprintf(err, errlen, "sizes must be positive (n=%zu d=%zu widths=%zu iters=%zu n_test=%zu)", cfg->n,
                 cfg->d, cfg->n_widths, cfg->iters, cfg->n_test);
        return OVP_EINVAL;
    }
    state *s = calloc(1, sizeof *s);
    if (!s)
        return OVP_ENOMEM;
    s->cfg = *cfg;
    ovp_relu2inst_spec spec = OVP_RELU2INST_SPEC("arora2019", cfg);
    spec.label = true_label, spec.label_name = "y = x_1";
    double *Xtr = NULL, *ytr = NULL;
    int st = OVP_OK;
    if (cfg->X) { /* the instance is built on the training rows only */
        st = split_data(s, &Xtr, &ytr, err, errlen);
        spec.X = Xtr, spec.y = ytr, spec.n = cfg->n - cfg->n_hold;
        spec.borrow_X = 0; /* the training rows are freed below */
    }
    if (!st)
        st = ovp_relu2inst_build(&spec, &s->inst, err, errlen); /* copies X and y */
    free(Xtr);
    free(ytr);
    if (st) {
        free_state(s); /* a failed build leaves the instance empty */
        return st;
    }
    if (!(s->inst.lambda0 > s->inst.lambda0_error)) { /* --data's are refused in the build */
        snprintf(err, errlen,
                 "H_inf is not certified positive definite on these synthetic points (lambda0 = %.3g, not above "
                 "its rounding-error bound %.3g): Theorem 4.1's projections and Lemma 5.3's and Theorem 5.1's "
                 "H_inf^-1 need lambda0 > 0; give a larger --d or a smaller --n",
                 s->inst.lambda0, s->inst.lambda0_error);
        free_state(s);
        return OVP_EINVAL;
    }
    const size_t n = s->inst.n;
    st = setup_labels(s);
    if (!st && !cfg->X && !cfg->data_only)
        st = setup_fresh_test(s);
    if (!st && !cfg->data_only && !(s->lambda = malloc(n * sizeof *s->lambda)))
        st = OVP_ENOMEM;
    if (!st && !cfg->data_only)
        st = ovp_mat_alloc(n, n, &s->V);
    if (!st && !cfg->data_only)
        st = ovp_relu2inst_eigenpairs(&s->inst, s->lambda, &s->V);
    for (size_t l = 0; l < N_LABELS && !st; l++)
        st = ovp_relu2inst_y_hinf_inv_y(&s->inst, s->labels[l], &s->yhy[l]);
    if (st) {
        snprintf(err, errlen, "arora2019 setup (eigenpairs of H_inf, y'H_inf^-1 y): %s", ovp_status_str(st));
        free_state(s);
        return st;
    }
    ovp_relu2inst_record_params(r, &s->inst);
    ovp_run_param_str(r, "labels", s->inst.user_data ? "the file's (true); random: a permutation of them"
                                                     : "y = x_1 (true); random: a permutation of them");
    ovp_run_param_list(r, "widths", cfg->widths, cfg->n_widths);
    ovp_run_param_num(r, "iters", (double)cfg->iters);
    ovp_run_param_str(r, "gd_form", ovp_relu2inst_gd_form_name(s->inst.form));
    ovp_run_param_num(r, "replicates", (double)cfg->replicates);
    ovp_run_param_num(r, "kappa", cfg->kappa);
    ovp_run_param_num(r, "eps", cfg->eps);
    ovp_run_param_num(r, "n_test", (double)cfg->n_test);
    if (cfg->X)
        ovp_run_param_num(r, "test_fraction", cfg->test_fraction);
    ovp_run_param_list(r, "label_ns", cfg->label_ns, cfg->n_label_ns);
    *n_tasks = cfg->data_only ? 0 : cfg->n_widths * cfg->replicates * N_LABELS + 1; /* last: y'(H∞)⁻¹y */
    *state_p = s;
    return OVP_OK;
}

/* ---------------------------------------------------------------- tasks */

/* GD task i: width-major, then replicate, then label set (the order of the tables' rows). */
static size_t n_gd_tasks(const state *s) { return s->cfg.n_widths * s->cfg.replicates * N_LABELS; }
static size_t task_width(const state *s, size_t i)
{
    return (size_t)s->cfg.widths[i / N_LABELS / s->cfg.replicates];
}
static size_t task_replicate(const state *s, size_t i) { return i / N_LABELS % s->cfg.replicates; }
static int task_kind(size_t i) { return (int)(i % N_LABELS); }

/* GD costs ~min(2n²m, 4ndm) flops per step and label set; the curve is a few Cholesky solves. */
static double task_cost(const void *sp, size_t i)
{
    const state *s = sp;
    return i < n_gd_tasks(s) ? (double)task_width(s, i) : 1.0;
}

static void task_label(const void *sp, size_t i, char *buf, size_t len)
{
    const state *s = sp;
    if (i < n_gd_tasks(s))
        snprintf(buf, len, "m=%zu replicate=%zu labels=%s", task_width(s, i), task_replicate(s, i),
                 label_name[task_kind(i)]);
    else
        snprintf(buf, len, "labels");
}

/* yᵀ(H∞)⁻¹y on the leading label_ns[k] samples, true and random labels, with
 * Theorem 5.1's bound at that n (λ₀ of the block). */
static int run_labels(const state *s, ovp_task_out *out)
{
    ovp_work ws = {0};
    ovp_mat A = {0};
    int st = OVP_OK;
    for (size_t k = 0; k < s->cfg.n_label_ns && !st; k++) {
        const size_t nk = (size_t)s->cfg.label_ns[k];
        double q[N_LABELS], l0 = NAN;
        for (size_t l = 0; l < N_LABELS && !st; l++)
            st = quad_inverse(&s->inst.Hinf, nk, s->labels[l], &ws, &q[l]);
        if (!st)
            st = ovp_mat_alloc(nk, nk, &A);
        if (!st) {
            for (size_t i = 0; i < nk; i++)
                for (size_t j = i; j < nk; j++)
                    OVP_AT(&A, i, j) = OVP_AT(&s->inst.Hinf, i, j);
            st = ovp_linalg_eig_min(&A, &l0, &ws);
            ovp_mat_free(&A);
        }
        if (st)
            break;
        const double nd = (double)nk;
        ovp_task_row(out, T_LABELS, 6,
                     (double[]){nd, q[LABELS_TRUE], q[LABELS_RANDOM],
                                arora2019_generalization_bound(q[LABELS_TRUE], nd),
                                arora2019_generalization_bound(q[LABELS_RANDOM], nd), l0});
    }
    ovp_work_free(&ws);
    return ovp_task_check(out, st, "y'H_inf^-1 y on prefixes");
}

/* What one GD run (one label set) measures. */
typedef struct {
    double residual0, deviation, deviation_lin, dist_max, quad, quad_h0, ratio_final, test_loss;
} gd_result;

typedef struct {
    ovp_relu2inst_net net;    /* W(0), a, the GD state (either form), H(0) and a workspace */
    ovp_mat W;                /* the trained W (m×d), for the test rows */
    double *proj, *rlin;      /* v_iᵀr₀ (n); rlin 2n: the linearised residual and a scratch */
    ovp_relu2_primal fwd;     /* the forward pass on the test rows */
} gd_mem;

static void gd_mem_free(gd_mem *t)
{
    ovp_relu2inst_net_free(&t->net);
    ovp_mat_free(&t->W);
    free(t->proj);
    free(t->rlin);
    ovp_relu2_primal_free(&t->fwd);
}

/* The mean loss min(|f − y|, 1) of the trained net on the test rows (fresh or held out),
 * TEST_CHUNK rows per forward pass; NaN if the net's output is not finite. */
static int test_loss(const state *s, gd_mem *t, double *loss)
{
    int st = ovp_relu2_gd_weights(&t->net.gd, &s->inst.X, &t->net.W0, &t->W);
    const size_t nt = s->X_test.rows;
    double sum = 0.0;
    for (size_t i0 = 0; i0 < nt && !st; i0 += TEST_CHUNK) {
        const size_t rows = nt - i0 < TEST_CHUNK ? nt - i0 : TEST_CHUNK;
        if (t->fwd.Z.rows != rows) { /* the first chunk, and a shorter last one */
            ovp_relu2_primal_free(&t->fwd);
            st = ovp_relu2_primal_alloc(rows, t->W.rows, &t->fwd);
        }
        const ovp_mat chunk = {&OVP_AT(&s->X_test, i0, 0), rows, s->X_test.cols, s->X_test.ld};
        if (!st)
            st = ovp_relu2_forward(&t->fwd, &chunk, &t->W, t->net.a, NULL, NULL);
        for (size_t i = 0; i < rows && !st; i++)
            sum += arora2019_clipped_loss(t->fwd.u[i], s->y_test[i0 + i]);
    }
    *loss = sum / (double)nt;
    return st;
}

/* GD's iterate: ‖y − u(k)‖, ‖W(k) − W(0)‖_F (from the per-neuron distances) and the outputs u(k). */
static int gd_eval(gd_mem *t, const double *y, double *resid, double *dist, const double **u)
{
    ovp_relu2_stats gs;
    int st = ovp_relu2_gd_eval(&t->net.gd, t->net.a, y, &gs);
    double d2 = 0.0;
    for (size_t r = 0; r < t->net.gd.m; r++)
        d2 += t->net.gd.dist2[r];
    *resid = sqrt(gs.residual_sq), *dist = sqrt(d2), *u = t->net.gd.u;
    return st;
}

/* GD from W(0) on the labels y; trace rows and the result. */
static int run_gd(const state *s, gd_mem *t, size_t m, size_t rep, int kind, gd_result *res, ovp_task_out *out)
{
    const size_t n = s->inst.n, K = s->cfg.iters;
    const double *y = s->labels[kind], eta = s->inst.eta, *u;
    double resid, dist;
    int st = ovp_relu2_gd_start(&t->net.gd, &s->inst.X, &t->net.W0);
    if (!st)
        st = gd_eval(t, y, &resid, &dist, &u);
    if (st)
        return st;
    /* r₀ = y − u(0): its projections v_iᵀr₀, r₀ᵀ(H∞)⁻¹r₀ = Σ (v_iᵀr₀)²/λ_i, and the same form for H(0) */
    double *r0 = t->rlin, *tmp = t->rlin + n;
    for (size_t i = 0; i < n; i++)
        r0[i] = y[i] - u[i];
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)n, 1.0, s->V.data, (int)s->V.ld, r0, 1, 0.0, t->proj, 1);
    res->quad = 0.0;
    for (size_t j = 0; j < n; j++)
        res->quad += t->proj[j] * t->proj[j] / s->lambda[j];
    st = ovp_gram_hk(&s->inst.K, &t->net.gd.P, &t->net.H); /* H(0) from the pattern at W(0) */
    if (!st)
        st = quad_inverse(&t->net.H, n, r0, &t->net.ws, &res->quad_h0);
    if (st == OVP_EDOM) /* H(0) not positive definite: no minimum-norm distance for it */
        st = OVP_OK;
    if (st)
        return st;
    res->residual0 = resid;
    res->deviation = res->deviation_lin = 0.0;
    res->dist_max = 0.0;
    const double bound = arora2019_distance_bound(res->quad);
    /* Beside GD: the net linearised at W(0), r ← (I − ηH(0)) r from r₀ (the rlin buffer now
     * holds it). Its gap to the prediction is the part of the deviation that H(0) ≠ H∞ (the
     * finite width at initialisation) explains; the rest comes from patterns that flip. */
    for (size_t k = 0;; k++) {
        const double lin = cblas_dnrm2((int)n, t->rlin, 1);
        const double pred = arora2019_trajectory(s->lambda, t->proj, n, eta, (double)k);
        const double dev = fabs(resid - pred) / res->residual0, dev_lin = fabs(lin - pred) / res->residual0;
        res->deviation = fmax(res->deviation, isfinite(dev) ? dev : INFINITY);
        res->deviation_lin = fmax(res->deviation_lin, isfinite(dev_lin) ? dev_lin : INFINITY);
        res->dist_max = fmax(res->dist_max, isfinite(dist) ? dist : INFINITY);
        res->ratio_final = resid / res->residual0;
        ovp_task_row(out, T_TRACE, 10,
                     (double[]){(double)m, (double)rep, (double)kind, (double)k, resid, pred, lin, dev, dist, bound});
        if (k == K || !isfinite(resid))
            break;
        cblas_dsymv(CblasRowMajor, CblasUpper, (int)n, 1.0, t->net.H.data, (int)t->net.H.ld, t->rlin, 1, 0.0, tmp,
                    1);
        cblas_daxpy((int)n, -eta, tmp, 1, t->rlin, 1);
        if ((st = ovp_relu2_gd_step(&t->net.gd, &s->inst.K, eta)) || (st = gd_eval(t, y, &resid, &dist, &u)))
            return st;
    }
    res->test_loss = NAN;
    if (kind == LABELS_TRUE && s->X_test.rows)
        st = test_loss(s, t, &res->test_loss);
    return st;
}

static int run_task(const void *sp, size_t index, ovp_task_out *out)
{
    const state *s = sp;
    if (index >= n_gd_tasks(s))
        return run_labels(s, out);
    const size_t n = s->inst.n, d = s->inst.d, m = task_width(s, index), rep = task_replicate(s, index);
    const int kind = task_kind(index);
    char key[64];
    snprintf(key, sizeof key, "m=%zu replicate=%zu", m, rep);
    gd_mem t = {0};
    gsl_rng *g = ovp_rng_stream("arora2019", key, s->cfg.seed);
    int st = g ? ovp_relu2inst_net_init(&s->inst, m, s->cfg.kappa, g, &t.net) : OVP_ENOMEM;
    if (!st)
        st = ovp_mat_alloc(m, d, &t.W);
    if (!st && (!(t.proj = malloc(n * sizeof *t.proj)) || !(t.rlin = malloc(2 * n * sizeof *t.rlin))))
        st = OVP_ENOMEM;
    gd_result res;
    if (!st)
        st = run_gd(s, &t, m, rep, kind, &res, out);
    if (!st) {
        char name[48];
        const struct {
            const char *name;
            double value;
        } v[] = {{"residual0", res.residual0}, {"deviation", res.deviation},
                 {"deviation_lin", res.deviation_lin}, {"dist_max", res.dist_max},
                 {"quad", res.quad}, {"quad_h0", res.quad_h0},
                 {"ratio_final", res.ratio_final}, {"test_loss", res.test_loss}};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
            snprintf(name, sizeof name, "%s_%s", v[k].name, label_name[kind]);
            ovp_task_set(out, name, v[k].value);
        }
        ovp_task_row(out, T_RUNS, 11,
                     (double[]){(double)m, (double)rep, (double)kind, res.residual0, res.deviation,
                                res.deviation_lin, res.dist_max, arora2019_distance_bound(res.quad),
                                sqrt(res.quad_h0), res.ratio_final, res.test_loss});
    }
    ovp_task_set(out, "m", (double)m);
    ovp_task_set(out, "replicate", (double)rep);
    ovp_task_set(out, "labels", (double)kind);
    if (g)
        gsl_rng_free(g);
    gd_mem_free(&t);
    return ovp_task_check(out, st, "m=%zu replicate=%zu labels=%s", m, rep, label_name[kind]);
}

/* ---------------------------------------------------------------- reduce */

/* The claims of one GD run; scope names the width, replicate and labels, tag ("m2000",
 * "m2000_r1") its quantities. */
static void reduce_run(ovp_run *r, const state *s, const ovp_task_out *o, int kind, const char *scope,
                       const char *tag)
{
    const arora2019_config *cfg = &s->cfg;
    const double n = (double)s->inst.n, l0 = s->inst.lambda0, m = ovp_task_get(o, "m");
    char name[48];
#define GET(what) (snprintf(name, sizeof name, "%s_%s", (what), label_name[kind]), ovp_task_get(o, name))
    const double res0 = GET("residual0"), dev = GET("deviation"), dist = GET("dist_max");
    const double quad = GET("quad"), quad_h0 = GET("quad_h0");

    /* Theorem 4.1: ε is ovp's, eps ‖y − u(0)‖; the width and κ the theorem asks for that ε. */
    const double eps_abs = cfg->eps * res0;
    const double m_need = arora2019_width_for_trajectory(n, l0, cfg->kappa, cfg->delta, eps_abs);
    const double kappa_need = arora2019_kappa_for_trajectory(n, l0, cfg->delta, eps_abs);
    ovp_claim *c = ovp_claim_le(r, "P5.T4.1", scope, dev, cfg->eps);
    ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                     "observed: max_k | ||y - u(k)|| - prediction | / ||y - u(0)||, over k = 0..%zu; bound: the "
                     "theorem's own eps, which it leaves free (every eps has its kappa and m), as a fraction of "
                     "||y - u(0)||: --eps %g; for eps = %.4g the theorem asks kappa = O(%.3g) (run: %g) and m = "
                     "Omega(%.3g) (run: %.0f), constants unspecified; of the deviation, the net linearised at W(0) "
                     "(H(0) for H_inf) shows %.3g",
                     cfg->iters, cfg->eps, eps_abs, kappa_need, cfg->kappa, m_need, m, GET("deviation_lin"));
    ovp_run_quantity(r, GET("deviation_lin"), "trajectory_deviation_linearised_%s_%s", label_name[kind], tag);

    /* Lemma 5.3: the paper's term, and ovp's tolerance for the lemma's ε (unspecified constants). */
    const double paper = arora2019_distance_bound(quad), tol = cfg->eps * paper;
    c = ovp_claim_le_tol(r, "P5.L5.3", scope, dist, paper, tol, NAN);
    ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                     "paper_bound = sqrt(r0' H_inf^-1 r0); tolerance = eps x that (eps = %g) for the lemma's eps, "
                     "O(n kappa/(lambda0 delta)) + poly(n, 1/lambda0, 1/delta)/(m^1/4 kappa^1/2) with unspecified "
                     "constants; observed / paper_bound = %.4g; the linearised net's distance, sqrt(r0' H(0)^-1 r0) "
                     "= %.6g",
                     cfg->eps, dist / paper, sqrt(quad_h0));
    ovp_run_quantity(r, dist / paper, "distance_over_paper_bound_%s_%s", label_name[kind], tag);
    ovp_run_quantity(r, dev, "trajectory_deviation_%s_%s", label_name[kind], tag);
    ovp_run_quantity(r, GET("ratio_final"), "residual_ratio_final_%s_%s", label_name[kind], tag);
    ovp_run_quantity(r, m_need, "width_required_trajectory_%s_%s", label_name[kind], tag);

    /* Theorem 5.1, true labels: the mean loss min(|f − y|, 1) on n_test test rows, fresh or
     * held out, estimates the population loss; ovp's tolerance is Hoeffding's for that mean
     * of values in [0, 1], sqrt(log(1/δ)/(2 n_test)). The theorem's O(sqrt(log(n/(λ₀δ))/n))
     * has no constant: it is left out, so a pass holds whatever its constant. */
    if (kind != LABELS_TRUE)
        return;
    const double yhy = s->yhy[LABELS_TRUE], gen = arora2019_generalization_bound(yhy, n);
    const size_t n_test = s->X_test.rows;
    const double hoeff = sqrt(log(1.0 / cfg->delta) / (2.0 * (double)n_test)), loss = GET("test_loss");
    c = ovp_claim_le_tol(r, "P5.T5.1", scope, loss, gen, hoeff, 1.0);
    ovp_claim_regime(c, OVP_REGIME_EMPIRICAL,
                     "observed: mean min(|f - y|, 1) on %zu %s; paper_bound = sqrt(2 y'H_inf^-1 y/n), the "
                     "O(sqrt(log(n/(lambda0 delta))/n)) term left out (%.3g with constant 1), so a pass holds for "
                     "any constant and a FAIL does not contradict the theorem; tolerance = "
                     "Hoeffding's sqrt(log(1/delta)/(2 n_test)), delta = %g; the theorem asks kappa = "
                     "O(lambda0 delta/n) = %.3g (run: %g), m >= poly(n, 1/lambda0, 1/delta)/kappa^2 (unspecified) "
                     "and k >= log(n/delta)/(eta lambda0) = %.3g iterations (run: %zu)",
                     n_test, s->inst.user_data ? "held-out rows" : "fresh samples (y = x_1)",
                     arora2019_generalization_lower_order(n, l0, cfg->delta), cfg->delta, l0 * cfg->delta / n,
                     cfg->kappa, log(n / cfg->delta) / (s->inst.eta * l0), cfg->iters);
    ovp_run_quantity(r, loss, "test_loss_%s", tag);
#undef GET
}

static int reduce(ovp_run *r, const void *sp, ovp_task_out *const *outs, size_t n_tasks)
{
    const state *s = sp;
    const double n = (double)s->inst.n;
    ovp_relu2inst_record_quantities(r, &s->inst);
    ovp_run_quantity(r, s->yhy[LABELS_TRUE], "y_hinf_inv_y");
    ovp_run_quantity(r, s->yhy[LABELS_RANDOM], "y_hinf_inv_y_random");
    ovp_run_quantity(r, arora2019_generalization_bound(s->yhy[LABELS_TRUE], n), "generalization_bound");
    ovp_run_quantity(r, arora2019_generalization_bound(s->yhy[LABELS_RANDOM], n), "generalization_bound_random");
    if (s->inst.n_not_unit)
        ovp_run_note(r, "%zu of %zu inputs are not unit norm: P5 assumes ||x_i|| = 1", s->inst.n_not_unit,
                     s->inst.n);
    ovp_run_note(r, "every P5 claim is empirical: the theorems' kappa and m carry unspecified constants; P5.T4.1 "
                    "takes the theorem's free eps as %g ||y - u(0)||; P5.L5.3 and P5.T5.1 keep the paper's term "
                    "(paper_bound) and ovp's tolerance apart",
                 s->cfg.eps);
    double y_max = 0.0;
    for (size_t i = 0; i < s->inst.n; i++)
        y_max = fmax(y_max, fabs(s->inst.y[i]));
    if (y_max > 1.0)
        ovp_run_note(r, "labels reach |y| = %g: Theorem 5.1 assumes |y| <= 1 (P5.T5.1 is outside it)", y_max);
    if (memcmp(s->labels[LABELS_TRUE], s->labels[LABELS_RANDOM], s->inst.n * sizeof(double)) == 0)
        ovp_run_note(r, "the random labels equal the true ones here (constant labels, or a permutation that "
                        "moved no label's value): the true-vs-random comparison says nothing");
    if (s->cfg.data_only) {
        ovp_run_note(r, "--data-only: y'H_inf^-1 y and Theorem 5.1's bound, no GD; P5.T4.1, P5.L5.3 and P5.T5.1 "
                        "were not run");
        return OVP_OK;
    }
    for (size_t i = 0; i + 1 < n_tasks; i++) {
        const ovp_task_out *o = outs[i];
        const int kind = (int)ovp_task_get(o, "labels");
        char scope[64], tag[32];
        const double m = ovp_task_get(o, "m"), rep = ovp_task_get(o, "replicate");
        if (s->cfg.replicates > 1) {
            snprintf(scope, sizeof scope, "m=%.0f seed=%.0f labels=%s", m, rep, label_name[kind]);
            snprintf(tag, sizeof tag, "m%.0f_r%.0f", m, rep);
        } else {
            snprintf(scope, sizeof scope, "m=%.0f labels=%s", m, label_name[kind]);
            snprintf(tag, sizeof tag, "m%.0f", m);
        }
        reduce_run(r, s, o, kind, scope, tag);
    }
    return OVP_OK;
}

static const char *const figures[] = {"arora2019_trajectory", "arora2019_labels", NULL};

const ovp_harness ovp_harness_arora2019 = {
    .paper = &arora2019_paper,
    .summary =
        "Trains du2019's two-layer ReLU net (a fixed, w_r(0) ~ N(0, kappa^2 I)) by GD on W (primal\n"
        "or sample space, --gd-form), for true labels (x_1, or the file's) and random ones (a permutation),\n"
        "and checks Theorem 4.1's trajectory sqrt(sum_i (1 - eta lambda_i)^2k (v_i'r0)^2) from H_inf's\n"
        "eigenpairs, Lemma 5.3's distance sqrt(r0' H_inf^-1 r0) and Theorem 5.1's generalisation bound\n"
        "sqrt(2 y' H_inf^-1 y / n) (loss min(|f - y|, 1) on fresh samples, or on the rows --test-fraction\n"
        "holds out of --data); y' H_inf^-1 y for true vs random labels as n grows.",
    .scales = "ci     n = 100, d = 10, m = 2000, 8000, 300 iterations, kappa = 1 (seconds)\n"
              "paper  n = 1000, d = 10, m = 1000, 10000, 1000 iterations, kappa = 0.01",
    OVP_HARNESS_STATICS(tables, N_TABLES),
    OVP_HARNESS_OWN_TASKS,
};
