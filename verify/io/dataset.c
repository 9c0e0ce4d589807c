/* verify/io/dataset.c: the --data reader (formats and rules in data.h). */
#define _DEFAULT_SOURCE /* madvise(MADV_DONTNEED): posix_madvise's is a no-op in glibc */
#include "dataset.h"
#include "angle.h"
#include "fs.h"
#include "npy.h"
#include "status.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

/* ------------------------------------------------------------- numbers */

typedef enum {
    NUM_OK,
    NUM_EMPTY,
    NUM_NOT_NUMBER,
    NUM_NOT_FINITE,
    NUM_MISSING,      /* R's NA */
    NUM_DECIMAL_COMMA /* 5,1 */
} num_status;

/* A plain decimal: [+-] (digits [. digits] | . digits) [e [+-] digits]. No hex,
 * no words: what spreadsheets, pandas, NumPy and R write. */
static int is_decimal(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n && isdigit((unsigned char)s[i]); i++)
        digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && isdigit((unsigned char)s[i]); i++)
            digits++;
    if (!digits)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp = 0;
        for (; i < n && isdigit((unsigned char)s[i]); i++)
            exp++;
        if (!exp)
            return 0;
    }
    return i == n;
}

static int word_is(const char *s, size_t n, const char *w)
{
    if (n && (*s == '+' || *s == '-'))
        s++, n--;
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* s[0..n) (no NUL needed) as a finite double. */
static num_status parse_number(const char *s, size_t n, double *out)
{
    if (n == 0)
        return NUM_EMPTY;
    if (!is_decimal(s, n)) {
        if (word_is(s, n, "nan") || word_is(s, n, "inf") || word_is(s, n, "infinity"))
            return NUM_NOT_FINITE;
        if (n == 2 && memcmp(s, "NA", 2) == 0)
            return NUM_MISSING;
        const char *comma = memchr(s, ',', n);
        if (comma && is_decimal(s, (size_t)(comma - s)) && is_decimal(comma + 1, n - (size_t)(comma - s) - 1) &&
            comma + 1 < s + n && isdigit((unsigned char)comma[1]))
            return NUM_DECIMAL_COMMA;
        return NUM_NOT_NUMBER;
    }
    char small[64], *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf)
        return NUM_NOT_NUMBER;
    memcpy(buf, s, n);
    buf[n] = '\0';
    double v = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    if (!isfinite(v))
        return NUM_NOT_FINITE;
    *out = v;
    return NUM_OK;
}

/* ------------------------------------------------------------- errors */

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return OVP_EDATA;
}

/* ------------------------------------------------------------- rows
 * One row at a time, RFC 4180 quoting: a field that starts with '"' runs to
 * the next lone '"', holding separators and line ends; "" is a quote. */

typedef struct {
    const char *b, *e; /* the field's text, inside its quotes when quoted */
    int escaped;       /* quoted and holding "" pairs */
} span;

/* The pages of a mapped file behind the reader, given back to the kernel as it
 * passes them (touched again, they are read again from the file): a pass over
 * a text file then holds a window of it, not all of it. */
typedef struct {
    const char *base; /* the mapping, page-aligned */
    size_t page;      /* the page size */
    size_t done;      /* bytes from base already given back (a multiple of page) */
} behind;
#define BEHIND_STEP ((size_t)1 << 20) /* a madvise call a MiB: the window held, and cheap */

static void give_back(behind *b, const char *p)
{
    if (!b)
        return;
    size_t at = (size_t)(p - b->base) / b->page * b->page;
    if (at < b->done) /* a new pass from the start */
        b->done = at;
    else if (at - b->done >= BEHIND_STEP) {
        (void)madvise((void *)(uintptr_t)(b->base + b->done), at - b->done, MADV_DONTNEED); /* a hint */
        b->done = at;
    }
}

typedef struct {
    const char *p, *end;
    behind *drop;      /* NULL, or the mapped file that p runs over */
    char sep;          /* ',', ';', '\t', or ' ' for runs of blanks */
    size_t line;       /* line of p, from 1 */
    size_t row_line;   /* line the current row starts on */
    const char *row_b, *row_e; /* the row's raw text */
    span *f;
    size_t nf, cap;
} rows;

static int line_end(const rows *r, const char *q) { return q < r->end && (*q == '\n' || *q == '\r'); }

/* Steps over the line end at *q (LF, CRLF or a lone CR). */
static const char *past_line_end(rows *r, const char *q)
{
    if (*q == '\r' && q + 1 < r->end && q[1] == '\n')
        q++;
    r->line++;
    return q + 1;
}

static int is_blank(const rows *r, char c) { return c == ' ' || (c == '\t' && r->sep != '\t'); }

static int push(rows *r, const char *b, const char *e, int escaped)
{
    if (r->nf == r->cap) {
        size_t c = r->cap ? 2 * r->cap : 16;
        span *f = realloc(r->f, c * sizeof *f);
        if (!f)
            return -1;
        r->f = f;
        r->cap = c;
    }
    r->f[r->nf++] = (span){b, e, escaped};
    return 0;
}

/* The next row's fields: 1, 0 at the end, -1 with a message. Blank lines and
 * lines whose first non-blank character is '#' are skipped. */
