/* kernels/numerics/mat.h: a row-major matrix view and its owner.
 * Element (i, j) lives at data[i*ld + j]; ld >= cols. Views never own memory;
 * ovp_mat_alloc'd matrices are freed with ovp_mat_free. */
#ifndef OVP_MAT_H
#define OVP_MAT_H

#include <stddef.h>

#include "status.h"

typedef struct {
    double *data;
    size_t rows, cols, ld;
} ovp_mat;

#define OVP_AT(A, i, j) ((A)->data[(size_t)(i) * (A)->ld + (size_t)(j)])

/* Allocates a zeroed rows×cols matrix with ld = cols (64-byte aligned).
 * Returns OVP_EINVAL for a zero size or a size whose bytes overflow. */
OVP_MUST_CHECK int ovp_mat_alloc(size_t rows, size_t cols, ovp_mat *A);
void ovp_mat_free(ovp_mat *A);

/* View of a contiguous row-major buffer. */
ovp_mat ovp_mat_view(double *data, size_t rows, size_t cols);

/* B = A (same shape). */
OVP_MUST_CHECK int ovp_mat_copy(const ovp_mat *A, ovp_mat *B);

/* Fills the lower triangle of a square matrix from its upper triangle. */
void ovp_mat_symmetrize_upper(ovp_mat *A);

/* Frobenius norm of A − B (same shape). */
double ovp_mat_dist_fro(const ovp_mat *A, const ovp_mat *B);

/* Bytes of a rows×cols double matrix, or 0 if it overflows size_t. */
size_t ovp_mat_bytes(size_t rows, size_t cols);

/* ‖A‖_F, by the plain sum of squares (no scaling: entries of models' gradients, far from overflow). */
double ovp_mat_norm_fro(const ovp_mat *A);

#endif
