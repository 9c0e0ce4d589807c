/* verify/io/npy.c: NumPy's .npy and .npz formats, read from memory.
 * Reference: numpy.lib.format, "A simple file format for NumPy arrays"
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 * The input is untrusted (and fuzzed): every offset is checked against len,
 * every size product is overflow-checked, and the header is parsed by a small
 * grammar, never evaluated. Object arrays are refused from their descr, so the
 * pickle that follows is never looked at. */
#include "npy.h"
#include "status.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

_Static_assert(sizeof(double) == 8 && sizeof(float) == 4, "IEEE 754 binary64/binary32 expected");

#define NPY_ACCEPTED "ovp reads float64, float32 or integer arrays (descr f8, f4, i1-i8 or u1-u8, little- or big-endian)"
#define NPY_SHOWN_DIMS 8 /* dimensions kept for messages; more are shown as "..." */
#define NPY_SHOWN_CHARS 40 /* bytes of a descr or name echoed in a message */
/* deflate emits at most 258 bytes per 2 bits of input (ratio < 1032:1), so a
 * member claiming more is damaged; this bounds the allocation by the input. */
#define DEFLATE_MAX_RATIO 1032u

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* s[0..n) for a message: printable ASCII as is, other bytes as \xNN, cut at
 * NPY_SHOWN_CHARS input bytes. out must hold 4 * NPY_SHOWN_CHARS + 4. */
static void printable(char *out, const unsigned char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == NPY_SHOWN_CHARS) {
            memcpy(out + k, "...", 3);
            k += 3;
            break;
        }
        if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
            out[k++] = (char)s[i];
        } else {
            snprintf(out + k, 5, "\\x%02x", s[i]);
            k += 4;
        }
    }
    out[k] = '\0';
}
#define PRINTABLE_SIZE (4 * NPY_SHOWN_CHARS + 4)

static int mul_overflows(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 1;
    *out = a * b;
    return 0;
}

/* ---- the header: a Python dict literal ---- */

typedef struct {
    const unsigned char *descr; /* points into the header; not NUL-terminated */
    size_t descr_len;
    int fortran;
    size_t ndim;
    size_t dims[NPY_SHOWN_DIMS];
    int have_descr, have_fortran, have_shape;
} npy_header;

typedef struct {
    const unsigned char *b, *p, *e; /* header start, cursor, end */
} cursor;

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void skip_ws(cursor *c)
{
    while (c->p < c->e && is_ws(*c->p))
        c->p++;
}

/* The one message for a header that does not follow the grammar. */
static int malformed(const cursor *c, const char *expected, char *err, size_t errlen)
{
    char found[PRINTABLE_SIZE + 2];
    if (c->p < c->e) {
        char shown[PRINTABLE_SIZE];
        size_t n = (size_t)(c->e - c->p);
        printable(shown, c->p, n < 12 ? n : 12);
        snprintf(found, sizeof found, "'%s'", shown);
    } else {
        snprintf(found, sizeof found, "the end of the header");
    }
    seterr(err, errlen,
           "'.npy' header is malformed: at byte %zu of the header, expected %s but found %s "
           "(a '.npy' header is a dict with keys 'descr', 'fortran_order' and 'shape')",
           (size_t)(c->p - c->b), expected, found);
    return OVP_EDATA;
}

/* A quoted string without escapes (NumPy's keys and descrs have none). */
static int parse_string(cursor *c, const unsigned char **s, size_t *n)
{
    if (c->p >= c->e || (*c->p != '\'' && *c->p != '"'))
        return 0;
    unsigned char q = *c->p;
    const unsigned char *start = c->p + 1;
    const unsigned char *end = memchr(start, q, (size_t)(c->e - start));
    if (!end || memchr(start, '\\', (size_t)(end - start)) || memchr(start, '\n', (size_t)(end - start)))
        return 0;
    *s = start;
    *n = (size_t)(end - start);
    c->p = end + 1;
    return 1;
}

static int match_word(cursor *c, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(c->e - c->p) < n || memcmp(c->p, w, n))
        return 0;
    /* a whole identifier only: "Truex" is not True */
    const unsigned char *after = c->p + n;
    if (after < c->e && (*after == '_' || (*after >= '0' && *after <= '9') ||
                         ((*after | 0x20) >= 'a' && (*after | 0x20) <= 'z')))
        return 0;
    c->p = after;
    return 1;
}

