/* kernels/numerics/mat.c: allocation and small utilities for ovp_mat. */
#include "mat.h"
#include "status.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t ovp_mat_bytes(size_t rows, size_t cols)
{
    if (rows == 0 || cols == 0 || rows > SIZE_MAX / cols || rows * cols > SIZE_MAX / sizeof(double))
        return 0;
    return rows * cols * sizeof(double);
}

int ovp_mat_alloc(size_t rows, size_t cols, ovp_mat *A)
{
    *A = (ovp_mat){0};
    size_t bytes = ovp_mat_bytes(rows, cols);
    if (bytes == 0)
        return OVP_EINVAL;
    size_t rounded = (bytes + 63) / 64 * 64;
    double *p = aligned_alloc(64, rounded);
    if (!p)
        return OVP_ENOMEM;
    memset(p, 0, rounded);
    *A = (ovp_mat){.data = p, .rows = rows, .cols = cols, .ld = cols};
    return OVP_OK;
}

void ovp_mat_free(ovp_mat *A)
{
    if (A) {
        free(A->data);
        *A = (ovp_mat){0};
    }
}

ovp_mat ovp_mat_view(double *data, size_t rows, size_t cols)
{
    return (ovp_mat){.data = data, .rows = rows, .cols = cols, .ld = cols};
}

int ovp_mat_copy(const ovp_mat *A, ovp_mat *B)
{
    if (A->rows != B->rows || A->cols != B->cols)
        return OVP_EINVAL;
    for (size_t i = 0; i < A->rows; i++)
        memcpy(&OVP_AT(B, i, 0), &OVP_AT(A, i, 0), A->cols * sizeof(double));
    return OVP_OK;
}

void ovp_mat_symmetrize_upper(ovp_mat *A)
{
    for (size_t i = 1; i < A->rows; i++)
        for (size_t j = 0; j < i; j++)
            OVP_AT(A, i, j) = OVP_AT(A, j, i);
}

double ovp_mat_dist_fro(const ovp_mat *A, const ovp_mat *B)
{
    double s = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < A->cols; j++) {
            double t = OVP_AT(A, i, j) - OVP_AT(B, i, j);
            s += t * t;
        }
    return sqrt(s);
}

double ovp_mat_norm_fro(const ovp_mat *A)
{
    double s = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < A->cols; j++)
            s += OVP_AT(A, i, j) * OVP_AT(A, i, j);
    return sqrt(s);
}
