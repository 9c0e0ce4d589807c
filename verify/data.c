/* verify/data.c: strict CSV reader for user datasets. */
#include "data.h"
#include "fsutil.h"
#include "status.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    const char *p, *end;
    size_t line;
} cursor;

/* Next line [*b, *e) without its terminator; 0 at end of text. */
static int next_line(cursor *c, const char **b, const char **e)
{
    if (c->p >= c->end)
        return 0;
    *b = c->p;
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    *e = nl ? nl : c->end;
    c->p = nl ? nl + 1 : c->end;
    if (*e > *b && (*e)[-1] == '\r')
        (*e)--;
    c->line++;
    return 1;
}

static int blank_or_comment(const char *b, const char *e)
{
    while (b < e && isspace((unsigned char)*b))
        b++;
    return b == e || *b == '#';
}

static size_t count_fields(const char *b, const char *e)
{
    size_t n = 1;
    for (; b < e; b++)
        n += *b == ',';
    return n;
}

typedef enum { FIELD_OK, FIELD_EMPTY, FIELD_NOT_NUMBER, FIELD_NOT_FINITE } field_status;

static field_status parse_field(const char *b, const char *e, double *out)
{
    while (b < e && isspace((unsigned char)*b))
        b++;
    while (e > b && isspace((unsigned char)e[-1]))
        e--;
    if (b == e)
        return FIELD_EMPTY;
    char buf[128];
    size_t len = (size_t)(e - b);
    if (len >= sizeof buf || memchr(b, '\0', len))
        return FIELD_NOT_NUMBER;
    memcpy(buf, b, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || end == buf)
        return FIELD_NOT_NUMBER;
    if (!isfinite(v))
        return FIELD_NOT_FINITE;
    *out = v;
    return FIELD_OK;
}

