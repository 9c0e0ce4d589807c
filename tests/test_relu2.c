/* tests/test_relu2.c: the two-layer ReLU kernels: gradient vs finite differences,
 * sample-space GD vs primal GD, and the fused pass's statistics vs direct counts. */
#include "gram.h"
#include "relu2.h"
#include "samplegd.h"
#include "rng.h"
#include "status.h"
#include "test_helpers.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Central differences: error ~ h²·|L'''| + ε·|L|/h; at h = 1e-6 both are < 1e-8
 * relative here (no pattern flips within h: |z_ir| ≫ h w.p. ~1). */
#define FD_STEP 1e-6
#define FD_REL_TOL 1e-7
/* Sample-space vs primal GD after 30 steps: each step adds O(n·ε) rounding in
 * a different order; no pattern sits within rounding of zero. */
#define FORMULATION_TOL 1e-11

typedef struct {
    size_t n, d, m;
    ovp_mat X, W;
    double *a, *y;
} problem;

static problem make_problem(size_t n, size_t d, size_t m, const char *name)
{
    problem p = {.n = n, .d = d, .m = m};
    gsl_rng *r = test_rng(name);
    test_net_draw(r, n, d, m, 1.0, &p.X, &p.W, &p.a, &p.y);
    gsl_rng_free(r);
    return p;
}

static void free_problem(problem *p) { test_net_free(&p->X, &p->W, p->a, p->y); }

/* Relative error ‖G_fd − c·G‖/‖c·G‖ of the analytic gradient scaled by c
 * (c = 1 is the kernel; c ≠ 1 plants a wrong gradient). */
static double fd_gradient_error(problem *p, double scale)
{
    ovp_relu2_primal s;
    cr_assert_eq(ovp_relu2_primal_alloc(p->n, p->m, &s), OVP_OK);
    ovp_mat G;
    cr_assert_eq(ovp_mat_alloc(p->m, p->d, &G), OVP_OK);
    double loss, lp, lm, num = 0, den = 0;
    cr_assert_eq(ovp_relu2_loss_grad(&s, &p->X, &p->W, p->a, p->y, &loss, &G), OVP_OK);
    for (size_t r = 0; r < p->m; r++)
        for (size_t k = 0; k < p->d; k++) {
            double w = OVP_AT(&p->W, r, k);
            OVP_AT(&p->W, r, k) = w + FD_STEP;
            cr_assert_eq(ovp_relu2_forward(&s, &p->X, &p->W, p->a, p->y, &lp), OVP_OK);
            OVP_AT(&p->W, r, k) = w - FD_STEP;
            cr_assert_eq(ovp_relu2_forward(&s, &p->X, &p->W, p->a, p->y, &lm), OVP_OK);
            OVP_AT(&p->W, r, k) = w;
            double fd = (lp - lm) / (2 * FD_STEP), g = scale * OVP_AT(&G, r, k);
            num += (fd - g) * (fd - g);
            den += g * g;
        }
    ovp_mat_free(&G);
    ovp_relu2_primal_free(&s);
    return sqrt(num / den);
}

Test(relu2, gradient_matches_finite_differences)
{
    problem p = make_problem(12, 5, 9, "grad");
    double rel = fd_gradient_error(&p, 1.0);
    cr_assert(rel < FD_REL_TOL, "relative gradient error %.3g", rel);
    free_problem(&p);
}

Test(relu2, planted_wrong_gradient_is_caught_by_finite_differences)
{
    problem p = make_problem(12, 5, 9, "grad");
    double rel = fd_gradient_error(&p, sqrt(9.0)); /* the 1/√m factor dropped */
    cr_assert(rel > FD_REL_TOL, "a wrong gradient must fail the FD test (error %.3g)", rel);
    free_problem(&p);
}