static int next_row(rows *r, char *err, size_t errlen)
{
    give_back(r->drop, r->p);
    for (;;) {
        if (r->p >= r->end)
            return 0;
        const char *q = r->p;
        while (q < r->end && (*q == ' ' || *q == '\t'))
            q++;
        if (q >= r->end) {
            r->p = r->end;
            return 0;
        }
        if (line_end(r, q)) {
            r->p = past_line_end(r, q);
            continue;
        }
        if (*q == '#') {
            while (q < r->end && !line_end(r, q))
                q++;
            r->p = q < r->end ? past_line_end(r, q) : r->end;
            continue;
        }
        break;
    }
    r->nf = 0;
    r->row_line = r->line;
    r->row_b = r->p;
    const char *p = r->p;
    for (;;) {
        while (p < r->end && is_blank(r, *p))
            p++;
        if (r->sep == ' ')
            while (p < r->end && (*p == ' ' || *p == '\t'))
                p++;
        const char *b, *e;
        int escaped = 0;
        if (p < r->end && *p == '"') {
            b = ++p;
            for (;; p++) {
                if (p >= r->end) {
                    fail(err, errlen, "line %zu: a quoted field (field %zu) is never closed", r->row_line,
                         r->nf + 1);
                    return -1;
                }
                if (*p == '"') {
                    if (p + 1 < r->end && p[1] == '"') {
                        escaped = 1;
                        p++;
                        continue;
                    }
                    break;
                }
                if (*p == '\r' && !(p + 1 < r->end && p[1] == '\n'))
                    r->line++;
                else if (*p == '\n')
                    r->line++;
            }
            e = p++;
            while (p < r->end && is_blank(r, *p))
                p++;
            if (p < r->end && !line_end(r, p) && *p != r->sep && !(r->sep == ' ' && *p == '\t')) {
                fail(err, errlen, "line %zu, field %zu: text after the closing quote", r->row_line, r->nf + 1);
                return -1;
            }
        } else {
            b = p;
            while (p < r->end && !line_end(r, p) && *p != r->sep && !(r->sep == ' ' && *p == '\t'))
                p++;
            e = p;
            while (e > b && is_blank(r, e[-1]))
                e--;
        }
        if (push(r, b, e, escaped)) {
            fail(err, errlen, "out of memory reading fields");
            return -1;
        }
        if (r->sep == ' ')
            while (p < r->end && (*p == ' ' || *p == '\t'))
                p++;
        if (p >= r->end || line_end(r, p)) {
            r->row_e = p;
            r->p = p < r->end ? past_line_end(r, p) : r->end;
            return 1;
        }
        if (r->sep != ' ')
            p++; /* the separator */
    }
}

/* A field's text, quotes undone, NUL-terminated in buf (grown as needed). */
static const char *field_text(const span *s, char **buf, size_t *cap)
{
    size_t n = (size_t)(s->e - s->b);
    if (n + 1 > *cap) {
        char *p = realloc(*buf, n + 1);
        if (!p)
            return "";
        *buf = p;
        *cap = n + 1;
    }
    size_t k = 0;
    for (const char *q = s->b; q < s->e; q++) {
        (*buf)[k++] = *q;
        if (s->escaped && *q == '"' && q + 1 < s->e && q[1] == '"')
            q++;
    }
    (*buf)[k] = '\0';
    return *buf;
}

static num_status field_number(const span *s, double *v)
{
    if (!s->escaped)
        return parse_number(s->b, (size_t)(s->e - s->b), v);
    return NUM_NOT_NUMBER; /* a number never holds a quote */
}

/* ------------------------------------------------------------- the table
 * Whatever the format, the data become n rows of w numbers (the label column
 * possibly class names, mapped to class numbers), then the rules pick the
 * label and drop columns. */

#define MAX_CLASSES 64

typedef struct {
    size_t n, w;
    double *T;            /* n×w */
    char **names;         /* w header names, or NULL */
    size_t label;         /* 0-based */
    int label_is_class;   /* T[., label] holds class numbers 0..n_classes-1 */
    char *classes[MAX_CLASSES];
    size_t n_classes;
} table;

static void table_free(table *t)
{
    free(t->T);
    if (t->names)
        for (size_t j = 0; j < t->w; j++)
            free(t->names[j]);
    free(t->names);
    for (size_t k = 0; k < t->n_classes; k++)
        free(t->classes[k]);
    memset(t, 0, sizeof *t);
}

static const char *sep_name(char sep)
{
    return sep == ',' ? "comma" : sep == ';' ? "semicolon" : sep == '\t' ? "tab" : "blanks";
}

/* A column named by a 1-based number or a header name: its 0-based index,
 * or w with a message. */
/* Every name parses as a number: the "header" is a row of data. */
static int all_numbers(char *const *names, size_t w)
{
    for (size_t j = 0; j < w; j++) {
        char *end;
        strtod(names[j], &end);
        if (!names[j][0] || *end)
            return 0;
    }
    return w > 0;
}

static size_t find_column(const table *t, const char *what, const char *opt, char *err, size_t errlen)
{
    size_t len = strlen(what);
    if (len && strspn(what, "0123456789") == len && len < 10) {
        unsigned long k = strtoul(what, NULL, 10);
        if (k >= 1 && k <= t->w)
            return k - 1;
        fail(err, errlen, "--%s %s: the data have columns 1 to %zu", opt, what, t->w);
        return t->w;
    }
    for (size_t j = 0; t->names && j < t->w; j++)
        if (strcmp(t->names[j], what) == 0)
            return j;
    if (!t->names)
        fail(err, errlen, "--%s '%s': the data have no header naming their columns; give a column number", opt,
             what);
    else if (all_numbers(t->names, t->w)) /* a name forced row 1 to be a header */
        fail(err, errlen, "--%s '%s' names a column, but the first row is numbers, not a header naming the "
             "columns: give a column number (1 to %zu), or add a header row", opt, what, t->w);
    else
        fail(err, errlen, "--%s '%s' is not a column name of the header (columns 1 to %zu)", opt, what, t->w);
    return t->w;
}

static void describe_column(const table *t, size_t j, char *buf, size_t len)
{
    if (t->names && t->names[j][0])
        snprintf(buf, len, "%zu ('%.60s')", j + 1, t->names[j]);
    else
        snprintf(buf, len, "%zu", j + 1);
}

/* Does column j hold 0..n-1 (base 0) or 1..n (base 1) in order? */
static int is_index_column(const table *t, size_t j, int *base)
{
    if (t->n < 2)
        return 0;
    for (int b = 0; b <= 1; b++) {
        size_t i = 0;
        while (i < t->n && t->T[i * t->w + j] == (double)(i + (size_t)b))
            i++;
        if (i == t->n) {
            *base = b;
            return 1;
        }
    }
    return 0;
}

