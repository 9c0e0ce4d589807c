/* kernels/numerics/work.h: a reusable workspace, allocated once by the caller.
 * Kernels that need scratch memory take an ovp_work and grow it only when it
 * is too small, so in a loop of same-size calls only the first one allocates. */
#ifndef OVP_WORK_H
#define OVP_WORK_H

#include <stddef.h>

#include "status.h"

typedef struct {
    double *d;   /* doubles */
    size_t nd;
    int *i;      /* integers (LAPACK lapack_int is int on Debian's LP64 build) */
    size_t ni;
} ovp_work;

/* Ensures room for nd doubles and ni ints; never shrinks. OVP_ENOMEM on failure. */
OVP_MUST_CHECK int ovp_work_reserve(ovp_work *w, size_t nd, size_t ni);
void ovp_work_free(ovp_work *w);

#endif