/* A tuple of non-negative ints, as repr() writes a shape: (), (n,), (r, c). */
static int parse_shape(cursor *c, npy_header *h, char *err, size_t errlen)
{
    if (c->p >= c->e || *c->p != '(')
        return malformed(c, "a tuple for 'shape'", err, errlen);
    c->p++;
    int trailing_comma = 0;
    h->ndim = 0;
    for (;;) {
        skip_ws(c);
        if (c->p < c->e && *c->p == ')')
            break;
        if (h->ndim > 0 && !trailing_comma)
            return malformed(c, "',' or ')' in 'shape'", err, errlen);
        if (c->p >= c->e || *c->p < '0' || *c->p > '9')
            return malformed(c, "a non-negative integer in 'shape'", err, errlen);
        size_t v = 0;
        while (c->p < c->e && *c->p >= '0' && *c->p <= '9') {
            size_t d = (size_t)(*c->p - '0');
            if (v > (SIZE_MAX - d) / 10)
                return malformed(c, "a dimension that fits in memory", err, errlen);
            v = v * 10 + d;
            c->p++;
        }
        if (c->p < c->e && (*c->p == 'L' || *c->p == 'l')) /* Python 2's long suffix */
            c->p++;
        if (h->ndim < NPY_SHOWN_DIMS)
            h->dims[h->ndim] = v;
        h->ndim++;
        skip_ws(c);
        trailing_comma = 0;
        if (c->p < c->e && *c->p == ',') {
            trailing_comma = 1;
            c->p++;
        }
    }
    /* (5) is the int 5, not a tuple: NumPy refuses it too */
    if (h->ndim == 1 && !trailing_comma)
        return malformed(c, "',' after the single dimension of 'shape'", err, errlen);
    c->p++; /* ')' */
    return OVP_OK;
}

static int key_is(const unsigned char *s, size_t n, const char *k)
{
    return n == strlen(k) && !memcmp(s, k, n);
}

static int parse_header(const unsigned char *hb, size_t hlen, npy_header *h, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    cursor c = {hb, hb, hb + hlen};
    if (hlen == 0 || hb[hlen - 1] != '\n') {
        seterr(err, errlen, "'.npy' header is malformed: it does not end with a newline");
        return OVP_EDATA;
    }
    skip_ws(&c);
    if (c.p >= c.e || *c.p != '{')
        return malformed(&c, "'{'", err, errlen);
    c.p++;
    for (;;) {
        skip_ws(&c);
        if (c.p < c.e && *c.p == '}')
            break;
        const unsigned char *key;
        size_t klen;
        const unsigned char *key_at = c.p;
        if (!parse_string(&c, &key, &klen))
            return malformed(&c, "a quoted key or '}'", err, errlen);
        skip_ws(&c);
        if (c.p >= c.e || *c.p != ':')
            return malformed(&c, "':'", err, errlen);
        c.p++;
        skip_ws(&c);
        int rc;
        if (key_is(key, klen, "descr")) {
            if (h->have_descr)
                goto duplicate;
            if (c.p < c.e && *c.p == '[') {
                seterr(err, errlen, "'.npy' array of a structured dtype (a list of fields): " NPY_ACCEPTED);
                return OVP_EDATA;
            }
            if (!parse_string(&c, &h->descr, &h->descr_len))
                return malformed(&c, "a quoted dtype for 'descr'", err, errlen);
            h->have_descr = 1;
        } else if (key_is(key, klen, "fortran_order")) {
            if (h->have_fortran)
                goto duplicate;
            if (match_word(&c, "True"))
                h->fortran = 1;
            else if (match_word(&c, "False"))
                h->fortran = 0;
            else
                return malformed(&c, "True or False for 'fortran_order'", err, errlen);
            h->have_fortran = 1;
        } else if (key_is(key, klen, "shape")) {
            if (h->have_shape)
                goto duplicate;
            if ((rc = parse_shape(&c, h, err, errlen)) != OVP_OK)
                return rc;
            h->have_shape = 1;
        } else {
            char shown[PRINTABLE_SIZE];
            printable(shown, key, klen);
            seterr(err, errlen,
                   "'.npy' header is malformed: unexpected key '%s' (a '.npy' header is a dict with "
                   "keys 'descr', 'fortran_order' and 'shape')", shown);
            return OVP_EDATA;
        }
        skip_ws(&c);
        if (c.p < c.e && *c.p == ',') {
            c.p++;
            continue;
        }
        if (c.p < c.e && *c.p == '}')
            break;
        return malformed(&c, "',' or '}'", err, errlen);
    duplicate:
        c.p = key_at;
        return malformed(&c, "each key once", err, errlen);
    }
    c.p++; /* '}' */
    skip_ws(&c);
    if (c.p != c.e)
        return malformed(&c, "only spaces after the dict", err, errlen);
    if (!h->have_descr || !h->have_fortran || !h->have_shape) {
        seterr(err, errlen, "'.npy' header is malformed: it has no '%s' key (a '.npy' header is a dict "
               "with keys 'descr', 'fortran_order' and 'shape')",
               !h->have_descr ? "descr" : !h->have_fortran ? "fortran_order" : "shape");
        return OVP_EDATA;
    }
    return OVP_OK;
}

