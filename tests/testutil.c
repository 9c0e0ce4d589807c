/* tests/testutil.c: shared helpers; pins BLAS to one thread for every test binary. */
#include "testutil.h"
#include "blasinfo.h"
#include "rng.h"

#include <math.h>

__attribute__((constructor)) static void pin_blas_threads(void) { ovp_blas_set_threads(1); }

gsl_rng *test_rng(const char *name) { return ovp_rng_stream("test", name, 12345); }

double max_abs_diff(const ovp_mat *A, const ovp_mat *B)
{
    double m = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < A->cols; j++)
            m = fmax(m, fabs(OVP_AT(A, i, j) - OVP_AT(B, i, j)));
    return m;
}

double max_abs(const ovp_mat *A)
{
    double m = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < A->cols; j++)
            m = fmax(m, fabs(OVP_AT(A, i, j)));
    return m;
}
