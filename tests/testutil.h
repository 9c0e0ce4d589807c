/* tests/testutil.h: helpers shared by the unit tests. */
#ifndef OVP_TESTUTIL_H
#define OVP_TESTUTIL_H

#include "harness.h"
#include "mat.h"

#include <gsl/gsl_rng.h>

/* A seeded stream for a test (the test's name keys it). */
gsl_rng *test_rng(const char *name);

/* Largest |A_ij − B_ij| over the full matrices. */
double max_abs_diff(const ovp_mat *A, const ovp_mat *B);

/* Largest |A_ij|. */
double max_abs(const ovp_mat *A);

/* Runs harness h on a hand-built config in memory (quiet), asserting that it
 * ran; r holds the claims afterwards (ovp_run_free it). */
void test_run_harness(const ovp_harness *h, const void *config, int threads, ovp_run *r);

/* Runs harness h on config and returns its status, with its message in err:
 * for tests of bad input refused before any claim. */
int test_refusal(const ovp_harness *h, const void *config, char *err, size_t errlen);

/* Runs harness h on config (a negative control) and returns the first claim
 * of ids (NULL-terminated) whose worst verdict is not FAIL, or NULL when every
 * one failed. The test asserts on it: cr_assert(held == NULL, ...). */
const char *test_first_not_failing(const ovp_harness *h, const void *config, int threads,
                                   const char *const *ids);

/* Runs harness h on config with 1 and with 2 task threads and compares every
 * claim record (id, scope, observed and bound bit for bit, verdict). Returns
 * NULL when they match, else `where` describing the first difference. */
const char *test_thread_difference(const ovp_harness *h, const void *config, char *where, size_t len);

/* Compares the quantities of two runs (same names in the same order): NULL when each
 * pair agrees within rtol relative (|a − b| ≤ rtol·max(|b|, 1), or both NaN), else
 * `where` naming the first that does not. */
const char *test_quantities_differ(const ovp_run *a, const ovp_run *b, double rtol, char *where, size_t len);

/* The worst verdict among the records of a claim: FAIL if any failed, else
 * PASS if any passed, else SKIP. Asserts that the claim was recorded. */
ovp_verdict test_verdict_of(const ovp_run *r, const char *id);

#endif
