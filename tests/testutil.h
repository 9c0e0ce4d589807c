/* tests/testutil.h: helpers shared by the unit tests. */
#ifndef OVP_TESTUTIL_H
#define OVP_TESTUTIL_H

#include "mat.h"

#include <gsl/gsl_rng.h>

/* A seeded stream for a test (the test's name keys it). */
gsl_rng *test_rng(const char *name);

/* Largest |A_ij − B_ij| over the full matrices. */
double max_abs_diff(const ovp_mat *A, const ovp_mat *B);

/* Largest |A_ij|. */
double max_abs(const ovp_mat *A);

#endif