Test(relu2, sample_space_gd_matches_primal_gd)
{
    problem p = make_problem(40, 30, 64, "formulations");
    const double eta = 0.3;
    const size_t steps = 30;
    ovp_mat K, W0, Wp, Ws, Zp;
    TEST_MATS_ALLOC({&K, p.n, p.n}, {&W0, p.m, p.d}, {&Wp, p.m, p.d}, {&Ws, p.m, p.d}, {&Zp, p.n, p.m});
    cr_assert_eq(ovp_gram_inner(&p.X, &K), OVP_OK);
    ovp_mat_symmetrize_upper(&K);
    cr_assert_eq(ovp_mat_copy(&p.W, &W0), OVP_OK);
    cr_assert_eq(ovp_mat_copy(&p.W, &Wp), OVP_OK);

    ovp_relu2_primal prim;
    ovp_relu2_gd gd;
    cr_assert_eq(ovp_relu2_primal_alloc(p.n, p.m, &prim), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_alloc(p.n, p.m, &gd), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_start(&gd, &p.X, &W0), OVP_OK);
    double max_loss_gap = 0;
    for (size_t k = 0; k < steps; k++) {
        ovp_relu2_stats st;
        double loss;
        cr_assert_eq(ovp_relu2_gd_eval(&gd, p.a, p.y, &st), OVP_OK);
        cr_assert_eq(ovp_relu2_primal_step(&prim, &p.X, &Wp, p.a, p.y, eta, &loss), OVP_OK);
        max_loss_gap = fmax(max_loss_gap, fabs(0.5 * st.residual_sq - loss) / loss);
        cr_assert_eq(ovp_relu2_gd_step(&gd, &K, eta), OVP_OK);
    }
    /* Z of the sample-space state equals X Wᵀ of the primal iterate. */
    double loss;
    cr_assert_eq(ovp_relu2_forward(&prim, &p.X, &Wp, p.a, p.y, &loss), OVP_OK);
    cr_assert_eq(ovp_mat_copy(&prim.Z, &Zp), OVP_OK);
    double zgap = max_abs_diff(&gd.Z, &Zp) / max_abs(&Zp);
    cr_assert(zgap < FORMULATION_TOL, "Z gap %.3g", zgap);
    cr_assert(max_loss_gap < FORMULATION_TOL, "loss gap %.3g", max_loss_gap);
    /* W = W0 + EᵀX, and the O(n) distance formula equals ‖w_r − w_r(0)‖. */
    ovp_relu2_stats st;
    cr_assert_eq(ovp_relu2_gd_eval(&gd, p.a, p.y, &st), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_weights(&gd, &p.X, &W0, &Ws), OVP_OK);
    double wgap = max_abs_diff(&Ws, &Wp) / max_abs(&Wp);
    cr_assert(wgap < FORMULATION_TOL, "W gap %.3g", wgap);
    double max_dist = 0;
    for (size_t r = 0; r < p.m; r++) {
        double s2 = 0;
        for (size_t k = 0; k < p.d; k++) {
            double t = OVP_AT(&Wp, r, k) - OVP_AT(&W0, r, k);
            s2 += t * t;
        }
        max_dist = fmax(max_dist, sqrt(s2));
    }
    cr_assert(fabs(st.max_dist_from_init - max_dist) < FORMULATION_TOL * max_dist,
              "distance %.17g vs %.17g", st.max_dist_from_init, max_dist);
    TEST_MATS_FREE(&K, &W0, &Wp, &Ws, &Zp);
    ovp_relu2_primal_free(&prim);
    ovp_relu2_gd_free(&gd);
    free_problem(&p);
}