/* Parses one data line into row[0..fields); 0 or an error message. */
static int parse_row(const char *b, const char *e, size_t fields, double *row, size_t line,
                     char *err, size_t errlen)
{
    for (size_t k = 0; k < fields; k++) {
        const char *comma = memchr(b, ',', (size_t)(e - b));
        const char *fe = comma ? comma : e;
        field_status fs = parse_field(b, fe, &row[k]);
        if (fs != FIELD_OK) {
            int w = (int)((fe - b) > 40 ? 40 : (fe - b));
            if (fs == FIELD_EMPTY)
                snprintf(err, errlen, "line %zu, field %zu is empty", line, k + 1);
            else if (fs == FIELD_NOT_FINITE)
                snprintf(err, errlen, "line %zu, field %zu: '%.*s' is not finite (NaN and Inf are refused)",
                         line, k + 1, w, b);
            else
                snprintf(err, errlen, "line %zu, field %zu: '%.*s' is not a number", line, k + 1, w, b);
            return OVP_EDATA;
        }
        b = comma ? comma + 1 : e;
    }
    return OVP_OK;
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

int ovp_dataset_parse(const char *text, size_t len, ovp_dataset *ds, char *err, size_t errlen)
{
    memset(ds, 0, sizeof *ds);
    ds->fnv1a = fnv1a(text, len);
    cursor c = {text, text + len, 0};
    const char *b, *e;
    size_t fields = 0, rows = 0, first_line = 0;
    /* Pass 1: shape, header, and the number of data rows. */
    while (next_line(&c, &b, &e)) {
        if (blank_or_comment(b, e))
            continue;
        size_t f = count_fields(b, e);
        if (!fields) {
            fields = f;
            first_line = c.line;
            if (f < 2) {
                snprintf(err, errlen, "line %zu has %zu field; need features and a label (at least 2 columns)",
                         c.line, f);
                return OVP_EDATA;
            }
            /* header: any field of the first line that is not a number */
            double tmp;
            const char *p = b;
            for (size_t k = 0; k < f && !ds->has_header; k++) {
                const char *comma = memchr(p, ',', (size_t)(e - p));
                const char *fe = comma ? comma : e;
                ds->has_header = parse_field(p, fe, &tmp) == FIELD_NOT_NUMBER;
                p = comma ? comma + 1 : e;
            }
            if (ds->has_header)
                continue;
        } else if (f != fields) {
            snprintf(err, errlen, "line %zu has %zu fields, expected %zu like line %zu", c.line, f,
                     fields, first_line);
            return OVP_EDATA;
        }
        rows++;
    }
    if (rows == 0) {
        snprintf(err, errlen, "no data rows%s", fields ? " (only a header)" : " (empty file)");
        return OVP_EDATA;
    }
    size_t d = fields - 1;
    if (rows > SIZE_MAX / fields / sizeof(double)) {
        snprintf(err, errlen, "dataset too large");
        return OVP_EDATA;
    }
    ds->X = malloc(rows * d * sizeof(double));
    ds->y = malloc(rows * sizeof(double));
    double *row = malloc(fields * sizeof(double));
    if (!ds->X || !ds->y || !row) {
        free(row);
        ovp_dataset_free(ds);
        snprintf(err, errlen, "out of memory for %zu rows x %zu columns", rows, fields);
        return OVP_ENOMEM;
    }
    /* Pass 2: values. */
    c = (cursor){text, text + len, 0};
    size_t i = 0;
    int skipped_header = !ds->has_header;
    while (next_line(&c, &b, &e)) {
        if (blank_or_comment(b, e))
            continue;
        if (!skipped_header) {
            skipped_header = 1;
            continue;
        }
        if (parse_row(b, e, fields, row, c.line, err, errlen)) {
            free(row);
            ovp_dataset_free(ds);
            return OVP_EDATA;
        }
        memcpy(ds->X + i * d, row, d * sizeof(double));
        ds->y[i++] = row[d];
    }
    free(row);
    ds->n = rows;
    ds->d = d;
    return OVP_OK;
}

int ovp_dataset_read(const char *path, ovp_dataset *ds, char *err, size_t errlen)
{
    char *text;
    size_t len;
    memset(ds, 0, sizeof *ds);
    /* a dataset path is user input: unreadable is bad input, not an I/O fault */
    int st = ovp_read_file(path, &text, &len, err, errlen);
    if (st)
        return st == OVP_ENOMEM ? st : OVP_EDATA;
    char inner[400] = "";
    st = ovp_dataset_parse(text, len, ds, inner, sizeof inner);
    free(text);
    if (st)
        snprintf(err, errlen, "%s: %s", path, inner);
    return st;
}

void ovp_dataset_free(ovp_dataset *ds)
{
    free(ds->X);
    free(ds->y);
    memset(ds, 0, sizeof *ds);
}

ovp_mat ovp_dataset_features(const ovp_dataset *ds) { return ovp_mat_view(ds->X, ds->n, ds->d); }

int ovp_dataset_normalise_rows(ovp_dataset *ds, size_t *n_rescaled, char *err, size_t errlen)
{
    *n_rescaled = 0;
    for (size_t i = 0; i < ds->n; i++) {
        double *x = ds->X + i * ds->d, s = 0.0;
        for (size_t j = 0; j < ds->d; j++)
            s += x[j] * x[j];
        double norm = sqrt(s);
        if (!(norm > 0.0) || !isfinite(norm)) {
            snprintf(err, errlen, "data row %zu has %s norm and cannot be normalised to the unit sphere",
                     i + 1, norm > 0.0 ? "infinite" : "zero");
            return OVP_EDATA;
        }
        if (fabs(norm - 1.0) > OVP_UNIT_NORM_TOL) {
            (*n_rescaled)++;
            for (size_t j = 0; j < ds->d; j++)
                x[j] /= norm;
        }
    }
    return OVP_OK;
}

int ovp_find_parallel_pair(const ovp_mat *K, size_t *pi, size_t *pj)
{
    for (size_t i = 0; i < K->rows; i++)
        for (size_t j = i + 1; j < K->cols; j++)
            if (OVP_AT(K, i, j) >= 1.0 - OVP_PARALLEL_COS_TOL) {
                *pi = i;
                *pj = j;
                return 1;
            }
    return 0;
}

int ovp_run_read_data(ovp_run *r, const char *path, const char *unit_norm_why, ovp_dataset *ds,
                      char *err, size_t errlen)
{
    int st = ovp_dataset_read(path, ds, err, errlen);
    size_t rescaled = 0;
    if (!st && unit_norm_why)
        st = ovp_dataset_normalise_rows(ds, &rescaled, err, errlen);
    if (st) {
        ovp_dataset_free(ds);
        return st;
    }
    if (rescaled)
        ovp_run_note(r, "%zu of %zu rows of %s were not unit norm and were normalised (%s)", rescaled,
                     ds->n, path, unit_norm_why);
    snprintf(r->data_path, sizeof r->data_path, "%s", path);
    ovp_run_param_str(r, "data", path);
    char hash[24];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)ds->fnv1a);
    ovp_run_param_str(r, "data_fnv1a64", hash);
    return OVP_OK;
}