static void add_note(ovp_dataset *ds, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(ovp_dataset *ds, const char *fmt, ...)
{
    size_t used = strlen(ds->note);
    if (used && used + 2 < sizeof ds->note) {
        strcpy(ds->note + used, "; ");
        used += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    if (used < sizeof ds->note)
        vsnprintf(ds->note + used, sizeof ds->note - used, fmt, ap);
    va_end(ap);
}

/* Class names to label values: --labels, or +1/-1 for exactly two. */
static int map_classes(const table *t, const char *labels, double *value, ovp_dataset *ds, char *err,
                       size_t errlen)
{
    char col[96];
    describe_column(t, t->label, col, sizeof col);
    if (!labels) {
        if (t->n_classes == 2) {
            value[0] = 1;
            value[1] = -1;
            add_note(ds, "column %s holds the class names '%s' and '%s', read as +1 and -1 (first seen is +1; "
                         "--labels sets other values)", col, t->classes[0], t->classes[1]);
            return OVP_OK;
        }
        char list[256] = "", hint[320] = "";
        for (size_t k = 0; k < t->n_classes && k < 6; k++) {
            size_t a = strlen(list), b = strlen(hint);
            snprintf(list + a, sizeof list - a, "%s'%.30s'", k ? ", " : "", t->classes[k]);
            snprintf(hint + b, sizeof hint - b, "%s%.30s=%zu", k ? "," : "", t->classes[k], k + 1);
        }
        return fail(err, errlen, "column %s holds %zu class name%s (%s%s), not numbers: give --labels %s%s "
                    "(any numbers), or --label-col for another column", col, t->n_classes,
                    t->n_classes == 1 ? "" : "s", list, t->n_classes > 6 ? ", ..." : "", hint,
                    t->n_classes > 6 ? ",..." : "");
    }
    for (size_t k = 0; k < t->n_classes; k++)
        value[k] = NAN;
    size_t given = 0;
    for (const char *p = labels; *p;) {
        const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        double v;
        if (!eq || eq == p || parse_number(eq + 1, (size_t)(end - eq - 1), &v) != NUM_OK)
            return fail(err, errlen, "--labels takes NAME=NUMBER pairs separated by commas, e.g. "
                        "setosa=1,versicolor=-1; '%.*s' is not one", (int)(end - p), p);
        size_t k = 0;
        while (k < t->n_classes && (strlen(t->classes[k]) != (size_t)(eq - p) ||
                                    strncmp(t->classes[k], p, (size_t)(eq - p)) != 0))
            k++;
        if (k == t->n_classes)
            return fail(err, errlen, "--labels names '%.*s', which column %s never holds", (int)(eq - p), p, col);
        value[k] = v;
        given++;
        p = comma ? comma + 1 : end;
    }
    for (size_t k = 0; k < t->n_classes; k++)
        if (isnan(value[k]))
            return fail(err, errlen, "column %s holds the class name '%s', which --labels does not map", col,
                        t->classes[k]);
    char list[400] = "";
    for (size_t k = 0; k < t->n_classes; k++) {
        size_t a = strlen(list);
        snprintf(list + a, sizeof list - a, "%s%.30s=%.17g", k ? "," : "", t->classes[k], value[k]);
    }
    add_note(ds, "column %s's class names read as %s (--labels)", col, list);
    (void)given;
    return OVP_OK;
}

/* The rules after reading: label column, dropped columns (an index), class
 * names; then X and y. Consumes t. */
static int finish(table *t, const ovp_dataset_options *o, ovp_dataset *ds, char *err, size_t errlen)
{
    int st = OVP_OK;
    int *drop = calloc(t->w, sizeof *drop);
    double *value = NULL;
    if (!drop)
        st = OVP_ENOMEM;
    if (!st && t->w < 2)
        st = fail(err, errlen, "the data have %zu column; need features and a label (at least 2 columns)", t->w);
    /* the label column was fixed before reading (it decides the header) */
    describe_column(t, t->label, ds->label_column, sizeof ds->label_column);
    size_t dropped = 0;
    if (!st && o && o->drop_cols && strcmp(o->drop_cols, "none") != 0) {
        for (const char *p = o->drop_cols; *p && !st;) {
            const char *comma = strchr(p, ',');
            char one[128];
            snprintf(one, sizeof one, "%.*s", (int)(comma ? (size_t)(comma - p) : strlen(p)), p);
            size_t j = find_column(t, one, "drop-cols", err, errlen);
            if (j == t->w)
                st = OVP_EDATA;
            else if (j == t->label)
                st = fail(err, errlen, "--drop-cols %s names the label column", one);
            else
                drop[j] = 1;
            p = comma ? comma + 1 : p + strlen(p);
        }
    } else if (!st && !(o && o->drop_cols) && t->label != 0 && t->w >= 3) {
        int base;
        if (is_index_column(t, 0, &base)) {
            int unnamed = t->names && (!t->names[0][0] || strncmp(t->names[0], "Unnamed: 0", 10) == 0);
            if (!unnamed)
                st = fail(err, errlen, "column 1 holds %d..%zu in order, like the index pandas or R write: give "
                          "--drop-cols 1 to drop it, or --drop-cols none to keep it as a feature", base,
                          t->n - 1 + (size_t)base);
            else {
                drop[0] = 1;
                add_note(ds, "column 1 (unnamed, holding %d..%zu in order: the index pandas or R write) was "
                             "dropped; --drop-cols none keeps it", base, t->n - 1 + (size_t)base);
            }
        }
    }
    for (size_t j = 0; j < t->w; j++)
        if (drop[j]) {
            size_t a = strlen(ds->dropped);
            char c[96];
            describe_column(t, j, c, sizeof c);
            snprintf(ds->dropped + a, sizeof ds->dropped - a, "%s%s", dropped ? ", " : "", c);
            dropped++;
        }
    size_t d = t->w - 1 - dropped;
    if (!st && d < 1)
        st = fail(err, errlen, "no feature column is left (%zu columns, the label and %zu dropped)", t->w, dropped);
    if (!st && t->label_is_class) {
        value = malloc(t->n_classes * sizeof *value);
        st = value ? map_classes(t, o ? o->labels : NULL, value, ds, err, errlen) : OVP_ENOMEM;
    } else if (!st && o && o->labels) {
        st = fail(err, errlen, "--labels maps class names, but column %s holds numbers", ds->label_column);
    }
    if (!st && !(ds->y = malloc((t->n ? t->n : 1) * sizeof *ds->y)))
        st = OVP_ENOMEM;
    if (!st) {
        /* X overwrites T in place: row i of X starts at i*d <= i*w. */
        for (size_t i = 0; i < t->n; i++) {
            const double *row = t->T + i * t->w;
            double label = row[t->label];
            double *x = t->T + i * d;
            for (size_t j = 0, k = 0; j < t->w; j++)
                if (j != t->label && !drop[j])
                    x[k++] = row[j];
            ds->y[i] = t->label_is_class ? value[(size_t)label] : label;
        }
        double *X = realloc(t->T, (t->n * d != 0 ? t->n * d : 1) * sizeof *X);
        ds->X = X ? X : t->T;
        t->T = NULL;
        ds->n = t->n;
        ds->d = d;
    }
    if (st == OVP_ENOMEM)
        snprintf(err, errlen, "out of memory for %zu rows x %zu columns", t->n, t->w);
    free(drop);
    free(value);
    table_free(t);
    return st;
}

/* ------------------------------------------------------------- text */

/* Row counts under one separator: the first row's and the width of the rows
 * below it (0 when they disagree). */
static void sniff(const char *text, size_t len, char sep, size_t *first, size_t *below)
{
    rows r = {.p = text, .end = text + len, .sep = sep, .line = 1};
    char err[8];
    *first = *below = 0;
    for (size_t k = 0; k < 64; k++) {
        int got = next_row(&r, err, sizeof err);
        if (got <= 0) {
            if (got < 0)
                *below = 0, *first = 0;
            break;
        }
        if (k == 0)
            *first = r.nf;
        else if (k == 1)
            *below = r.nf;
        else if (r.nf != *below) {
            *below = 0;
            break;
        }
    }
    free(r.f);
}

/* The first of tab, ';', ',', blanks under which every row after the first
 * has the same width >= 2 (a header may differ); with a single row, the first
 * that splits it. Otherwise the widest first row, and the width check names
 * the line that differs. */
static char pick_separator(const char *text, size_t len)
{
    static const char order[] = {'\t', ';', ',', ' '};
    size_t first[4], below[4], best = 2;
    for (size_t k = 0; k < 4; k++)
        sniff(text, len, order[k], &first[k], &below[k]);
    for (size_t k = 0; k < 4; k++)
        if (below[k] >= 2)
            return order[k];
    for (size_t k = 0; k < 4; k++)
        if (first[k] > first[best])
            best = k;
    return order[best];
}

static int parse_sep_option(const char *s, char *sep)
{
    if (!s)
        return 0;
    if (!strcmp(s, ",") || !strcmp(s, "comma"))
        *sep = ',';
    else if (!strcmp(s, ";") || !strcmp(s, "semicolon"))
        *sep = ';';
    else if (!strcmp(s, "tab") || !strcmp(s, "\t") || !strcmp(s, "\\t"))
        *sep = '\t';
    else if (!strcmp(s, "space") || !strcmp(s, " ") || !strcmp(s, "blanks") || !strcmp(s, "whitespace"))
        *sep = ' ';
    else
        return -1;
    return 1;
}

static int numbering_row(const rows *r, int *base)
{
    for (int b = 0; b <= 1; b++) {
        size_t k = 0;
        for (; k < r->nf; k++) {
            double v;
            if (field_number(&r->f[k], &v) != NUM_OK || v != (double)(k + (size_t)b))
                break;
        }
        if (k == r->nf) {
            *base = b;
            return 1;
        }
    }
    return 0;
}

static int field_error(const rows *r, size_t k, num_status ns, char *err, size_t errlen)
{
    int w = (int)((r->f[k].e - r->f[k].b) > 40 ? 40 : (r->f[k].e - r->f[k].b));
    const char *b = r->f[k].b;
    size_t line = r->row_line, field = k + 1;
    switch (ns) {
    case NUM_EMPTY:
        return fail(err, errlen, "line %zu, field %zu is empty", line, field);
    case NUM_NOT_FINITE:
        return fail(err, errlen, "line %zu, field %zu: '%.*s' is not finite (NaN and Inf are refused)", line,
                    field, w, b);
    case NUM_MISSING:
        return fail(err, errlen, "line %zu, field %zu: 'NA' is a missing value (R's NA); ovp needs every value",
                    line, field);
    case NUM_DECIMAL_COMMA:
        return fail(err, errlen, "line %zu, field %zu: '%.*s' has a decimal comma; ovp reads '.' as the decimal "
                    "point only (a comma could also group thousands): export the file with '.' decimals",
                    line, field, w, b);
    default:
        return fail(err, errlen, "line %zu, field %zu: '%.*s' is not a number", line, field, w, b);
    }
}

/* Index of a class name, adding it; MAX_CLASSES when there are too many. */
static size_t class_of(table *t, const char *name)
{
    for (size_t k = 0; k < t->n_classes; k++)
        if (strcmp(t->classes[k], name) == 0)
            return k;
    if (t->n_classes == MAX_CLASSES || !(t->classes[t->n_classes] = strdup(name)))
        return MAX_CLASSES;
    return t->n_classes++;
}

static int parse_text(const char *text, size_t len, const ovp_dataset_options *o, behind *drop, ovp_dataset *ds,
                      char *err, size_t errlen)
{
    memset(ds, 0, sizeof *ds);
    snprintf(ds->format, sizeof ds->format, "text");
    table t = {0};
    char *buf = NULL;
    size_t cap = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) { /* UTF-8 byte-order mark */
        text += 3;
        len -= 3;
    }
    if (memchr(text, '\0', len < 4096 ? len : 4096))
        return fail(err, errlen, "not a text file (a NUL byte in its first 4 KB), nor gzip, .npy or .npz");
    char sep = ',';
    int given = parse_sep_option(o ? o->delimiter : NULL, &sep);
    if (given < 0)
        return fail(err, errlen, "--delimiter takes ',', ';', tab or space (runs of blanks), not '%s'", o->delimiter);
    if (!given)
        sep = pick_separator(text, len);
    snprintf(ds->separator, sizeof ds->separator, "%s", sep_name(sep));
    ds->separator_given = given;
    const char *hdr = o && o->header ? o->header : "auto";
    if (strcmp(hdr, "yes") && strcmp(hdr, "no") && strcmp(hdr, "auto"))
        return fail(err, errlen, "--header takes yes, no or auto, not '%s'", hdr);

    /* Pass 1: rows, widths, the header, whether the labels are numbers. */
    rows r = {.p = text, .end = text + len, .drop = drop, .sep = sep, .line = 1};
    int got, st = OVP_OK;
    size_t first_w = 0, w = 0, w_line = 0, n_rows = 0, first_line = 0;
    const char *first_b = NULL, *first_e = NULL;
    while (!st && (got = next_row(&r, err, errlen)) > 0) {
        if (n_rows == 0) {
            first_w = r.nf;
            first_line = r.row_line;
            first_b = r.row_b;
            first_e = r.row_e;
        } else if (!w) {
            w = r.nf;
            w_line = r.row_line;
        } else if (r.nf != w) {
            st = fail(err, errlen, "line %zu has %zu field%s, expected %zu like line %zu (separator: %s%s)",
                      r.row_line, r.nf, r.nf == 1 ? "" : "s", w, w_line, sep_name(sep),
                      given ? "" : ", detected; --delimiter sets it");
        }
        n_rows++;
    }
    if (got < 0)
        st = OVP_EDATA;
    if (!st && n_rows == 0)
        st = fail(err, errlen, "no data rows (empty file)");
    if (st) {
        free(r.f);
        return st;
    }
    if (!w)
        w = first_w;
    if (w < 2) {
        free(r.f);
        return fail(err, errlen, "line %zu has 1 field (separator: %s%s); need features and a label (at least 2 "
                    "columns)", n_rows > 1 ? w_line : first_line, sep_name(sep),
                    given ? "" : ", detected; --delimiter sets it");
    }
    /* the label column decides what the first row can be */
    t.w = w;
    const char *lc = o ? o->label_col : NULL;
    int label_by_name = lc && !(strspn(lc, "0123456789") == strlen(lc) && *lc);
    /* Re-read row 1 to judge it. */
    rows r1 = {.p = text, .end = text + len, .drop = drop, .sep = sep, .line = 1};
    next_row(&r1, err, errlen);
    size_t label = w - 1;
    if (lc && !label_by_name) {
        unsigned long k = strtoul(lc, NULL, 10);
        if (k < 1 || k > w)
            st = fail(err, errlen, "--label-col %s: the data have columns 1 to %zu", lc, w);
        label = k - 1;
    }
    int header = !strcmp(hdr, "yes");
    const char *why = "";
    if (!st && !strcmp(hdr, "auto")) {
        int numbering_base;
        if (label_by_name) {
            header = 1;
            why = "--label-col names a column";
        } else if (first_w != w && n_rows > 1) {
            int any_word = 0;
            for (size_t k = 0; k < first_w; k++) {
                double v;
                any_word |= field_number(&r1.f[k], &v) == NUM_NOT_NUMBER;
            }
            if (!any_word)
                st = fail(err, errlen, "line %zu has %zu fields, expected %zu like line %zu (if line %zu is a "
                          "header, give --header yes)", w_line, w, first_w, first_line, first_line);
            header = 1;
        } else {
            for (size_t k = 0; k < first_w && !header; k++) {
                double v;
                /* a word; a bad number (NaN, 1e999, NA, 5,1) is data, refused below */
                num_status ns = field_number(&r1.f[k], &v);
                if (ns == NUM_EMPTY || (ns == NUM_NOT_NUMBER && k != label))
                    header = 1;
            }
            if (!header && label < first_w) {
                double v;
                if (field_number(&r1.f[label], &v) == NUM_NOT_NUMBER) {
                    /* a name in the label column: data if another row has it */
                    header = 1;
                    rows rr = r1;
                    rr.f = NULL;
                    rr.cap = rr.nf = 0;
                    char *a = NULL, *b = NULL;
                    size_t ca = 0, cb = 0;
                    const char *mine = field_text(&r1.f[label], &a, &ca);
                    while (header && next_row(&rr, err, errlen) > 0)
                        if (rr.nf > label && strcmp(field_text(&rr.f[label], &b, &cb), mine) == 0)
                            header = 0;
                    free(a);
                    free(b);
                    free(rr.f);
                }
            }
            if (!header && n_rows > 1 && numbering_row(&r1, &numbering_base))
                st = fail(err, errlen, "line %zu reads %d,%d,...: column numbers (pandas writes them as names) "
                          "or a sample? give --header yes or --header no", first_line, numbering_base,
                          numbering_base + 1);
        }
    }
    (void)why;
    if (!st && !header && first_w != w)
        st = fail(err, errlen, "line %zu has %zu fields, expected %zu like line %zu", w_line, w, first_w, first_line);
    if (!st && header) {
        ds->has_header = 1;
        size_t n = (size_t)(first_e - first_b);
        ds->header = malloc(n + 1);
        if (ds->header) {
            memcpy(ds->header, first_b, n);
            ds->header[n] = '\0';
        }
        if (first_w == w && (t.names = calloc(w, sizeof *t.names)))
            for (size_t k = 0; k < w; k++)
                t.names[k] = strdup(field_text(&r1.f[k], &buf, &cap));
        if (n_rows == 1)
            st = fail(err, errlen, "no data rows (only a header)");
    }
    if (!st && label_by_name) {
        label = find_column(&t, lc, "label-col", err, errlen);
        if (label == w)
            st = OVP_EDATA;
    }
    free(r1.f);
    t.label = label;
    t.n = n_rows - (size_t)header;
    /* Pass 2: the numbers. */
    if (!st && t.n > SIZE_MAX / sizeof(double) / w)
        st = fail(err, errlen, "dataset too large");
    if (!st && !(t.T = malloc((t.n * w != 0 ? t.n * w : 1) * sizeof *t.T)))
        st = fail(err, errlen, "out of memory for %zu rows x %zu columns", t.n, w);
    /* Labels are read as numbers; the first label that is a word restarts the
     * pass reading the column as class names (only such files pay twice). */
    for (int restart = 1; restart && !st;) {
        restart = 0;
        r.p = text;
        r.line = 1;
        size_t i = 0, k = 0;
        while (!st && !restart && next_row(&r, err, errlen) > 0) {
            if (k++ == 0 && header)
                continue;
            double *row = t.T + i * w;
            for (size_t j = 0; j < w && !st; j++) {
                if (j == label && t.label_is_class) {
                    size_t c = class_of(&t, field_text(&r.f[j], &buf, &cap));
                    if (c == MAX_CLASSES)
                        st = fail(err, errlen, "column %zu holds more than %d distinct names: not class labels",
                                  label + 1, MAX_CLASSES);
                    row[j] = (double)c;
                    continue;
                }
                num_status ns = field_number(&r.f[j], &row[j]);
                if (ns == NUM_NOT_NUMBER && j == label && !t.label_is_class)
                    restart = t.label_is_class = 1;
                else if (ns != NUM_OK)
                    st = field_error(&r, j, ns, err, errlen);
                if (restart)
                    break;
            }
            i++;
        }
    }
    free(r.f);
    free(buf);
    if (st) {
        table_free(&t);
        ovp_dataset_free(ds);
        return st;
    }
    st = finish(&t, o, ds, err, errlen);
    if (st)
        ovp_dataset_free(ds);
    return st;
}

int ovp_dataset_parse(const char *text, size_t len, const ovp_dataset_options *o, ovp_dataset *ds,
                      char *err, size_t errlen)
{
    return parse_text(text, len, o, NULL, ds, err, errlen);
}

/* ------------------------------------------------------------- NumPy */

/* The rules on arrays read from NumPy's formats; consumes X and y. A single
 * array becomes the table as it is (no copy); X and y are joined into one. */
static int from_arrays(ovp_npy_matrix *X, ovp_npy_matrix *y, int has_y, int npz, const ovp_dataset_options *o,
                       ovp_dataset *ds, char *err, size_t errlen)
{
    int st = OVP_OK;
    snprintf(ds->format, sizeof ds->format, npz ? "npz" : "npy");
    if (o && (o->delimiter || (o->header && strcmp(o->header, "auto"))))
        st = fail(err, errlen, "--delimiter and --header apply to text files, not NumPy's");
    table t = {0}; /* ovp_npy_parse_npz checked that y is one column of X's rows */
    t.n = X->rows;
    t.w = X->cols + (size_t)has_y;
    if (!st && t.n > SIZE_MAX / sizeof(double) / (t.w ? t.w : 1))
        st = fail(err, errlen, "dataset too large");
    if (!st && !has_y) {
        t.T = X->data;
        X->data = NULL;
    } else if (!st && !(t.T = malloc((t.n * t.w != 0 ? t.n * t.w : 1) * sizeof *t.T)))
        st = fail(err, errlen, "out of memory for %zu rows x %zu columns", t.n, t.w);
    for (size_t i = 0; !st && has_y && i < t.n; i++) {
        memcpy(t.T + i * t.w, X->data + i * X->cols, X->cols * sizeof(double));
        t.T[i * t.w + X->cols] = y->data[i];
    }
    for (size_t i = 0; !st && i < t.n * t.w; i++)
        if (!isfinite(t.T[i]))
            st = fail(err, errlen, "row %zu, column %zu: %g is not finite (NaN and Inf are refused)", i / t.w + 1,
                      i % t.w + 1, t.T[i]);
    ovp_npy_matrix_free(X);
    ovp_npy_matrix_free(y);
    t.label = t.w ? t.w - 1 : 0;
    const char *lc = o ? o->label_col : NULL;
    if (!st && lc) {
        t.label = find_column(&t, lc, "label-col", err, errlen);
        if (t.label == t.w)
            st = OVP_EDATA;
    }
    if (st) {
        table_free(&t);
        return st;
    }
    return finish(&t, o, ds, err, errlen);
}

static int from_numpy(const void *buf, size_t len, int npz, const ovp_dataset_options *o, ovp_dataset *ds,
                      char *err, size_t errlen)
{
    ovp_npy_matrix X = {0}, y = {0};
    int has_y = 0;
    int st = npz ? ovp_npy_parse_npz(buf, len, &X, &y, &has_y, err, errlen) : ovp_npy_parse(buf, len, &X, err, errlen);
    if (st)
        return st;
    return from_arrays(&X, &y, has_y, npz, o, ds, err, errlen);
}

/* ------------------------------------------------------------- bytes */

/* Where gzip's compressed bytes come from: memory, or a file read in pieces
 * (so that a .gz file is never held whole, only what it inflates to). */
typedef struct {
    const unsigned char *mem; /* the whole input, or NULL: read fd */
    int fd;
    const char *path;
    unsigned char *chunk;     /* READ_CHUNK bytes, for fd */
} gz_source;
#define READ_CHUNK ((size_t)1 << 20) /* the piece a file is read in */

/* The reader's failures that are not the data's: the system's (errno), a
 * file that ends before the size it had when opened, memory. */
static int io_error(const char *path, char *err, size_t errlen)
{
    snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
    return OVP_EIO;
}

static int changed(const char *path, char *err, size_t errlen)
{
    snprintf(err, errlen, "cannot read '%s': it changed while it was read", path);
    return OVP_EIO;
}

static int no_memory(const char *path, char *err, size_t errlen)
{
    snprintf(err, errlen, "out of memory reading '%s'", path);
    return OVP_ENOMEM;
}

/* The next piece of input, bytes fed .. of len: at most 4 GiB (zlib's uInt). */
static int gz_more(gz_source *src, size_t fed, size_t len, unsigned char **p, size_t *n, char *err, size_t errlen)
{
    size_t want = len - fed > UINT32_MAX ? UINT32_MAX : len - fed;
    if (src->mem) {
        *p = (unsigned char *)src->mem + fed;
        *n = want;
        return OVP_OK;
    }
    if (want > READ_CHUNK)
        want = READ_CHUNK;
    int st = ovp_fs_read_some(src->fd, src->path, src->chunk, want, n, err, errlen);
    if (!st && *n < want)
        st = changed(src->path, err, errlen);
    *p = src->chunk;
    return st;
}

/* Inflates a gzip input of len bytes (every member) into a NUL-terminated buffer. */
static int gunzip(gz_source *src, size_t len, char **out, size_t *out_len, char *err, size_t errlen)
{
    z_stream z = {0};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return fail(err, errlen, "cannot start zlib");
    size_t cap = len < SIZE_MAX / 4 ? 4 * len + 4096 : len, n = 0;
    char *buf = malloc(cap);
    int st = buf ? OVP_OK : OVP_ENOMEM, zr = Z_OK;
    size_t fed = 0, got = 0;
    unsigned char *in = NULL;
    if (!st)
        st = gz_more(src, fed, len, &in, &got, err, errlen);
    z.next_in = in;
    z.avail_in = (uInt)got;
    fed += got;
    while (!st) {
        if (cap - n < 2) {
            char *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!bigger) {
                st = OVP_ENOMEM;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t room = cap - n - 1;
        z.next_out = (unsigned char *)buf + n;
        z.avail_out = (uInt)(room > UINT32_MAX ? UINT32_MAX : room);
        uInt before = z.avail_out;
        zr = inflate(&z, Z_NO_FLUSH);
        n += before - z.avail_out;
        if (z.avail_in == 0 && fed < len) { /* inputs over 4 GiB, and files, arrive in pieces */
            if ((st = gz_more(src, fed, len, &in, &got, err, errlen)) != OVP_OK)
                break;
            z.next_in = in;
            z.avail_in = (uInt)got;
            fed += got;
        }
        if (zr == Z_STREAM_END) {
            if (z.avail_in == 0 && fed == len)
                break;
            if (inflateReset(&z) != Z_OK) /* another gzip member follows */
                st = fail(err, errlen, "damaged gzip data");
            continue;
        }
        if (zr == Z_BUF_ERROR && z.avail_in == 0)
            st = fail(err, errlen, "the gzip data end early (a truncated .gz file)");
        else if (zr != Z_OK && zr != Z_BUF_ERROR)
            st = fail(err, errlen, "damaged gzip data (zlib: %s)", z.msg ? z.msg : "error");
    }
    inflateEnd(&z);
    if (st) {
        if (st == OVP_ENOMEM)
            snprintf(err, errlen, "out of memory inflating the gzip data (%zu bytes so far)", n);
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return OVP_OK;
}

static int is_gzip(const unsigned char *b, size_t len) { return len >= 2 && b[0] == 0x1f && b[1] == 0x8b; }

/* Any format from inflated gzip data. */
static int from_gzip(gz_source *src, size_t len, const ovp_dataset_options *o, ovp_dataset *ds, char *err,
                     size_t errlen);

/* drop: NULL, or the mapped file that buf is (text passes give it back as they go). */
static int from_bytes(const void *buf, size_t len, const ovp_dataset_options *o, ovp_dataset *ds, int depth,
                      behind *drop, char *err, size_t errlen)
{
    const unsigned char *b = buf;
    memset(ds, 0, sizeof *ds); /* a refusal leaves nothing to free, whatever the format */
    if (is_gzip(b, len)) {
        if (depth)
            return fail(err, errlen, "gzip inside gzip: decompress the file once first");
        gz_source src = {.mem = b};
        return from_gzip(&src, len, o, ds, err, errlen);
    }
    if (len >= 6 && memcmp(b, "\x93NUMPY", 6) == 0)
        return from_numpy(buf, len, 0, o, ds, err, errlen);
    if (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0)
        return from_numpy(buf, len, 1, o, ds, err, errlen);
    if (len >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)))
        return fail(err, errlen, "UTF-16 text (a UTF-16 byte-order mark): save the file as UTF-8");
    return parse_text(buf, len, o, drop, ds, err, errlen);
}

static int from_gzip(gz_source *src, size_t len, const ovp_dataset_options *o, ovp_dataset *ds, char *err,
                     size_t errlen)
{
    char *text = NULL;
    size_t n = 0;
    int st = gunzip(src, len, &text, &n, err, errlen);
    if (st)
        return st;
    st = from_bytes(text, n, o, ds, 1, NULL, err, errlen);
    free(text);
    if (!st) {
        size_t k = strlen(ds->format);
        snprintf(ds->format + k, sizeof ds->format - k, "+gzip");
    }
    return st;
}

int ovp_dataset_from_bytes(const void *buf, size_t len, const ovp_dataset_options *o, ovp_dataset *ds,
                           char *err, size_t errlen)
{
    return from_bytes(buf, len, o, ds, 0, NULL, err, errlen);
}

/* A .npy file read in pieces straight into its matrix: the file's image is
 * never held, only READ_CHUNK bytes of it at a time. */
static int read_npy(int fd, const char *path, size_t len, const ovp_dataset_options *o, ovp_dataset *ds,
                    char *err, size_t errlen)
{
    size_t have = len < 65536 ? len : 65536, got;
    unsigned char *head = malloc(have ? have : 1), *chunk = NULL;
    ovp_npy_header h = {0};
    ovp_npy_matrix X = {0}, y = {0};
    int st = head ? ovp_fs_read_some(fd, path, head, have, &got, err, errlen) : no_memory(path, err, errlen);
    if (!st && got < have)
        st = changed(path, err, errlen);
    if (!st && (st = ovp_npy_read_header(head, have, len, &h, err, errlen)) == OVP_OK && h.offset > have) {
        unsigned char *all = realloc(head, h.offset); /* a header longer than 64 KiB */
        st = all ? ovp_fs_read_some(fd, path, all + have, h.offset - have, &got, err, errlen)
                 : no_memory(path, err, errlen);
        head = all ? all : head;
        if (!st && got < h.offset - have)
            st = changed(path, err, errlen);
        have = h.offset;
        if (!st)
            st = ovp_npy_read_header(head, have, len, &h, err, errlen);
    }
    size_t count = h.rows * h.cols, done = 0, per = READ_CHUNK / (h.value_size ? h.value_size : 1);
    if (!st && (!(X.data = malloc(count * sizeof *X.data)) || !(chunk = malloc(READ_CHUNK)))) {
        if (h.ndim == 2)
            snprintf(err, errlen, "out of memory for a '.npy' array of shape (%zu, %zu)", h.rows, h.cols);
        else
            snprintf(err, errlen, "out of memory for a '.npy' array of shape (%zu,)", h.rows);
        st = OVP_ENOMEM;
    }
    /* the header's buffer may already hold the first values */
    size_t spare = st ? 0 : have - h.offset;
    while (!st && done < count) {
        size_t k = count - done < per ? count - done : per, bytes = k * h.value_size, from_head = 0;
        if (spare) {
            from_head = spare < bytes ? spare : bytes;
            memcpy(chunk, head + (have - spare), from_head);
            spare -= from_head;
        }
        st = ovp_fs_read_some(fd, path, chunk + from_head, bytes - from_head, &got, err, errlen);
        if (!st && got < bytes - from_head)
            st = changed(path, err, errlen);
        if (!st)
            st = ovp_npy_convert(&h, chunk, done, k, X.data, err, errlen);
        done += k;
    }
    free(head);
    free(chunk);
    if (st) {
        free(X.data);
        return st;
    }
    X.rows = h.rows;
    X.cols = h.cols;
    return from_arrays(&X, &y, 0, 0, o, ds, err, errlen);
}

static int hash_file(int fd, const char *path, char hex[65], char *err, size_t errlen)
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    unsigned char *buf = malloc(READ_CHUNK);
    int st = buf ? OVP_OK : no_memory(path, err, errlen);
    size_t got = READ_CHUNK;
    sha256_init(&ctx);
    if (!st && lseek(fd, 0, SEEK_SET) != 0)
        st = io_error(path, err, errlen);
    while (!st && got == READ_CHUNK && !(st = ovp_fs_read_some(fd, path, buf, READ_CHUNK, &got, err, errlen)))
        sha256_update(&ctx, got, buf);
    free(buf);
    if (st)
        return st;
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t k = 0; k < sizeof digest; k++)
        snprintf(hex + 2 * k, 3, "%02x", digest[k]);
    return OVP_OK;
}

