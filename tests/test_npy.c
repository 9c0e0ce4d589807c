/* tests/test_npy.c: the .npy/.npz reader against files NumPy wrote
 * (tests/data/formats, made by make_formats.py there), hand-built headers,
 * truncation at every length and single-byte corruption. */
#include "npy.h"
#include "status.h"
#include "test_helpers.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fixtures sit beside the fuzz corpus (tests/fuzz) in the source tree. */
#define FORMATS OVP_FUZZ_CORPUS "/../data/formats/"

static unsigned char *slurp(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s%s", FORMATS, name);
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot open %s", path);
    cr_assert_eq(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    cr_assert(n >= 0);
    rewind(f);
    unsigned char *b = malloc((size_t)n + 1);
    cr_assert(b);
    cr_assert_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int parse_file(const char *name, ovp_npy_matrix *m, char *err, size_t errlen)
{
    size_t len;
    unsigned char *b = slurp(name, &len);
    int rc = ovp_npy_parse(b, len, m, err, errlen);
    free(b);
    return rc;
}

static int parse_npz_file(const char *name, ovp_npy_matrix *X, ovp_npy_matrix *y, int *has_y, char *err,
                          size_t errlen)
{
    size_t len;
    unsigned char *b = slurp(name, &len);
    int rc = ovp_npy_parse_npz(b, len, X, y, has_y, err, errlen);
    free(b);
    return rc;
}

/* iris.npy, the reference every other good fixture must equal. */
static ovp_npy_matrix iris(void)
{
    ovp_npy_matrix m;
    char err[512];
    cr_assert_eq(parse_file("iris.npy", &m, err, sizeof err), OVP_OK, "%s", err);
    cr_assert_eq(m.rows, 149);
    cr_assert_eq(m.cols, 5);
    return m;
}

/* One hand-built version 1.0 image: header dict `dict`, then `nbytes` of data. */
static unsigned char *make_npy(const char *dict, const void *data, size_t nbytes, size_t *len)
{
    size_t dl = strlen(dict), hlen = dl + 1;
    hlen += (64 - (10 + hlen) % 64) % 64; /* NumPy pads to 64 */
    *len = 10 + hlen + nbytes;
    unsigned char *b = malloc(*len);
    cr_assert(b);
    memcpy(b, "\x93NUMPY\x01\x00", 8);
    b[8] = (unsigned char)(hlen & 0xff);
    b[9] = (unsigned char)(hlen >> 8);
    memset(b + 10, ' ', hlen);
    memcpy(b + 10, dict, dl);
    b[10 + hlen - 1] = '\n';
    if (nbytes)
        memcpy(b + 10 + hlen, data, nbytes);
    return b;
}

Test(npy, iris_npy_holds_the_csv_values_bit_for_bit)
{
    /* iris_comma.csv was written by np.savetxt with %.17g, so strtod gives back
     * the same doubles: an independent check of the reference itself */
    ovp_npy_matrix ref = iris();
    size_t len;
    char *text = (char *)slurp("iris_comma.csv", &len);
    text[len] = '\0';
    char *p = text;
    for (size_t k = 0; k < ref.rows * ref.cols; k++) {
        char *end;
        double v = strtod(p, &end);
        cr_assert(end != p, "value %zu", k);
        cr_assert(memcmp(&v, &ref.data[k], sizeof v) == 0, "value %zu: %.17g vs %.17g", k, v, ref.data[k]);
        p = end + 1; /* ',' or '\n' */
    }
    cr_assert(ref.data[0] == 5.1 && ref.data[4] == 0.0 && ref.data[148 * 5 + 4] == 2.0);
    free(text);
    ovp_npy_matrix_free(&ref);
    cr_assert(ref.data == NULL && ref.rows == 0);
}

Test(npy, fortran_order_and_big_endian_equal_the_reference)
{
    ovp_npy_matrix ref = iris();
    const char *names[] = {"iris_fortran.npy", "iris_be.npy"};
    for (size_t f = 0; f < 2; f++) {
        ovp_npy_matrix m;
        char err[512];
        cr_assert_eq(parse_file(names[f], &m, err, sizeof err), OVP_OK, "%s: %s", names[f], err);
        cr_assert_eq(m.rows, 149, "%s", names[f]);
        cr_assert_eq(m.cols, 5, "%s", names[f]);
        cr_assert(memcmp(m.data, ref.data, 149 * 5 * sizeof(double)) == 0, "%s differs", names[f]);
        ovp_npy_matrix_free(&m);
    }
    ovp_npy_matrix_free(&ref);
}

Test(npy, float32_is_widened_exactly)
{
    ovp_npy_matrix ref = iris(), m;
    char err[512];
    cr_assert_eq(parse_file("iris_f4.npy", &m, err, sizeof err), OVP_OK, "%s", err);
    cr_assert_eq(m.rows, 149);
    cr_assert_eq(m.cols, 5);
    for (size_t k = 0; k < 149 * 5; k++) {
        double w = (double)(float)ref.data[k];
        cr_assert(memcmp(&w, &m.data[k], sizeof w) == 0, "value %zu", k);
    }
    /* widened, not re-rounded to the nearest double of the decimal */
    cr_assert(m.data[0] == (double)5.1f && m.data[0] != 5.1);
    ovp_npy_matrix_free(&m);
    ovp_npy_matrix_free(&ref);
}

/* Parses an .npz of X and y and checks them against iris; its has_y. */
static int x_y_of(const char *name, const ovp_npy_matrix *ref)
{
    ovp_npy_matrix X, y;
    int has_y = -1;
    char err[512];
    cr_assert_eq(parse_npz_file(name, &X, &y, &has_y, err, sizeof err), OVP_OK, "%s: %s", name, err);
    cr_assert_eq(has_y, 1, "%s", name);
    cr_assert(X.rows == 149 && X.cols == 4, "%s: X is %zu x %zu", name, X.rows, X.cols);
    cr_assert(y.rows == 149 && y.cols == 1, "%s: y is %zu x %zu", name, y.rows, y.cols);
    for (size_t i = 0; i < 149; i++) {
        cr_assert(memcmp(&X.data[i * 4], &ref->data[i * 5], 4 * sizeof(double)) == 0, "%s row %zu", name, i);
        cr_assert(memcmp(&y.data[i], &ref->data[i * 5 + 4], sizeof(double)) == 0, "%s label %zu", name, i);
    }
    ovp_npy_matrix_free(&X);
    ovp_npy_matrix_free(&y);
    return has_y;
}

Test(npz, x_and_y_stored_deflated_and_integer_labels)
{
    ovp_npy_matrix ref = iris();
    cr_assert_eq(x_y_of("iris_X_y.npz", &ref), 1, "stored");
    cr_assert_eq(x_y_of("iris_X_y_compressed.npz", &ref), 1, "deflated");
    cr_assert_eq(x_y_of("iris_int_label.npz", &ref), 1, "int64 labels");
    ovp_npy_matrix_free(&ref);
}

Test(npz, a_single_array_is_x_without_y)
{
    ovp_npy_matrix ref = iris(), X, y;
    int has_y = -1;
    char err[512];
    cr_assert_eq(parse_npz_file("iris_single.npz", &X, &y, &has_y, err, sizeof err), OVP_OK, "%s", err);
    cr_assert_eq(has_y, 0);
    cr_assert(X.rows == 149 && X.cols == 5);
    cr_assert(memcmp(X.data, ref.data, 149 * 5 * sizeof(double)) == 0);
    cr_assert(y.data == NULL && y.rows == 0);
    ovp_npy_matrix_free(&X);
    ovp_npy_matrix_free(&ref);
}

/* Bad fixtures and a phrase each refusal must hold: .npy files read as arrays,
 * then archives read as .npz (iris.npy among them, as a file that is no zip). */
static const struct {
    int npz; /* 0: read as .npy, 1: as .npz */
    const char *file, *message;
} bad_fixtures[] = {
    {0, "complex.npy", "'.npy' array of dtype '<c16' (complex): ovp reads float64, float32 or integer arrays"},
    {0, "object.npy", "dtype '|O' (Python objects, stored pickled)"},
    {0, "three_d.npy", "shape (2, 3, 4) has 3 dimensions: ovp reads 1-D or 2-D arrays"},
    {0, "truncated.npy", "truncated: an array of shape (149, 5) needs 5960 bytes of data but only 5860 follow"},
    {0, "strings.npy", "dtype '<U5' (unicode strings)"},
    {1, "many.npz", "the .npz holds arrays a, b, c; ovp reads one array, or arrays named X and y"},
    {1, "mismatch.npz", "X has 3 rows but y has 2 values"},
    {1, "x_1d.npz", "X has shape (3,): ovp needs X 2-D"},
    {1, "not_npy.npz", "member 'notes.txt' is not a .npy array"},
    {1, "iris.npy", "not a readable zip archive"},
};

/* How many bad fixtures of one reader are refused as they must be (each wrong one is logged). */
static size_t check_bad_fixtures(int npz)
{
    size_t checked = 0;
    for (size_t k = 0; k < sizeof bad_fixtures / sizeof *bad_fixtures; k++) {
        if (bad_fixtures[k].npz != npz)
            continue;
        ovp_npy_matrix X, y = {0};
        int has_y = npz ? -1 : 0; /* the npz reader must clear it */
        char err[512] = "";
        int st = npz ? parse_npz_file(bad_fixtures[k].file, &X, &y, &has_y, err, sizeof err)
                     : parse_file(bad_fixtures[k].file, &X, err, sizeof err);
        int left = X.data != NULL || y.data != NULL || has_y != 0 || (!npz && (X.rows != 0 || X.cols != 0));
        checked += test_refused(st, err, bad_fixtures[k].message, !left, bad_fixtures[k].file, k);
    }
    return checked;
}

Test(npy, bad_fixtures_are_refused_with_what_was_found)
{
    cr_assert_eq(check_bad_fixtures(0), 5, "every one of the 5 .npy fixtures refused as it must be");
}

Test(npz, bad_archives_are_refused_naming_the_members)
{
    cr_assert_eq(check_bad_fixtures(1), 5, "every one of the 5 .npz fixtures refused as it must be");
}

Test(npz, a_refused_member_is_named)
{
    ovp_npy_matrix X, y;
    int has_y;
    char err[512] = "";
    cr_assert_eq(parse_npz_file("complex_member.npz", &X, &y, &has_y, err, sizeof err), OVP_EDATA);
    cr_assert(strstr(err, "the .npz member 'X.npy': '.npy' array of dtype '<c16' (complex)"), "%s", err);
}

Test(npz, a_corrupted_stored_member_fails_its_crc)
{
    ovp_npy_matrix X, y;
    int has_y;
    char err[512] = "";
    size_t len;
    unsigned char *b = slurp("iris_X_y.npz", &len);
    /* X's descr '<f8' inside the stored member becomes '<c8': the CRC catches it */
    unsigned char *d = NULL;
    for (size_t k = 0; k + 5 <= len && !d; k++)
        if (!memcmp(b + k, "'<f8'", 5))
            d = b + k;
    cr_assert(d);
    d[2] = 'c';
    cr_assert_eq(ovp_npy_parse_npz(b, len, &X, &y, &has_y, err, sizeof err), OVP_EDATA);
    cr_assert(strstr(err, "the .npz member 'X.npy' is damaged"), "%s", err);
    free(b);
}

Test(npy, every_truncation_is_refused)
{
    size_t len;
    unsigned char *b = slurp("iris.npy", &len);
    for (size_t n = 0; n < len; n++) {
        ovp_npy_matrix m;
        char err[512] = "";
        /* a copy of exactly n bytes, so reading past it is a (sanitizer) error */
        unsigned char *c = malloc(n ? n : 1);
        memcpy(c, b, n);
        cr_assert_eq(ovp_npy_parse(c, n, &m, err, sizeof err), OVP_EDATA, "length %zu accepted", n);
        cr_assert(err[0] && m.data == NULL, "length %zu", n);
        free(c);
    }
    free(b);
}

Test(npz, every_truncation_is_refused)
{
    const char *names[] = {"iris_X_y.npz", "iris_X_y_compressed.npz"};
    for (size_t f = 0; f < 2; f++) {
        size_t len;
        unsigned char *b = slurp(names[f], &len);
        for (size_t n = 0; n < len; n++) {
            ovp_npy_matrix X, y;
            int has_y;
            char err[512] = "";
            unsigned char *c = malloc(n ? n : 1);
            memcpy(c, b, n);
            cr_assert_eq(ovp_npy_parse_npz(c, n, &X, &y, &has_y, err, sizeof err), OVP_EDATA, "%s: length %zu accepted",
                         names[f], n);
            cr_assert(err[0] && X.data == NULL && y.data == NULL, "%s: length %zu", names[f], n);
            free(c);
        }
        free(b);
    }
}

Test(npy, every_value_of_every_header_byte_is_safe)
{
    /* the 128-byte preamble and header of iris.npy, each byte set to each of
     * the 256 values in turn: a refusal with a message, or an array whose
     * size matches the bytes present */
    size_t len;
    unsigned char *b = slurp("iris.npy", &len);
    cr_assert_eq(len, 128 + 5960);
    unsigned char *c = malloc(len);
    size_t accepted = 0;
    for (size_t at = 0; at < 128; at++) {
        for (unsigned v = 0; v < 256; v++) {
            memcpy(c, b, len);
            c[at] = (unsigned char)v;
            ovp_npy_matrix m;
            char err[512] = "";
            int rc = ovp_npy_parse(c, len, &m, err, sizeof err);
            cr_assert(rc == OVP_OK || rc == OVP_EDATA, "byte %zu = %u: status %d", at, v, rc);
            if (rc == OVP_OK) {
                cr_assert(m.data && m.rows * m.cols > 0 && m.rows * m.cols <= 5960, "byte %zu = %u", at, v);
                accepted++;
            } else {
                cr_assert(err[0] && m.data == NULL, "byte %zu = %u", at, v);
            }
            ovp_npy_matrix_free(&m);
        }
    }
    /* spaces, the padding, are interchangeable with other whitespace */
    cr_assert(accepted > 128);
    free(c);
    free(b);
}

Test(npz, every_flipped_byte_is_safe)
{
    const char *names[] = {"iris_X_y.npz", "iris_X_y_compressed.npz"};
    static const unsigned char flips[] = {0x01, 0x80, 0xff};
    for (size_t f = 0; f < 2; f++) {
        size_t len;
        unsigned char *b = slurp(names[f], &len);
        unsigned char *c = malloc(len);
        for (size_t at = 0; at < len; at++) {
            for (size_t x = 0; x < sizeof flips; x++) {
                memcpy(c, b, len);
                c[at] ^= flips[x];
                ovp_npy_matrix X, y;
                int has_y;
                char err[512] = "";
                int rc = ovp_npy_parse_npz(c, len, &X, &y, &has_y, err, sizeof err);
                cr_assert(rc == OVP_OK || rc == OVP_EDATA, "%s byte %zu ^ %u: status %d", names[f], at,
                          flips[x], rc);
                if (rc != OVP_OK)
                    cr_assert(err[0] && X.data == NULL && y.data == NULL);
                ovp_npy_matrix_free(&X);
                ovp_npy_matrix_free(&y);
            }
        }
        free(c);
        free(b);
    }
}

Test(npy, versions_2_and_3_have_a_4_byte_header_length)
{
    ovp_npy_matrix ref = iris();
    size_t len;
    unsigned char *b = slurp("iris.npy", &len);
    size_t hlen = (size_t)b[8] | (size_t)b[9] << 8;
    unsigned char *c = malloc(len + 2);
    for (unsigned major = 2; major <= 3; major++) {
        memcpy(c, "\x93NUMPY", 6);
        c[6] = (unsigned char)major;
        c[7] = 0;
        c[8] = (unsigned char)(hlen & 0xff);
        c[9] = (unsigned char)(hlen >> 8);
        c[10] = c[11] = 0;
        memcpy(c + 12, b + 10, len - 10);
        ovp_npy_matrix m;
        char err[512];
        cr_assert_eq(ovp_npy_parse(c, len + 2, &m, err, sizeof err), OVP_OK, "%u.0: %s", major, err);
        cr_assert(m.rows == 149 && m.cols == 5 && !memcmp(m.data, ref.data, 149 * 5 * sizeof(double)));
        ovp_npy_matrix_free(&m);
        c[11] = 0x80; /* a 2 GB header in a 6 KB image */
        cr_assert_eq(ovp_npy_parse(c, len + 2, &m, err, sizeof err), OVP_EDATA);
        cr_assert(strstr(err, "truncated: its header is"), "%s", err);
    }
    c[6] = 4;
    c[11] = 0;
    ovp_npy_matrix m;
    char err[512];
    cr_assert_eq(ovp_npy_parse(c, len + 2, &m, err, sizeof err), OVP_EDATA);
    cr_assert(strstr(err, "version 4.0: ovp reads versions 1.0, 2.0 and 3.0"), "%s", err);
    free(c);
    free(b);
    ovp_npy_matrix_free(&ref);
}

Test(npy, integers_convert_exactly_up_to_2_to_the_53)
{
    static const struct {
        const char *descr;
        unsigned char bytes[8];
        size_t size;
        double want;
    } ok[] = {
        {"|u1", {0xff}, 1, 255},
        {"|i1", {0x80}, 1, -128},
        {"<i2", {0xfe, 0xff}, 2, -2},
        {">i2", {0xff, 0xfe}, 2, -2},
        {"<u2", {0xff, 0xff}, 2, 65535},
        {">u4", {0xff, 0xff, 0xff, 0xff}, 4, 4294967295.0},
        {"<i4", {0x00, 0x00, 0x00, 0x80}, 4, -2147483648.0},
        {"<i8", {0, 0, 0, 0, 0, 0, 0x20, 0}, 8, 9007199254740992.0},            /* 2^53 */
        {"<i8", {0, 0, 0, 0, 0, 0, 0xe0, 0xff}, 8, -9007199254740992.0},        /* -2^53 */
        {">u8", {0, 0x20, 0, 0, 0, 0, 0, 0}, 8, 9007199254740992.0},
        {">f4", {0x40, 0x49, 0x0f, 0xdb}, 4, (double)3.14159274101257324f},
        {">f8", {0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18}, 8, 3.141592653589793},
    };
    for (size_t k = 0; k < sizeof ok / sizeof *ok; k++) {
        char dict[128];
        snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (1,), }", ok[k].descr);
        size_t len;
        unsigned char *b = make_npy(dict, ok[k].bytes, ok[k].size, &len);
        ovp_npy_matrix m;
        char err[512];
        cr_assert_eq(ovp_npy_parse(b, len, &m, err, sizeof err), OVP_OK, "%s: %s", ok[k].descr, err);
        cr_assert(m.rows == 1 && m.cols == 1 && m.data[0] == ok[k].want, "%s: %.17g", ok[k].descr, m.data[0]);
        ovp_npy_matrix_free(&m);
        free(b);
    }
    static const struct {
        const char *descr;
        unsigned char bytes[8];
        const char *message;
    } bad[] = {
        {"<i8", {1, 0, 0, 0, 0, 0, 0x20, 0}, "value 9007199254740993 at row 1, column 1 exceeds 2^53"},
        {"<i8", {0, 0, 0, 0, 0, 0, 0, 0x80}, "value -9223372036854775808 at row 1, column 1"},
        {">u8", {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "value 18446744073709551615"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char dict[128];
        snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (1,), }", bad[k].descr);
        size_t len;
        unsigned char *b = make_npy(dict, bad[k].bytes, 8, &len);
        ovp_npy_matrix m;
        char err[512] = "";
        int st = ovp_npy_parse(b, len, &m, err, sizeof err);
        cr_assert(test_refused(st, err, bad[k].message, m.data == NULL, bad[k].descr, k), "case %zu", k);
        free(b);
    }
}

Test(npy, a_fortran_matrix_is_transposed_into_row_major)
{
    /* shape (2, 3) in Fortran order: the file holds columns (1,4), (2,5), (3,6) */
    const double col_major[6] = {1, 4, 2, 5, 3, 6};
    size_t len;
    unsigned char *b = make_npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", col_major,
                                sizeof col_major, &len);
    ovp_npy_matrix m;
    char err[512];
    cr_assert_eq(ovp_npy_parse(b, len, &m, err, sizeof err), OVP_OK, "%s", err);
    cr_assert(m.rows == 2 && m.cols == 3);
    for (int k = 0; k < 6; k++)
        cr_assert_eq(m.data[k], k + 1);
    ovp_npy_matrix_free(&m);
    free(b);
    /* NaN and Inf pass through: the --data reader refuses them with its own message */
    const double odd[2] = {NAN, -INFINITY};
    b = make_npy("{\"descr\":\"<f8\",\"shape\":(2,),\"fortran_order\":False}", odd, sizeof odd, &len);
    cr_assert_eq(ovp_npy_parse(b, len, &m, err, sizeof err), OVP_OK, "%s", err);
    int ndim = 0;
    ovp_npy_matrix_free(&m);
    cr_assert_eq(ovp_npy_parse_ndim(b, len, &m, &ndim, err, sizeof err), OVP_OK, "%s", err);
    cr_assert(m.rows == 2 && m.cols == 1 && ndim == 1 && isnan(m.data[0]) && m.data[1] == -INFINITY);
    ovp_npy_matrix_free(&m);
    free(b);
}

Test(npy, malformed_headers_are_refused_with_one_message)
{
    static const struct {
        const char *dict;
        size_t nbytes;
        const char *message;
    } cases[] = {
        {"{'descr': '<f8', 'fortran_order': False, }", 8, "has no 'shape' key"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", 8, "unexpected key 'extra'"},
        {"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", 8, "expected each key once"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", 8, "expected ',' after the single dimension"},
        {"{'descr': '<f8', 'fortran_order': false, 'shape': (1,)}", 8, "expected True or False"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", 8, "expected a non-negative integer"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", 8, "expected ',' or '}'"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} x", 8, "expected only spaces after the dict"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", 8, "fits in memory"},
        {"{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}", 8, "structured dtype"},
        {"{'descr': '<f2', 'fortran_order': False, 'shape': (1,)}", 2, "dtype '<f2' (a 16-bit float)"},
        {"{'descr': '|b1', 'fortran_order': False, 'shape': (1,)}", 1, "dtype '|b1' (boolean)"},
        {"{'descr': '=f8', 'fortran_order': False, 'shape': (1,)}", 8, "dtype '=f8' (byte order '='"},
        {"{'descr': '|i8', 'fortran_order': False, 'shape': (1,)}", 8, "dtype '|i8' (byte order '|'"},
        {"{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (1,)}", 8, "dtype '<M8[ns]' (datetime)"},
        {"{'descr': 'f8', 'fortran_order': False, 'shape': (1,)}", 8, "dtype 'f8' (not a dtype ovp knows)"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': ()}", 8, "shape () is a single value"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (0, 5)}", 0, "shape (0, 5) holds no values"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", 16, "8 bytes after the data"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", 8,
         "shape (4294967296, 4294967296) is larger than any file can hold"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,)}", 8,
         "is larger than any file can hold"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1, 1)}", 8,
         "shape (1, 1, 1, 1, 1, 1, 1, 1, ...) has 10 dimensions"},
        {"{'descr': '\x01\x7f', 'fortran_order': False, 'shape': (1,)}", 8, "dtype '\\x01\\x7f'"},
    };
    const unsigned char zeros[16] = {0};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t len;
        unsigned char *b = make_npy(cases[k].dict, zeros, cases[k].nbytes, &len);
        ovp_npy_matrix m;
        char err[512] = "";
        int st = ovp_npy_parse(b, len, &m, err, sizeof err);
        cr_assert(test_refused(st, err, cases[k].message, m.data == NULL, "header", k), "case %zu", k);
        free(b);
    }
    /* no newline at the end of the header; not the magic */
    size_t len;
    unsigned char *b = make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", zeros, 8, &len);
    ovp_npy_matrix m;
    char err[512] = "";
    b[len - 9] = ' ';
    cr_assert_eq(ovp_npy_parse(b, len, &m, err, sizeof err), OVP_EDATA);
    cr_assert(strstr(err, "does not end with a newline"), "%s", err);
    b[0] = 'x';
    cr_assert_eq(ovp_npy_parse(b, len, &m, err, sizeof err), OVP_EDATA);
    cr_assert(strstr(err, "not a '.npy' image"), "%s", err);
    free(b);
    /* a tiny err buffer is filled, truncated, never overrun */
    char tiny[8];
    memset(tiny, 'z', sizeof tiny);
    cr_assert_eq(parse_file("complex.npy", &m, tiny, 5), OVP_EDATA);
    cr_assert(tiny[4] == '\0' && tiny[5] == 'z');
    cr_assert_eq(parse_file("complex.npy", &m, NULL, 0), OVP_EDATA);
}

Test(npy, sniffing)
{
    size_t len;
    unsigned char *b = slurp("iris.npy", &len);
    cr_assert(ovp_npy_is_npy(b, len) && !ovp_npy_is_zip(b, len));
    cr_assert(!ovp_npy_is_npy(b, 5));
    free(b);
    b = slurp("iris_X_y_compressed.npz", &len);
    cr_assert(ovp_npy_is_zip(b, len) && !ovp_npy_is_npy(b, len));
    free(b);
}