Test(relu2, fused_pass_counts_pattern_flips_like_the_definition)
{
    problem p = make_problem(20, 10, 30, "flips");
    ovp_mat K, Z0;
    cr_assert_eq(ovp_mat_alloc(p.n, p.n, &K), OVP_OK);
    cr_assert_eq(ovp_mat_alloc(p.n, p.m, &Z0), OVP_OK);
    cr_assert_eq(ovp_gram_inner(&p.X, &K), OVP_OK);
    ovp_mat_symmetrize_upper(&K);
    ovp_relu2_gd gd;
    cr_assert_eq(ovp_relu2_gd_alloc(p.n, p.m, &gd), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_start(&gd, &p.X, &p.W), OVP_OK);
    cr_assert_eq(ovp_mat_copy(&gd.Z, &Z0), OVP_OK);
    unsigned char *ever = calloc(p.n * p.m, 1);
    size_t total_flips = 0;
    for (size_t k = 0; k < 15; k++) {
        ovp_relu2_stats st;
        cr_assert_eq(ovp_relu2_gd_eval(&gd, p.a, p.y, &st), OVP_OK);
        size_t flips = 0, ever_count = 0;
        for (size_t i = 0; i < p.n; i++)
            for (size_t r = 0; r < p.m; r++) {
                int f = (OVP_AT(&gd.Z, i, r) >= 0) != (OVP_AT(&Z0, i, r) >= 0);
                flips += f;
                ever[i * p.m + r] |= f;
                ever_count += ever[i * p.m + r];
            }
        total_flips += flips;
        cr_assert_eq(st.pattern_flip_fraction, (double)flips / (double)(p.n * p.m));
        cr_assert_eq(st.pattern_ever_flipped_fraction, (double)ever_count / (double)(p.n * p.m));
        cr_assert_eq(ovp_relu2_gd_step(&gd, &K, 2.0), OVP_OK); /* a large step, so that patterns do flip */
    }
    cr_assert(total_flips > 0, "the test needs some flips to be meaningful");
    free(ever);
    ovp_mat_free(&K);
    ovp_mat_free(&Z0);
    ovp_relu2_gd_free(&gd);
    free_problem(&p);
}

Test(relu2, untracked_gd_follows_the_same_trajectory)
{
    problem p = make_problem(30, 12, 40, "untracked");
    ovp_mat K;
    cr_assert_eq(ovp_mat_alloc(p.n, p.n, &K), OVP_OK);
    cr_assert_eq(ovp_gram_inner(&p.X, &K), OVP_OK);
    ovp_mat_symmetrize_upper(&K);
    ovp_relu2_gd full, lean;
    cr_assert_eq(ovp_relu2_gd_alloc(p.n, p.m, &full), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_alloc_untracked(p.n, p.m, &lean), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_start(&full, &p.X, &p.W), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_start(&lean, &p.X, &p.W), OVP_OK);
    for (size_t k = 0; k < 20; k++) {
        ovp_relu2_stats a, b;
        cr_assert_eq(ovp_relu2_gd_eval(&full, p.a, p.y, &a), OVP_OK);
        cr_assert_eq(ovp_relu2_gd_eval(&lean, p.a, p.y, &b), OVP_OK);
        cr_assert_eq(a.residual_sq, b.residual_sq, "iteration %zu", k);
        cr_assert(isnan(b.max_dist_from_init));
        cr_assert_eq(ovp_relu2_gd_step(&full, &K, 0.4), OVP_OK);
        cr_assert_eq(ovp_relu2_gd_step(&lean, &K, 0.4), OVP_OK);
    }
    cr_assert_eq(max_abs_diff(&full.Z, &lean.Z), 0.0, "bit-identical Z");
    ovp_mat W;
    cr_assert_eq(ovp_mat_alloc(p.m, p.d, &W), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_weights(&lean, &p.X, &p.W, &W), OVP_EINVAL, "no E without tracking");
    ovp_mat_free(&W);
    ovp_mat_free(&K);
    ovp_relu2_gd_free(&full);
    ovp_relu2_gd_free(&lean);
    free_problem(&p);
}

/* The step shared with net1, against its definition by loops: Z − ηKB, then
 * W₀ + (E − ηB)ᵀX with the pending E update applied once. */