/* The file by its first bytes: .npy and gzip are read in pieces; anything
 * else is mapped, and text gives back the pages behind its passes. Peak
 * memory is then about the matrix read (plus the inflated text for gzip, the
 * file for .npz). I/O failures are OVP_EIO. A mapped file cut short by another
 * program while it is read ends ovp with SIGBUS. */
static int read_fd(int fd, const char *path, size_t len, const ovp_dataset_options *o, ovp_dataset *ds,
                   char *err, size_t errlen)
{
    unsigned char magic[6] = {0};
    size_t got = 0;
    int st = ovp_fs_read_some(fd, path, magic, sizeof magic, &got, err, errlen);
    if (!st && lseek(fd, 0, SEEK_SET) != 0)
        st = io_error(path, err, errlen);
    if (st)
        return st;
    if (got == sizeof magic && len >= got && memcmp(magic, "\x93NUMPY", 6) == 0)
        return read_npy(fd, path, len, o, ds, err, errlen);
    if (is_gzip(magic, got) && len >= got) {
        gz_source src = {.fd = fd, .path = path, .chunk = malloc(READ_CHUNK)};
        memset(ds, 0, sizeof *ds);
        st = src.chunk ? from_gzip(&src, len, o, ds, err, errlen) : no_memory(path, err, errlen);
        free(src.chunk);
        return st;
    }
    if (len == 0)
        return from_bytes("", 0, o, ds, 0, NULL, err, errlen);
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        return io_error(path, err, errlen);
    behind drop = {.base = map, .page = (size_t)sysconf(_SC_PAGESIZE)};
    st = from_bytes(map, len, o, ds, 0, &drop, err, errlen);
    munmap(map, len);
    return st;
}