/* "(149, 5)", "(149,)", "()", "(2, 3, 4)" */
static void format_shape(char *out, size_t outlen, const size_t *dims, size_t ndim)
{
    size_t k = (size_t)snprintf(out, outlen, "(");
    for (size_t i = 0; i < ndim && k < outlen; i++) {
        if (i == NPY_SHOWN_DIMS) {
            k += (size_t)snprintf(out + k, outlen - k, ", ...");
            break;
        }
        k += (size_t)snprintf(out + k, outlen - k, "%s%zu", i ? ", " : "", dims[i]);
    }
    if (k < outlen)
        snprintf(out + k, outlen - k, ndim == 1 ? ",)" : ")");
}
#define SHAPE_SIZE 256

/* ---- the dtype ---- */

enum { KIND_FLOAT, KIND_INT, KIND_UINT };

typedef struct {
    int kind;
    size_t size; /* bytes per value: 1, 2, 4 or 8 */
    int big;     /* big-endian */
} npy_dtype;

/* 1 if descr is one ovp reads (filling t); else 0 with *what saying what it is. */
static int classify(const unsigned char *d, size_t n, npy_dtype *t, char *what, size_t whatlen)
{
    snprintf(what, whatlen, "not a dtype ovp knows");
    if (n < 2)
        return 0;
    unsigned char order = d[0], kind = d[1];
    switch (kind) {
    case 'c': snprintf(what, whatlen, "complex"); return 0;
    case 'O': snprintf(what, whatlen, "Python objects, stored pickled"); return 0;
    case 'U': snprintf(what, whatlen, "unicode strings"); return 0;
    case 'S': case 'a': snprintf(what, whatlen, "byte strings"); return 0;
    case 'b': case '?': snprintf(what, whatlen, "boolean"); return 0;
    case 'M': snprintf(what, whatlen, "datetime"); return 0;
    case 'm': snprintf(what, whatlen, "timedelta"); return 0;
    case 'V': snprintf(what, whatlen, "raw bytes"); return 0;
    default: break;
    }
    if (!order || !strchr("<>|=", order) || n == 2)
        return 0;
    size_t size = 0;
    for (size_t i = 2; i < n; i++) {
        if (d[i] < '0' || d[i] > '9' || size > 9999)
            return 0;
        size = size * 10 + (size_t)(d[i] - '0');
    }
    switch (kind) {
    case 'f':
        if (size != 4 && size != 8) {
            snprintf(what, whatlen, "a %zu-bit float", size * 8);
            return 0;
        }
        t->kind = KIND_FLOAT;
        break;
    case 'i': case 'u':
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            snprintf(what, whatlen, "a %zu-byte integer", size);
            return 0;
        }
        t->kind = kind == 'i' ? KIND_INT : KIND_UINT;
        break;
    default:
        return 0;
    }
    /* '<' and '>' always; '|' (not applicable) only for one-byte values; '='
     * (native) does not say which and NumPy never writes it */
    if (order == '=' || (order == '|' && size != 1)) {
        snprintf(what, whatlen, "byte order '%c' for a %zu-byte value, which does not say the byte order",
                 order, size);
        return 0;
    }
    t->size = size;
    t->big = order == '>';
    return 1;
}

static uint64_t load(const unsigned char *p, size_t size, int big)
{
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++)
        v |= (uint64_t)p[big ? size - 1 - i : i] << (8 * i);
    return v;
}

/* ---- .npy ---- */

