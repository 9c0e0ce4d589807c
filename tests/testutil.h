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

/* The worst verdict among the records of a claim: FAIL if any failed, else
 * PASS if any passed, else SKIP. Asserts that the claim was recorded. */
ovp_verdict test_verdict_of(const ovp_run *r, const char *id);

#endif