int ovp_dataset_read(const char *path, const ovp_dataset_options *o, ovp_dataset *ds, char *err, size_t errlen)
{
    int fd;
    size_t len;
    memset(ds, 0, sizeof *ds);
    /* a dataset path is user input: unreadable is bad input, not an I/O fault */
    int st = ovp_fs_open_regular(path, &fd, &len, err, errlen);
    if (st)
        return st == OVP_ENOMEM ? st : OVP_EDATA;
    char inner[600] = "";
    st = read_fd(fd, path, len, o, ds, inner, sizeof inner);
    if (!st && (st = hash_file(fd, path, ds->sha256, inner, sizeof inner)) != OVP_OK)
        ovp_dataset_free(ds);
    close(fd);
    if (st == OVP_EIO) { /* as the file's refusals: unreadable user input is bad input */
        snprintf(err, errlen, "%s", inner);
        return OVP_EDATA;
    }
    if (st) {
        snprintf(err, errlen, "%s: %s", path, inner);
        return st;
    }
    return OVP_OK;
}

void ovp_dataset_options_from_args(const ovp_args *a, ovp_dataset_options *o)
{
    o->header = ovp_args_text(a, "header", NULL);
    o->delimiter = ovp_args_text(a, "delimiter", NULL);
    o->label_col = ovp_args_text(a, "label-col", NULL);
    o->drop_cols = ovp_args_text(a, "drop-cols", NULL);
    o->labels = ovp_args_text(a, "labels", NULL);
}