static const unsigned char NPY_MAGIC[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

int ovp_npy_is_npy(const void *buf, size_t len)
{
    return buf && len >= sizeof NPY_MAGIC && !memcmp(buf, NPY_MAGIC, sizeof NPY_MAGIC);
}

int ovp_npy_is_zip(const void *buf, size_t len)
{
    return buf && len >= 4 && (!memcmp(buf, "PK\3\4", 4) || !memcmp(buf, "PK\5\6", 4));
}

void ovp_npy_matrix_free(ovp_npy_matrix *m)
{
    if (!m)
        return;
    free(m->data);
    m->data = NULL;
    m->rows = m->cols = 0;
}

int ovp_npy_read_header(const void *buf, size_t have, size_t len, ovp_npy_header *out, char *err, size_t errlen)
{
    const unsigned char *b = buf;
    memset(out, 0, sizeof *out);
    if (!b)
        len = have = 0;
    if (len == 0) {
        seterr(err, errlen, "'.npy' image is empty");
        return OVP_EDATA;
    }
    size_t magic_n = have < sizeof NPY_MAGIC ? have : sizeof NPY_MAGIC;
    if (memcmp(b, NPY_MAGIC, magic_n)) {
        seterr(err, errlen, "not a '.npy' image: it does not start with the magic \\x93NUMPY");
        return OVP_EDATA;
    }
    if (len < 10) {
        seterr(err, errlen, "'.npy' image is truncated: %zu bytes, shorter than its 10-byte preamble", len);
        return OVP_EDATA;
    }
    unsigned major = b[6], minor = b[7];
    size_t pre, hlen;
    if (major == 1 && minor == 0) {
        pre = 10;
        hlen = (size_t)load(b + 8, 2, 0);
    } else if ((major == 2 || major == 3) && minor == 0) {
        if (len < 12) {
            seterr(err, errlen, "'.npy' image is truncated: %zu bytes, shorter than its 12-byte preamble", len);
            return OVP_EDATA;
        }
        pre = 12;
        uint64_t h64 = load(b + 8, 4, 0);
        if (h64 > len - pre) {
            seterr(err, errlen, "'.npy' image is truncated: its header is %llu bytes but only %zu follow",
                   (unsigned long long)h64, len - pre);
            return OVP_EDATA;
        }
        hlen = (size_t)h64;
    } else {
        seterr(err, errlen, "'.npy' format version %u.%u: ovp reads versions 1.0, 2.0 and 3.0", major, minor);
        return OVP_EDATA;
    }
    if (hlen > len - pre) {
        seterr(err, errlen, "'.npy' image is truncated: its header is %zu bytes but only %zu follow", hlen,
               len - pre);
        return OVP_EDATA;
    }
    out->offset = pre + hlen;
    if (out->offset > have) /* the caller reads that much and calls again */
        return OVP_OK;
    npy_header h;
    int rc = parse_header(b + pre, hlen, &h, err, errlen);
    if (rc != OVP_OK)
        return rc;

    npy_dtype t = {0, 0, 0};
    char what[160];
    if (!classify(h.descr, h.descr_len, &t, what, sizeof what)) {
        char shown[PRINTABLE_SIZE];
        printable(shown, h.descr, h.descr_len);
        seterr(err, errlen, "'.npy' array of dtype '%s' (%s): " NPY_ACCEPTED, shown, what);
        return OVP_EDATA;
    }
    char shape[SHAPE_SIZE];
    format_shape(shape, sizeof shape, h.dims, h.ndim);
    if (h.ndim == 0) {
        seterr(err, errlen, "'.npy' array of shape () is a single value: ovp reads 1-D or 2-D arrays");
        return OVP_EDATA;
    }
    if (h.ndim > 2) {
        seterr(err, errlen, "'.npy' array of shape %s has %zu dimensions: ovp reads 1-D or 2-D arrays",
               shape, h.ndim);
        return OVP_EDATA;
    }
    size_t rows = h.dims[0], cols = h.ndim == 2 ? h.dims[1] : 1, count, bytes, out_bytes;
    if (mul_overflows(rows, cols, &count) || mul_overflows(count, t.size, &bytes)) {
        seterr(err, errlen, "'.npy' array of shape %s is larger than any file can hold", shape);
        return OVP_EDATA;
    }
    if (count == 0) {
        seterr(err, errlen, "'.npy' array of shape %s holds no values", shape);
        return OVP_EDATA;
    }
    size_t avail = len - pre - hlen;
    if (bytes > avail) {
        seterr(err, errlen,
               "'.npy' image is truncated: an array of shape %s needs %zu bytes of data but only %zu follow "
               "the header", shape, bytes, avail);
        return OVP_EDATA;
    }
    if (bytes < avail) {
        /* np.save never writes more; extra bytes mean a damaged file or several
         * arrays written one after another, and neither has one reading */
        seterr(err, errlen,
               "'.npy' image has %zu bytes after the data of its array of shape %s: ovp reads a file "
               "holding exactly one array", avail - bytes, shape);
        return OVP_EDATA;
    }
    if (mul_overflows(count, sizeof(double), &out_bytes))
        return OVP_ENOMEM;
    out->rows = rows;
    out->cols = cols;
    out->ndim = (int)h.ndim;
    out->value_size = t.size;
    out->kind = t.kind;
    out->big = t.big;
    out->fortran = h.fortran;
    return OVP_OK;
}

int ovp_npy_convert(const ovp_npy_header *h, const void *values, size_t first, size_t count, double *out,
                    char *err, size_t errlen)
{
    const unsigned char *data = values;
    const size_t rows = h->rows, cols = h->cols, size = h->value_size;
    const int transpose = h->fortran && h->ndim == 2;
    for (size_t c = 0; c < count; c++) {
        /* value k of the file is (i, j) = (k / cols, k % cols) in C order, (k % rows, k / rows) in Fortran order */
        size_t k = first + c;
        size_t i = transpose ? k % rows : k / cols, j = transpose ? k / rows : k % cols;
        uint64_t bits = load(data + c * size, size, h->big);
        double v;
        if (h->kind == KIND_FLOAT && size == 8) {
            memcpy(&v, &bits, sizeof v);
        } else if (h->kind == KIND_FLOAT) {
            uint32_t b32 = (uint32_t)bits;
            float f;
            memcpy(&f, &b32, sizeof f);
            v = (double)f; /* every float is a double: exact */
        } else {
            const uint64_t limit = (uint64_t)1 << 53;
            int neg = 0;
            uint64_t mag = bits;
            if (h->kind == KIND_INT && (bits >> (8 * size - 1)) & 1) {
                /* two's complement of a size-byte value: magnitude without overflow */
                uint64_t mask = size == 8 ? UINT64_MAX : (((uint64_t)1 << (8 * size)) - 1);
                mag = ((~bits) & mask) + 1;
                neg = 1;
            }
            if (mag > limit) {
                seterr(err, errlen,
                       "'.npy' integer value %s%llu at row %zu, column %zu exceeds 2^53 in magnitude, so no "
                       "double holds it exactly: ovp reads integers up to 2^53", neg ? "-" : "",
                       (unsigned long long)mag, i + 1, j + 1);
                return OVP_EDATA;
            }
            v = neg ? -(double)mag : (double)mag;
        }
        out[i * cols + j] = v;
    }
    return OVP_OK;
}

int ovp_npy_parse_ndim(const void *buf, size_t len, ovp_npy_matrix *m, int *ndim_out, char *err,
                       size_t errlen)
{
    m->rows = m->cols = 0;
    m->data = NULL;
    if (ndim_out)
        *ndim_out = 0;
    ovp_npy_header h;
    int rc = ovp_npy_read_header(buf, len, len, &h, err, errlen);
    if (rc != OVP_OK)
        return rc;
    char shape[SHAPE_SIZE];
    size_t dims[2] = {h.rows, h.cols};
    format_shape(shape, sizeof shape, dims, (size_t)h.ndim);
    double *out = malloc(h.rows * h.cols * sizeof *out); /* ovp_npy_read_header checked the product */
    if (!out) {
        seterr(err, errlen, "out of memory for a '.npy' array of shape %s", shape);
        return OVP_ENOMEM;
    }
    rc = ovp_npy_convert(&h, (const unsigned char *)buf + h.offset, 0, h.rows * h.cols, out, err, errlen);
    if (rc != OVP_OK) {
        free(out);
        return rc;
    }
    m->rows = h.rows;
    m->cols = h.cols;
    m->data = out;
    if (ndim_out)
        *ndim_out = h.ndim;
    return OVP_OK;
}

int ovp_npy_parse(const void *buf, size_t len, ovp_npy_matrix *m, char *err, size_t errlen)
{
    return ovp_npy_parse_ndim(buf, len, m, NULL, err, errlen);
}

/* ---- .npz ---- */

/* Reads member `index` (already stat'ed) into a fresh buffer. */
static int read_member(zip_t *za, zip_uint64_t index, const zip_stat_t *st, const char *name, size_t total,
                       unsigned char **out, size_t *outlen, char *err, size_t errlen)
{
    *out = NULL;
    *outlen = 0;
    const zip_uint64_t need = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD;
    if ((st->valid & need) != need) {
        seterr(err, errlen, "the .npz member '%s' is damaged: its sizes are unknown", name);
        return OVP_EDATA;
    }
    if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE) {
        seterr(err, errlen, "the .npz member '%s' is encrypted: ovp reads plain .npz files (np.savez)", name);
        return OVP_EDATA;
    }
    if (st->comp_method != ZIP_CM_STORE && st->comp_method != ZIP_CM_DEFLATE) {
        seterr(err, errlen,
               "the .npz member '%s' uses zip compression method %d: ovp reads stored or deflated members "
               "(np.savez, np.savez_compressed)", name, (int)st->comp_method);
        return OVP_EDATA;
    }
    int plausible = st->comp_size <= total &&
                    (st->comp_method == ZIP_CM_STORE ? st->size <= st->comp_size
                                                     : st->size / DEFLATE_MAX_RATIO <= st->comp_size);
    if (!plausible || (zip_uint64_t)(size_t)st->size != st->size) {
        seterr(err, errlen,
               "the .npz member '%s' is damaged: it claims %llu bytes from %llu stored in a %zu-byte archive",
               name, (unsigned long long)st->size, (unsigned long long)st->comp_size, total);
        return OVP_EDATA;
    }
    size_t size = (size_t)st->size;
    unsigned char *p = malloc(size ? size : 1);
    if (!p) {
        seterr(err, errlen, "out of memory reading the .npz member '%s'", name);
        return OVP_ENOMEM;
    }
    zip_file_t *zf = zip_fopen_index(za, index, 0);
    if (!zf) {
        seterr(err, errlen, "the .npz member '%s' cannot be read: %s", name, zip_strerror(za));
        free(p);
        return OVP_EDATA;
    }
    size_t got = 0;
    zip_int64_t r = 0;
    while (got < size && (r = zip_fread(zf, p + got, size - got)) > 0)
        got += (size_t)r;
    /* one more read must hit the end: a longer member or a bad CRC (checked at
     * the end) is damage */
    unsigned char extra;
    if (r >= 0 && got == size)
        r = zip_fread(zf, &extra, 1);
    if (r != 0 || got != size) {
        seterr(err, errlen, "the .npz member '%s' is damaged: %s", name,
               r < 0 ? zip_error_strerror(zip_file_get_error(zf))
                     : "its length differs from the one in the archive's directory");
        zip_fclose(zf);
        free(p);
        return OVP_EDATA;
    }
    if (zip_fclose(zf) != 0) {
        seterr(err, errlen, "the .npz member '%s' is damaged", name);
        free(p);
        return OVP_EDATA;
    }
    *out = p;
    *outlen = size;
    return OVP_OK;
}