Test(samplegd, step_and_weights_match_their_definitions)
{
    const size_t n = 4, h = 3, d = 2;
    const double eta = 0.25;
    ovp_mat K, B, Z, Z1, E, E0, X, W0, W;
    TEST_MATS_ALLOC({&K, n, n}, {&B, n, h}, {&Z, n, h}, {&Z1, n, h}, {&E, n, h}, {&E0, n, h}, {&X, n, d}, {&W0, h, d},
                    {&W, h, d});
    gsl_rng *r = test_rng("samplegd");
    ovp_mat *fill[] = {&K, &B, &Z, &E, &X, &W0};
    for (size_t q = 0; q < sizeof fill / sizeof *fill; q++)
        ovp_rng_gaussian_mat(r, 1.0, fill[q]);
    gsl_rng_free(r);
    cr_assert_eq(ovp_mat_copy(&Z, &Z1), OVP_OK);
    cr_assert_eq(ovp_mat_copy(&E, &E0), OVP_OK);
    double pending = 0.0;
    cr_assert_eq(ovp_samplegd_step(&K, &B, eta, &Z1, &pending), OVP_OK);
    cr_assert_eq(pending, eta);
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < h; c++) {
            double kb = 0;
            for (size_t j = 0; j < n; j++)
                kb += OVP_AT(&K, i, j) * OVP_AT(&B, j, c);
            cr_assert(fabs(OVP_AT(&Z1, i, c) - (OVP_AT(&Z, i, c) - eta * kb)) < 1e-14, "Z(%zu,%zu)", i, c);
        }
    cr_assert_eq(ovp_samplegd_weights(&E, &B, &pending, &X, &W0, &W), OVP_OK);
    cr_assert_eq(pending, 0.0, "the E update is applied once");
    for (size_t c = 0; c < h; c++)
        for (size_t k = 0; k < d; k++) {
            double w = OVP_AT(&W0, c, k);
            for (size_t i = 0; i < n; i++)
                w += (OVP_AT(&E0, i, c) - eta * OVP_AT(&B, i, c)) * OVP_AT(&X, i, k);
            cr_assert(fabs(OVP_AT(&W, c, k) - w) < 1e-14, "W(%zu,%zu)", c, k);
        }
    /* refused shapes: K not n×n, W not h×d */
    ovp_mat Kbad = {.data = K.data, .rows = n - 1, .cols = n, .ld = n};
    cr_assert_eq(ovp_samplegd_step(&Kbad, &B, eta, &Z1, &pending), OVP_EINVAL);
    cr_assert_eq(pending, 0.0, "a refused step leaves nothing pending");
    ovp_mat Wbad = {.data = W.data, .rows = h - 1, .cols = d, .ld = d};
    cr_assert_eq(ovp_samplegd_weights(&E, &B, &pending, &X, &W0, &Wbad), OVP_EINVAL);
    TEST_MATS_FREE(&K, &B, &Z, &Z1, &E, &E0, &X, &W0, &W);
}

/* Issue 17: the primal form of ovp_relu2_gd (W ← W − ηBᵀX, Z = XWᵀ) against sample space,
 * both tracked, on every diagnostic the harnesses read: the same iterates up to rounding
 * (FORMULATION_TOL), the same flip counts, pattern P and distances; then W. */
