/* tests/test_helpers.h: small helpers shared by a few unit tests, header-only
 * (CMake builds each test_*.c with testutil.c alone). Criterion asserts. */
#ifndef OVP_TEST_HELPERS_H
#define OVP_TEST_HELPERS_H

#include "mat.h"
#include "rng.h"
#include "status.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A matrix to allocate and its shape. */
typedef struct {
    ovp_mat *m;
    size_t rows, cols;
} test_mat_shape;

static inline void test_mats_alloc_n(const test_mat_shape *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(ovp_mat_alloc(s[i].rows, s[i].cols, s[i].m), OVP_OK, "matrix %zu (%zux%zu)", i, s[i].rows,
                     s[i].cols);
}

static inline void test_mats_free_n(ovp_mat *const *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ovp_mat_free(m[i]);
}

/* TEST_MATS_ALLOC({&X, n, d}, {&K, n, n}): allocates each, asserting success. */
#define TEST_MATS_ALLOC(...)                                                                                     \
    test_mats_alloc_n((const test_mat_shape[]){__VA_ARGS__},                                                     \
                      sizeof((const test_mat_shape[]){__VA_ARGS__}) / sizeof(test_mat_shape))
/* TEST_MATS_FREE(&X, &K): frees each. */
#define TEST_MATS_FREE(...)                                                                                      \
    test_mats_free_n((ovp_mat *const[]){__VA_ARGS__}, sizeof((ovp_mat *const[]){__VA_ARGS__}) / sizeof(ovp_mat *))

/* A one-hidden-layer net's data, drawn from r in this order: X (n×d) with unit
 * rows, W (h×d) N(0, 1), output weights ±1/out_div, y (n) N(0, 1). */
static inline void test_net_draw(gsl_rng *r, size_t n, size_t d, size_t h, double out_div, ovp_mat *X, ovp_mat *W,
                                 double **out, double **y)
{
    TEST_MATS_ALLOC({X, n, d}, {W, h, d});
    *out = malloc(h * sizeof **out);
    *y = malloc(n * sizeof **y);
    cr_assert(*out && *y);
    ovp_rng_sphere_rows(r, X);
    ovp_rng_gaussian_mat(r, 1.0, W);
    ovp_rng_signs(r, *out, h);
    for (size_t q = 0; q < h; q++)
        (*out)[q] /= out_div; /* exact for out_div = 1 */
    ovp_rng_gaussian(r, 1.0, *y, n);
}

static inline void test_net_free(ovp_mat *X, ovp_mat *W, double *out, double *y)
{
    TEST_MATS_FREE(X, W);
    free(out);
    free(y);
}

/* Whether an input was refused as it must be: status OVP_EDATA, a message
 * holding `phrase`, and nothing left allocated. Logs what was wrong (label and
 * k name the case); the caller asserts the result. */
static inline int test_refused(int st, const char *err, const char *phrase, int nothing_left, const char *label,
                               size_t k)
{
    const char *wrong = st != OVP_EDATA ? "accepted" : !strstr(err, phrase) ? "message lacks the phrase"
                        : !nothing_left ? "an allocation survived the refusal" : NULL;
    if (wrong)
        cr_log_error("%s (case %zu): %s: status %d, '%s' (want '%s')", label, k, wrong, st, err, phrase);
    return !wrong;
}

#endif