/* Reads and parses one member as a .npy image; its refusal is prefixed with the member's name. */
static int parse_member(zip_t *za, zip_uint64_t index, const zip_stat_t *st, const char *name, size_t total,
                        ovp_npy_matrix *m, int *ndim, char *err, size_t errlen)
{
    unsigned char *img;
    size_t imglen;
    int rc = read_member(za, index, st, name, total, &img, &imglen, err, errlen);
    if (rc != OVP_OK)
        return rc;
    char sub[512] = "";
    rc = ovp_npy_parse_ndim(img, imglen, m, ndim, sub, sizeof sub);
    free(img);
    if (rc != OVP_OK)
        seterr(err, errlen, "the .npz member '%s': %s", name, sub);
    return rc;
}

static void append(char *list, size_t listlen, const char *s)
{
    size_t k = strlen(list);
    if (k + 1 >= listlen)
        return;
    snprintf(list + k, listlen - k, "%s%s", k ? ", " : "", s);
    if (strlen(list) + 1 >= listlen && listlen > 4) /* cut: say so */
        memcpy(list + listlen - 4, "...", 4);
}

int ovp_npy_parse_npz(const void *buf, size_t len, ovp_npy_matrix *X, ovp_npy_matrix *y, int *has_y, char *err,
                      size_t errlen)
{
    memset(X, 0, sizeof *X);
    memset(y, 0, sizeof *y);
    *has_y = 0;
    if (!buf || len == 0) {
        seterr(err, errlen, "'.npz' image is empty");
        return OVP_EDATA;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    if (!src) {
        seterr(err, errlen, "out of memory opening the .npz archive");
        zip_error_fini(&ze);
        return OVP_ENOMEM;
    }
    /* ZIP_CHECKCONS: the stricter checks suit untrusted input */
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        int memory = zip_error_code_zip(&ze) == ZIP_ER_MEMORY;
        seterr(err, errlen, "'.npz' image is not a readable zip archive: %s", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return memory ? OVP_ENOMEM : OVP_EDATA;
    }
    zip_error_fini(&ze);

    int rc = OVP_EDATA;
    char names[400] = "";
    zip_int64_t n = zip_get_num_entries(za, 0);
    zip_int64_t ix = -1, iy = -1;
    zip_stat_t stx, sty;
    char namex[PRINTABLE_SIZE] = "", namey[PRINTABLE_SIZE] = "";
    if (n <= 0) {
        seterr(err, errlen, "the .npz holds no arrays: ovp reads one array, or arrays named X and y");
        goto done;
    }
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) || !st.name) {
            seterr(err, errlen, "the .npz archive is damaged: member %lld has no name", (long long)i + 1);
            goto done;
        }
        size_t nl = strlen(st.name);
        char shown[PRINTABLE_SIZE];
        printable(shown, (const unsigned char *)st.name, nl);
        if (nl <= 4 || strcmp(st.name + nl - 4, ".npy")) {
            seterr(err, errlen,
                   "the .npz member '%s' is not a .npy array: ovp reads an .npz of .npy arrays (np.savez)", shown);
            goto done;
        }
        printable(shown, (const unsigned char *)st.name, nl - 4);
        append(names, sizeof names, shown);
        int is_x = !strcmp(st.name, "X.npy"), is_y = !strcmp(st.name, "y.npy");
        if ((is_x && ix >= 0) || (is_y && iy >= 0)) {
            seterr(err, errlen, "the .npz archive is damaged: it holds two members named '%s'", st.name);
            goto done;
        }
        if (is_x || (n == 1)) {
            ix = i;
            stx = st;
            printable(namex, (const unsigned char *)st.name, nl);
        }
        if (is_y && n > 1) {
            iy = i;
            sty = st;
            printable(namey, (const unsigned char *)st.name, nl);
        }
    }
    if (n == 1) {
        rc = parse_member(za, (zip_uint64_t)ix, &stx, namex, len, X, NULL, err, errlen);
        goto done;
    }
    if (ix < 0 || iy < 0) {
        seterr(err, errlen, "the .npz holds arrays %s; ovp reads one array, or arrays named X and y", names);
        goto done;
    }
    int ndx, ndy;
    if ((rc = parse_member(za, (zip_uint64_t)ix, &stx, namex, len, X, &ndx, err, errlen)) != OVP_OK)
        goto done;
    if ((rc = parse_member(za, (zip_uint64_t)iy, &sty, namey, len, y, &ndy, err, errlen)) != OVP_OK)
        goto done;
    rc = OVP_EDATA;
    if (ndx != 2) {
        seterr(err, errlen, "the .npz array X has shape (%zu,): ovp needs X 2-D (samples x features)", X->rows);
        goto done;
    }
    if (y->cols != 1) {
        seterr(err, errlen, "the .npz array y has shape (%zu, %zu): ovp needs y 1-D, or n x 1 (one label a sample)",
               y->rows, y->cols);
        goto done;
    }
    if (y->rows != X->rows) {
        seterr(err, errlen, "the .npz array X has %zu rows but y has %zu values: ovp needs one label a sample",
               X->rows, y->rows);
        goto done;
    }
    (void)ndy;
    *has_y = 1;
    rc = OVP_OK;
done:
    zip_discard(za);
    if (rc != OVP_OK) {
        ovp_npy_matrix_free(X);
        ovp_npy_matrix_free(y);
        *has_y = 0;
    }
    return rc;
}