Test(relu2, primal_and_sample_space_forms_agree_on_every_diagnostic)
{
    problem p = make_problem(40, 12, 64, "forms");
    ovp_mat K, W0, Wp, Ws;
    TEST_MATS_ALLOC({&K, p.n, p.n}, {&W0, p.m, p.d}, {&Wp, p.m, p.d}, {&Ws, p.m, p.d});
    cr_assert_eq(ovp_gram_inner(&p.X, &K), OVP_OK);
    ovp_mat_symmetrize_upper(&K);
    cr_assert_eq(ovp_mat_copy(&p.W, &W0), OVP_OK);
    ovp_relu2_gd pr, sa;
    cr_assert_eq(ovp_relu2_gd_alloc_form(p.n, p.d, p.m, OVP_RELU2_GD_PRIMAL, 1, &pr), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_alloc_form(p.n, p.d, p.m, OVP_RELU2_GD_SAMPLE, 1, &sa), OVP_OK);
    cr_assert_eq(pr.E.data, NULL, "the primal form keeps no E");
    cr_assert_eq(ovp_relu2_gd_start(&pr, &p.X, &W0), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_start(&sa, &p.X, &W0), OVP_OK);
    size_t total_flips = 0;
    for (size_t k = 0; k < 25; k++) {
        ovp_relu2_stats a, b;
        cr_assert_eq(ovp_relu2_gd_eval(&pr, p.a, p.y, &a), OVP_OK);
        cr_assert_eq(ovp_relu2_gd_eval(&sa, p.a, p.y, &b), OVP_OK);
        cr_assert(fabs(a.residual_sq - b.residual_sq) <= FORMULATION_TOL * b.residual_sq, "k=%zu residual %.17g vs %.17g",
                  k, a.residual_sq, b.residual_sq);
        cr_assert_eq(a.pattern_flip_fraction, b.pattern_flip_fraction, "k=%zu", k);
        cr_assert_eq(a.pattern_ever_flipped_fraction, b.pattern_ever_flipped_fraction, "k=%zu", k);
        cr_assert(fabs(a.max_dist_from_init - b.max_dist_from_init) <= FORMULATION_TOL * fmax(b.max_dist_from_init, 1e-300) ||
                      (k == 0 && a.max_dist_from_init == 0.0 && b.max_dist_from_init == 0.0),
                  "k=%zu distance %.17g vs %.17g", k, a.max_dist_from_init, b.max_dist_from_init);
        for (size_t r = 0; r < p.m; r++)
            cr_assert(fabs(pr.dist2[r] - sa.dist2[r]) <= 1e-10 * fmax(sa.dist2[r], 1e-12), "k=%zu neuron %zu", k, r);
        cr_assert_eq(max_abs_diff(&pr.P, &sa.P), 0.0, "k=%zu: the same pattern", k);
        cr_assert(max_abs_diff(&pr.B, &sa.B) <= FORMULATION_TOL * max_abs(&sa.B), "k=%zu B", k);
        total_flips += (size_t)(a.pattern_flip_fraction * (double)(p.n * p.m) + 0.5);
        cr_assert_eq(ovp_relu2_gd_step(&pr, NULL, 1.5), OVP_OK, "the primal form reads no K");
        cr_assert_eq(ovp_relu2_gd_step(&sa, &K, 1.5), OVP_OK);
    }
    cr_assert(total_flips > 0, "the test needs some flips to be meaningful");
    cr_assert(max_abs_diff(&pr.Z, &sa.Z) <= FORMULATION_TOL * max_abs(&sa.Z), "Z");
    cr_assert_eq(max_abs_diff(&pr.Z0, &sa.Z0), 0.0, "the same Z0");
    cr_assert_eq(ovp_relu2_gd_weights(&pr, &p.X, &W0, &Wp), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_weights(&sa, &p.X, &W0, &Ws), OVP_OK);
    double wgap = max_abs_diff(&Wp, &Ws) / max_abs(&Ws);
    cr_assert(wgap < FORMULATION_TOL, "W gap %.3g", wgap);
    TEST_MATS_FREE(&K, &W0, &Wp, &Ws);
    ovp_relu2_gd_free(&pr);
    ovp_relu2_gd_free(&sa);
    free_problem(&p);
}

/* The tracked primal form against the reference ovp_relu2_primal_step (the same products; its
 * update W −= ηG rounds apart from dgemm's β = 1 update), and its untracked twin bit for bit. */