void ovp_dataset_free(ovp_dataset *ds)
{
    free(ds->X);
    free(ds->y);
    free(ds->header);
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
        if (fabs(norm - 1.0) > OVP_UNIT_NORM_TOL(ds->d)) {
            (*n_rescaled)++;
            for (size_t j = 0; j < ds->d; j++)
                x[j] /= norm;
        }
    }
    return OVP_OK;
}

void ovp_dataset_closest_pair(const ovp_mat *X, const ovp_mat *K, ovp_pair *p)
{
    double best = -2.0;
    *p = (ovp_pair){0};
    for (size_t i = 0; i < K->rows; i++)
        for (size_t j = i + 1; j < K->cols; j++) {
            double nn = sqrt(OVP_AT(K, i, i) * OVP_AT(K, j, j));
            double c = nn > 0.0 ? OVP_AT(K, i, j) / nn : -1.0;
            if (c > best) {
                best = c;
                p->i = i;
                p->j = j;
                p->found = 1;
            }
        }
    if (p->found) {
        p->theta = ovp_angle_direct(&OVP_AT(X, p->i, 0), &OVP_AT(X, p->j, 0), X->cols);
        p->parallel = p->theta <= ovp_angle_error_bound(p->theta, X->cols);
    }
}

void ovp_dataset_degenerate_message(const ovp_pair *p, const char *what, double value, double bound,
                                    const char *consequence, char *err, size_t errlen)
{
    char pair[200] = "degenerate data";
    if (p->found && p->parallel)
        snprintf(pair, sizeof pair, "data rows %zu and %zu point in the same direction (angle %.3g rad, within "
                 "its rounding error)", p->i + 1, p->j + 1, p->theta);
    else if (p->found)
        snprintf(pair, sizeof pair, "the closest pair, data rows %zu and %zu, are %.3g rad apart", p->i + 1,
                 p->j + 1, p->theta);
    snprintf(err, errlen, "%s: %s = %.3g is not distinguishable from 0 (its error bound is %.3g: the kernel's "
             "entries and the eigensolver, by Weyl's inequality), so %s", pair, what, value, bound, consequence);
}
