/* verify/io/npy.h: NumPy's .npy and .npz array formats, parsed from memory.
 * Reference: "A simple file format for NumPy arrays" (numpy.lib.format; NEP 1):
 * magic "\x93NUMPY", a major and minor version byte (1.0: 2-byte little-endian
 * header length; 2.0: 4-byte; 3.0: 4-byte, utf8 header), then a Python-literal
 * dict {'descr': ..., 'fortran_order': ..., 'shape': (...), } padded with spaces
 * and ended by '\n', then the raw array data. An .npz is a zip archive (stored
 * or deflated) of NAME.npy members, as np.savez / np.savez_compressed write it.
 * Only float64, float32 and integer arrays of 1 or 2 dimensions are read; every
 * other input is refused with one message (OVP_EDATA). Nothing is ever
 * unpickled. Pure functions of a byte buffer so they can be fuzzed. */
#ifndef OVP_NPY_H
#define OVP_NPY_H

#include "status.h"

#include <stddef.h>

typedef struct {
    size_t rows, cols;   /* a 1-D array of length n is rows = n, cols = 1 */
    double *data;        /* rows x cols, row-major (a fortran_order array is transposed into this) */
} ovp_npy_matrix;

/* Parses one .npy image. Accepts descr '<f8', '<f4' (widened exactly to
 * double), '>f8'/'>f4' (byte-swapped), and '|u1', '|i1', '<i2', '<i4', '<i8',
 * '<u2', '<u4', '<u8' and their '>' forms (converted exactly when
 * |v| <= 2^53, else refused); 1-D or 2-D shapes with at least one value.
 * Refuses anything else (object arrays, complex, strings, structured dtypes,
 * 3-D, sizes that overflow or exceed the bytes present, truncated data or
 * trailing bytes, a malformed header) with one message in err naming what was
 * found and what is accepted. NaN and Inf are passed through.
 * Returns OVP_OK, OVP_EDATA (bad input) or OVP_ENOMEM; on failure m is zeroed. */
OVP_MUST_CHECK int ovp_npy_parse(const void *buf, size_t len, ovp_npy_matrix *m, char *err, size_t errlen);

/* As ovp_npy_parse, and *ndim is the number of dimensions in the header (1 or
 * 2), which a 1-D array of length n and an n x 1 array need to be told apart. */
OVP_MUST_CHECK int ovp_npy_parse_ndim(const void *buf, size_t len, ovp_npy_matrix *m, int *ndim, char *err,
                                      size_t errlen);

/* The two halves of ovp_npy_parse, for reading a file in pieces. */
typedef struct {
    size_t offset;        /* bytes before the data: preamble and header */
    size_t rows, cols;    /* as ovp_npy_matrix; rows * cols * 8 fits in size_t */
    int ndim;             /* 1 or 2 */
    size_t value_size;    /* bytes per value in the file: 1, 2, 4 or 8 */
    int kind, big, fortran; /* the dtype and order, for ovp_npy_convert */
} ovp_npy_header;

/* Checks the preamble and header of an image of len bytes whose first have
 * bytes are in buf (have <= len), with ovp_npy_parse's refusals and messages
 * (the data's size is checked against len). When have < h->offset (and the
 * status is OVP_OK), only h->offset was set: call again with that many bytes. */
OVP_MUST_CHECK int ovp_npy_read_header(const void *buf, size_t have, size_t len, ovp_npy_header *h, char *err,
                                       size_t errlen);
/* Converts count values (value_size bytes each, as in the file), values
 * first .. first+count-1 in the file's order, into out (rows x cols,
 * row-major; a fortran_order array lands transposed). OVP_EDATA, naming the
 * row and column, for an integer beyond 2^53. */
OVP_MUST_CHECK int ovp_npy_convert(const ovp_npy_header *h, const void *values, size_t first, size_t count,
                                   double *out, char *err, size_t errlen);

/* Parses an .npz image. With members X.npy and y.npy (others are ignored), *X
 * is X (2-D, n x d), *y is y (1-D of length n, or n x 1, returned as n x 1)
 * and *has_y = 1. With exactly one .npy member, that array (1-D or 2-D) goes
 * to *X and *has_y = 0. Otherwise (no members, several arrays but not X and y,
 * mismatched lengths, a member that is not .npy, a damaged archive) it refuses
 * naming the members found. Same statuses; on failure X and y are zeroed. */
OVP_MUST_CHECK int ovp_npy_parse_npz(const void *buf, size_t len, ovp_npy_matrix *X, ovp_npy_matrix *y,
                                     int *has_y, char *err, size_t errlen);

/* Frees m->data and zeroes m (safe on a zeroed matrix). */
void ovp_npy_matrix_free(ovp_npy_matrix *m);

/* 1 when buf starts like a .npy image (the magic "\x93NUMPY"), else 0. */
int ovp_npy_is_npy(const void *buf, size_t len);
/* 1 when buf starts like a zip archive ("PK\3\4", or "PK\5\6" when empty), else 0. */
int ovp_npy_is_zip(const void *buf, size_t len);

#endif