Test(relu2, primal_form_follows_the_reference_step)
{
    problem p = make_problem(30, 8, 50, "primal-ref");
    ovp_mat Wr;
    cr_assert_eq(ovp_mat_alloc(p.m, p.d, &Wr), OVP_OK);
    cr_assert_eq(ovp_mat_copy(&p.W, &Wr), OVP_OK);
    ovp_relu2_primal ref;
    ovp_relu2_gd full, lean;
    cr_assert_eq(ovp_relu2_primal_alloc(p.n, p.m, &ref), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_alloc_form(p.n, p.d, p.m, OVP_RELU2_GD_PRIMAL, 1, &full), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_alloc_form(p.n, p.d, p.m, OVP_RELU2_GD_PRIMAL, 0, &lean), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_step(&full, NULL, 0.1), OVP_EINVAL, "a step before start is refused");
    cr_assert_eq(ovp_relu2_gd_start(&full, &p.X, &p.W), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_start(&lean, &p.X, &p.W), OVP_OK);
    for (size_t k = 0; k < 20; k++) {
        ovp_relu2_stats a, b;
        double loss;
        cr_assert_eq(ovp_relu2_gd_eval(&full, p.a, p.y, &a), OVP_OK);
        cr_assert_eq(ovp_relu2_gd_eval(&lean, p.a, p.y, &b), OVP_OK);
        cr_assert_eq(ovp_relu2_primal_step(&ref, &p.X, &Wr, p.a, p.y, 0.4, &loss), OVP_OK);
        cr_assert_eq(a.residual_sq, b.residual_sq, "k=%zu", k);
        cr_assert(fabs(0.5 * a.residual_sq - loss) <= 1e-12 * loss, "k=%zu loss %.17g vs %.17g", k,
                  0.5 * a.residual_sq, loss);
        cr_assert(isnan(b.max_dist_from_init));
        cr_assert_eq(ovp_relu2_gd_step(&full, NULL, 0.4), OVP_OK);
        cr_assert_eq(ovp_relu2_gd_step(&lean, NULL, 0.4), OVP_OK);
    }
    ovp_mat Wf, Wl;
    TEST_MATS_ALLOC({&Wf, p.m, p.d}, {&Wl, p.m, p.d});
    cr_assert_eq(ovp_relu2_gd_weights(&full, &p.X, &p.W, &Wf), OVP_OK);
    cr_assert_eq(ovp_relu2_gd_weights(&lean, &p.X, &p.W, &Wl), OVP_OK, "the primal form has W untracked too");
    cr_assert_eq(max_abs_diff(&Wf, &Wl), 0.0, "tracking does not change the iterate");
    cr_assert(max_abs_diff(&Wf, &Wr) <= 1e-12 * max_abs(&Wr), "W vs the reference step");
    /* the distances are those of W − W0, neuron by neuron */
    for (size_t r = 0; r < p.m; r++) {
        double s2 = 0;
        for (size_t k = 0; k < p.d; k++) {
            double t = OVP_AT(&Wf, r, k) - OVP_AT(&p.W, r, k);
            s2 += t * t;
        }
        cr_assert_eq(full.dist2[r], s2, "neuron %zu", r);
    }
    ovp_mat Wbad = {.data = Wf.data, .rows = p.d, .cols = p.m, .ld = p.m};
    cr_assert_eq(ovp_relu2_gd_weights(&full, &p.X, &p.W, &Wbad), OVP_EINVAL, "W must be m×d");
    TEST_MATS_FREE(&Wf, &Wl);
    cr_assert_eq(ovp_relu2_gd_cheaper(1797, 64), OVP_RELU2_GD_PRIMAL);
    cr_assert_eq(ovp_relu2_gd_cheaper(100, 50), OVP_RELU2_GD_SAMPLE, "2d = n: sample space (equal flops)");
    cr_assert_eq(ovp_relu2_gd_cheaper(100, 49), OVP_RELU2_GD_PRIMAL);
    ovp_mat_free(&Wr);
    ovp_relu2_primal_free(&ref);
    ovp_relu2_gd_free(&full);
    ovp_relu2_gd_free(&lean);
    free_problem(&p);
}

/* The primal form's parts (ovp_relu2_gd.threads): rows and columns on their own threads.
 * ovp's own pass gives the same bits on any count (the same Z in, tracked and untracked);
 * a whole step, whose products the BLAS may round apart block by block, stays within
 * rounding of one thread's: 12 steps of O(nε) each, no pattern within that of zero. */
