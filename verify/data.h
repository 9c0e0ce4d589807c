/* verify/data.h: user datasets from CSV.
 * One sample per line: features first, the label last, comma-separated; an
 * optional first header line (detected when a field of line 1 is not a number);
 * blank lines and lines starting with '#' are skipped; CRLF is accepted.
 * Every malformed input is refused with its line and field: non-numbers, empty
 * fields, NaN or Inf, ragged rows, fewer than two columns, no data rows.
 * Pure parsing (ovp_dataset_parse) is separate from file reading so it can be fuzzed. */
#ifndef OVP_DATA_H
#define OVP_DATA_H

#include "mat.h"
#include "run.h"

#include <stdint.h>

typedef struct {
    size_t n, d;   /* samples, features */
    double *X;     /* n×d row-major */
    double *y;     /* n labels */
    int has_header;
    uint64_t fnv1a; /* hash of the file's bytes, for provenance */
} ovp_dataset;

int ovp_dataset_parse(const char *text, size_t len, ovp_dataset *ds, char *err, size_t errlen);
/* Reads and parses a regular file. Anything else (a directory, FIFO, device or
 * socket) is refused before a byte is read, so /dev/zero or a FIFO can neither
 * exhaust memory nor block; every refusal is OVP_EDATA with one message. */
int ovp_dataset_read(const char *path, ovp_dataset *ds, char *err, size_t errlen);
void ovp_dataset_free(ovp_dataset *ds);

ovp_mat ovp_dataset_features(const ovp_dataset *ds);

/* Rescales every row of X to unit norm; *n_rescaled counts rows whose norm
 * differed from 1 by more than OVP_UNIT_NORM_TOL. A zero row cannot be
 * normalised: OVP_EDATA with its line in err. */
int ovp_dataset_normalise_rows(ovp_dataset *ds, size_t *n_rescaled, char *err, size_t errlen);

/* A harness's --data file: reads it (malformed input is OVP_EDATA with the
 * line and field in err), rescales rows to unit norm when `unit_norm_why` is
 * given (a run note says how many and why, e.g. "P3 assumes ||x_i|| = 1"), and
 * records the path and a hash of the bytes in the run's provenance. */
int ovp_run_read_data(ovp_run *r, const char *path, const char *unit_norm_why, ovp_dataset *ds,
                      char *err, size_t errlen);

/* Norms within this of 1 count as unit: a few ulps of a d-term sum. */
#define OVP_UNIT_NORM_TOL 1e-12

/* Unit-norm inputs closer than this in cosine count as parallel (same
 * direction): angle below ~1.4e-6 rad, far above the ~d·eps rounding of x_iᵀx_j. */
#define OVP_PARALLEL_COS_TOL 1e-12

/* Finds a pair i < j of unit-norm rows with x_iᵀx_j ≥ 1 − OVP_PARALLEL_COS_TOL
 * from K = XXᵀ (upper triangle). Returns 1 and the pair, or 0. */
int ovp_find_parallel_pair(const ovp_mat *K, size_t *i, size_t *j);

#endif
