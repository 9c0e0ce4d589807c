/* verify/io/dataset.h: user datasets (`--data FILE`), one reader for every harness.
 *
 * What is read: one sample per row, the label in one column (the last unless
 * --label-col says), every other column a feature. Formats, told apart by their
 * first bytes, never by the file name:
 *   text    separated by ',', ';', a tab or runs of blanks (detected, or
 *           --delimiter); LF, CRLF or CR-only line ends; a UTF-8 byte-order
 *           mark; RFC 4180 quoting ("a ""b""", separators and line ends inside
 *           quotes); blank lines and lines starting with '#' skipped;
 *   gzip    any of the above, compressed (zlib);
 *   .npy    NumPy's array format, a 2-D array whose columns are as above;
 *   .npz    arrays X (n x d) and y (n), or a single array as .npy.
 *
 * Never a silent guess. The rules, each with the option that overrides it:
 *   separator   the first of tab, ';', ',', blanks that gives every row after
 *               the first the same number (>= 2) of fields (--delimiter);
 *   header      the first row is a header when it cannot be data: its width
 *               differs from the rows below (scikit-learn's "n,d,names"), a
 *               field is empty or not a number, or its label is a name that no
 *               other row has; a first row that reads 0,1,2,... or 1,2,3,...
 *               (pandas' integer column names, or a sample?) is refused as
 *               ambiguous (--header yes|no);
 *   index       a first column holding 0..n-1 or 1..n in order is an index
 *               written by pandas or R: dropped with a note when its header is
 *               empty, refused otherwise (--drop-cols 1 or --drop-cols none);
 *   labels      numbers are used as they are; class names need --labels
 *               NAME=VALUE,...; exactly two class names default to +1 for the
 *               first seen and -1 for the other, with a note;
 *   numbers     plain decimals ('.' as the decimal point, no hex); a decimal
 *               comma ("5,1" in a ';' file), NaN, Inf, R's NA, an empty field
 *               are refused with their line and field.
 * Every refusal is OVP_EDATA with one message naming the cause and the fix. */
#ifndef OVP_DATASET_H
#define OVP_DATASET_H

#include "mat.h"
#include "args.h"
#include "status.h"

#include <float.h>
#include <stdint.h>

/* What detection cannot settle. NULL fields mean "detect / default". */
typedef struct {
    const char *header;    /* "yes", "no" or "auto" */
    const char *delimiter; /* ",", ";", "tab", "space" (runs of blanks) */
    const char *label_col; /* 1-based column number or header name; default the last */
    const char *drop_cols; /* 1-based numbers or names, comma-separated, or "none" */
    const char *labels;    /* class names to numbers: "setosa=1,versicolor=-1" */
} ovp_dataset_options;

typedef struct {
    size_t n, d;          /* samples, features */
    double *X;            /* n×d row-major */
    double *y;            /* n labels */
    int has_header;
    char *header;         /* the header row's text as read (NULL: none) */
    char format[16];      /* "text", "text+gzip", "npy", "npz" */
    char separator[16];   /* "comma", "semicolon", "tab", "blanks" ("" for NumPy) */
    int separator_given;  /* 1: --delimiter; 0: detected */
    char label_column[96];/* "5" or "5 ('target')" */
    char dropped[160];    /* the columns dropped, "" for none */
    char note[640];       /* what a rule decided (index dropped, classes mapped), "" for nothing */
    char sha256[65];      /* of the file's bytes as on disk (ovp_dataset_read) */
} ovp_dataset;

/* The --data options of `ovp verify` into o (pointers into a). */
void ovp_dataset_options_from_args(const ovp_args *a, ovp_dataset_options *o);

/* Parses text (the format's rules above; o may be NULL). Pure, fuzzed. */
OVP_MUST_CHECK int ovp_dataset_parse(const char *text, size_t len, const ovp_dataset_options *o, ovp_dataset *ds,
                                     char *err, size_t errlen);
/* Any supported format from its bytes: gzip is inflated first, NumPy's by
 * their magic. Pure, fuzzed. */
OVP_MUST_CHECK int ovp_dataset_from_bytes(const void *buf, size_t len, const ovp_dataset_options *o,
                                          ovp_dataset *ds, char *err, size_t errlen);
/* Reads a regular file (anything else is refused before a byte is read) and
 * records its SHA-256 (a second pass over the file). Memory: about the n×(d+1)
 * values read, 8n(d+1) bytes, plus 1 MiB pieces: a .npy is read in pieces
 * straight into its matrix, text is mapped and each pass gives back the pages
 * behind it, and X is compacted in place. A .gz also holds its inflated bytes;
 * an .npz is held whole. */
OVP_MUST_CHECK int ovp_dataset_read(const char *path, const ovp_dataset_options *o, ovp_dataset *ds, char *err,
                                    size_t errlen);
void ovp_dataset_free(ovp_dataset *ds);

ovp_mat ovp_dataset_features(const ovp_dataset *ds);

/* Rescales every row of X to unit norm; *n_rescaled counts rows whose norm
 * differed from 1 by more than OVP_UNIT_NORM_TOL(d). A zero row cannot be
 * normalised: OVP_EDATA with its line in err. */
OVP_MUST_CHECK int ovp_dataset_normalise_rows(ovp_dataset *ds, size_t *n_rescaled, char *err, size_t errlen);

/* Norms within this of 1 count as unit: the rounding of a d-term sum of
 * squares and its square root, 4(d + 2)u. A looser tolerance would leave rows
 * off by up to 1e-12 unnormalised, which moves a small λ₀ by far more than its
 * error bound (near-parallel rows: λ₀ ~ θ/2π). */
#define OVP_UNIT_NORM_TOL(d) (4.0 * ((double)(d) + 2.0) * DBL_EPSILON / 2)

/* The pair of rows with the largest cosine, and their angle. */
typedef struct {
    int found;        /* n >= 2 */
    size_t i, j;      /* 0-based, i < j */
    double theta;     /* computed stably (kernels/numerics/angle.h) */
    int parallel;     /* theta within its own rounding error of 0 */
} ovp_pair;

/* The closest pair of rows of X (n×d) by K = XXᵀ (upper triangle). */
void ovp_dataset_closest_pair(const ovp_mat *X, const ovp_mat *K, ovp_pair *p);

/* The refusal of data whose kernel's smallest eigenvalue `what` = value is not
 * above its error bound: names the closest pair ("data rows 102 and 143 point
 * in the same direction" when parallel), the value, the bound, and the
 * consequence. */
void ovp_dataset_degenerate_message(const ovp_pair *p, const char *what, double value, double bound,
                                    const char *consequence, char *err, size_t errlen);

#endif