#define THREADS_STEP_TOL 1e-12

Test(relu2, primal_form_gives_the_same_values_on_any_number_of_threads)
{
    problem p = make_problem(203, 37, 301, "primal-threads");
    const int counts[] = {1, 2, 3, 7};
    enum { N_COUNTS = 4, STEPS = 12 };
    for (int tracking = 0; tracking < 2; tracking++) {
        ovp_relu2_gd g[N_COUNTS];
        for (int c = 0; c < N_COUNTS; c++) {
            cr_assert_eq(ovp_relu2_gd_alloc_form(p.n, p.d, p.m, OVP_RELU2_GD_PRIMAL, tracking, &g[c]), OVP_OK);
            g[c].threads = counts[c];
            cr_assert_eq(ovp_relu2_gd_start(&g[c], &p.X, &p.W), OVP_OK);
        }
        size_t flips = 0;
        for (size_t k = 0; k < STEPS; k++) {
            /* the pass, from one thread's Z: the same bits */
            for (int c = 1; c < N_COUNTS; c++) {
                cr_assert_eq(ovp_mat_copy(&g[0].Z, &g[c].Z), OVP_OK);
                cr_assert_eq(ovp_mat_copy(&g[0].Wt, &g[c].Wt), OVP_OK);
            }
            ovp_relu2_stats st[N_COUNTS];
            for (int c = 0; c < N_COUNTS; c++)
                cr_assert_eq(ovp_relu2_gd_eval(&g[c], p.a, p.y, &st[c]), OVP_OK);
            for (int c = 1; c < N_COUNTS; c++) {
                cr_assert_eq(st[c].residual_sq, st[0].residual_sq, "k=%zu threads=%d", k, counts[c]);
                cr_assert_eq(memcmp(g[c].u, g[0].u, p.n * sizeof(double)), 0, "k=%zu threads=%d u", k, counts[c]);
                cr_assert_eq(max_abs_diff(&g[c].B, &g[0].B), 0.0, "k=%zu threads=%d B", k, counts[c]);
                if (tracking) {
                    cr_assert_eq(st[c].pattern_flip_fraction, st[0].pattern_flip_fraction, "k=%zu", k);
                    cr_assert_eq(st[c].pattern_ever_flipped_fraction, st[0].pattern_ever_flipped_fraction);
                    cr_assert_eq(max_abs_diff(&g[c].P, &g[0].P), 0.0, "k=%zu threads=%d P", k, counts[c]);
                }
            }
            if (tracking)
                flips += (size_t)(st[0].pattern_flip_fraction * (double)(p.n * p.m) + 0.5);
            /* the step: within rounding */
            for (int c = 0; c < N_COUNTS; c++)
                cr_assert_eq(ovp_relu2_gd_step(&g[c], NULL, 0.5), OVP_OK);
            for (int c = 1; c < N_COUNTS; c++) {
                cr_assert(max_abs_diff(&g[c].Z, &g[0].Z) <= THREADS_STEP_TOL * max_abs(&g[0].Z), "k=%zu threads=%d Z",
                          k, counts[c]);
                cr_assert(max_abs_diff(&g[c].Wt, &g[0].Wt) <= THREADS_STEP_TOL * max_abs(&g[0].Wt),
                          "k=%zu threads=%d W", k, counts[c]);
                if (tracking)
                    for (size_t r = 0; r < p.m; r++)
                        cr_assert(fabs(g[c].dist2[r] - g[0].dist2[r]) <= THREADS_STEP_TOL * fmax(g[0].dist2[r], 1e-300),
                                  "k=%zu threads=%d neuron %zu", k, counts[c], r);
            }
        }
        if (tracking)
            cr_assert(flips > 0, "the steps must flip some patterns to exercise the tracked counts");
        for (int c = 0; c < N_COUNTS; c++)
            ovp_relu2_gd_free(&g[c]);
    }
    free_problem(&p);
}
