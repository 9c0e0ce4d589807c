/* tests/test_json.c: the JSON writer: unsigned 64-bit values (seeds) come out
 * whole, also 2^63 and above, where a signed write turns them negative; records
 * written from a field table (provenance, claims) hold each kind of value;
 * strings that are not UTF-8 still give valid JSON; doubles read back bit for
 * bit. The reader (jansson) refuses what RFC 8259 does not allow. */
#include "json.h"
#include "jsonread.h"
#include "provenance.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The compact text of the object fill writes (members only) from arg. */
static char *write_object(void (*fill)(ovp_json *, const void *), const void *arg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert(f);
    ovp_json j;
    ovp_json_init(&j, f);
    ovp_json_begin_object(&j);
    fill(&j, arg);
    ovp_json_end_object(&j);
    fclose(f);
    /* drop the indentation so the test reads the values, not the layout */
    char *w = text;
    for (const char *r = text; *r; r++)
        if (*r != '\n' && *r != ' ')
            *w++ = *r;
    *w = '\0';
    return text;
}

/* {"a": v[0], "b": [v[1], v[2]]} written with ovp_json_uint. */
static void fill_uints(ovp_json *j, const void *arg)
{
    const uint64_t *v = arg;
    ovp_json_key(j, "a");
    ovp_json_uint(j, v[0]);
    ovp_json_key(j, "b");
    ovp_json_begin_array(j);
    ovp_json_uint(j, v[1]);
    ovp_json_uint(j, v[2]);
    ovp_json_end_array(j);
}

static char *write_uints(uint64_t v0, uint64_t v1, uint64_t v2)
{
    const uint64_t v[3] = {v0, v1, v2};
    return write_object(fill_uints, v);
}

Test(json, uint_writes_every_64_bit_value_exactly)
{
    char *text = write_uints(UINT64_MAX, (uint64_t)1 << 63, 0);
    cr_assert_str_eq(text, "{\"a\":18446744073709551615,\"b\":[9223372036854775808,0]}");
    free(text);
    text = write_uints(1, 9007199254740993u, 12345678901234567890u); /* 2^53 + 1: not a double */
    cr_assert_str_eq(text, "{\"a\":1,\"b\":[9007199254740993,12345678901234567890]}");
    free(text);
}

static void fill_table(ovp_json *j, const void *arg)
{
    (void)arg;
    const ovp_provenance_field f[] = {
        {"s", OVP_PROVENANCE_STR, .s = "x\"y"},
        {"n", OVP_PROVENANCE_NUM, .x = 0.1},
        {"i", OVP_PROVENANCE_INT, .x = -2147483648.0},
        {"nan", OVP_PROVENANCE_NUM, .x = NAN},
    };
    ovp_provenance_write_table(j, f, sizeof f / sizeof *f);
}

Test(json, provenance_table_writes_strings_numbers_and_integers)
{
    char *text = write_object(fill_table, NULL);
    cr_assert_str_eq(text, "{\"s\":\"x\\\"y\",\"n\":0.1,\"i\":-2147483648,\"nan\":null}");
    free(text);
}

/* The tree of text, or NULL when refused (then err says why). */
static ovp_jvalue *parse(const char *text, char *err, size_t errlen)
{
    return ovp_jsonread_parse(text, strlen(text), err, errlen);
}

Test(jsonread, refuses_what_rfc_8259_does_not_allow)
{
    static const char *const bad[] = {
        "01", "-01", "[1.]", "1.", ".5", "1e", "+1", "[1,]", "{\"a\":1,}", "NaN", "[Infinity]",
        "\"\\ud800\"",        /* lone high surrogate */
        "\"\\udc00\"",        /* lone low surrogate */
        "\"\\ud800\\u0041\"", /* high surrogate, then no low one */
        "\"a\\u0000b\"",      /* would end a C string: refused, never truncated */
        "{\"a\\u0000\":1}",   /* the same in a key */
        "\"\xff\"",            /* not UTF-8 */
        "\"\xc0\xaf\"",        /* overlong */
        "\"\xed\xa0\x80\"",    /* an encoded surrogate (CESU-8) */
        "{\"a\":1,\"a\":2}",    /* a repeated key */
        "[1] 2", "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char err[256] = "";
        ovp_jvalue *v = parse(bad[i], err, sizeof err);
        cr_expect_null(v, "accepted: %s", bad[i]);
        cr_expect(err[0], "no reason given for %s", bad[i]);
        ovp_jsonread_free(v);
    }
    char err[256];
    ovp_jvalue *v = parse("[0, -0.5, 1e3, 2E-2, 10, \"\\u00e9\\/\"]", err, sizeof err);
    cr_assert_not_null(v, "%s", err);
    cr_assert_eq(v->type, OVP_JARRAY);
    cr_assert_eq(v->n, 6);
    cr_assert(v->items[1]->number == -0.5 && v->items[2]->number == 1000 && v->items[4]->number == 10);
    cr_assert_str_eq(v->items[5]->string, "\xc3\xa9/");
    ovp_jsonread_free(v);
}

Test(jsonread, surrogate_pairs_decode_to_utf8)
{
    char err[256];
    ovp_jvalue *v = parse("{\"s\": \"\\ud83d\\ude00 \\uD834\\uDD1E\", \"k\": 18446744073709551615}", err, sizeof err);
    cr_assert_not_null(v, "%s", err);
    /* U+1F600 and U+1D11E, four bytes each (not two three-byte CESU-8 halves) */
    cr_assert_str_eq(ovp_jsonread_get_string(v, "s"), "\xf0\x9f\x98\x80 \xf0\x9d\x84\x9e");
    /* integers beyond long long are read as doubles, not refused */
    cr_assert_eq(ovp_jsonread_get_number(v, "k", 0), 18446744073709551615.0);
    ovp_jsonread_free(v);
}

/* {"s": arg} */
static void fill_string(ovp_json *j, const void *arg)
{
    ovp_json_key(j, "s");
    ovp_json_string(j, arg);
}

Test(json, strings_that_are_not_utf8_still_give_valid_json)
{
    static const struct {
        const char *in, *json, *read;
    } cases[] = {
        /* a Latin-1 file name: each byte not in a UTF-8 sequence is written as \u00XX */
        {"/data/caf\xe9.csv", "\"/data/caf\\u00e9.csv\"", "/data/caf\xc3\xa9.csv"},
        /* well-formed UTF-8 (2 and 4 bytes) is kept as it is */
        {"caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "caf\xc3\xa9 \xf0\x9f\x98\x80"},
        {"\xc0\xaf", "\"\\u00c0\\u00af\"", "\xc3\x80\xc2\xaf"},                      /* overlong */
        {"\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"", "\xc3\xad\xc2\xa0\xc2\x80"},     /* CESU-8 surrogate */
        {"\xe2\x82", "\"\\u00e2\\u0082\"", "\xc3\xa2\xc2\x82"},                      /* truncated */
        {"\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"", "\xc3\xb4\xc2\x90\xc2\x80\xc2\x80"}, /* > U+10FFFF */
        {"a\x01\"\\", "\"a\\u0001\\\"\\\\\"", "a\x01\"\\"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        cr_assert(f);
        ovp_json j;
        ovp_json_init(&j, f);
        ovp_json_begin_object(&j);
        fill_string(&j, cases[i].in);
        ovp_json_end_object(&j);
        fclose(f);
        cr_expect(strstr(text, cases[i].json), "case %zu: %s lacks %s", i, text, cases[i].json);
        char err[256];
        ovp_jvalue *v = ovp_jsonread_parse(text, len, err, sizeof err);
        cr_assert_not_null(v, "case %zu: invalid JSON written (%s): %s", i, err, text);
        cr_expect_str_eq(ovp_jsonread_get_string(v, "s"), cases[i].read, "case %zu", i);
        ovp_jsonread_free(v);
        free(text);
        char quoted[64];
        ovp_json_quote(cases[i].in, quoted, sizeof quoted);
        cr_expect_str_eq(quoted, cases[i].json, "case %zu: ovp_json_quote", i);
    }
}

/* [x_0, x_1, ...] written with ovp_json_number */
static void fill_numbers(ovp_json *j, const void *arg)
{
    const double *x = arg;
    ovp_json_key(j, "x");
    ovp_json_begin_array(j);
    for (size_t i = 1; i <= (size_t)x[0]; i++)
        ovp_json_number(j, x[i]);
    ovp_json_end_array(j);
}

Test(json, doubles_read_back_bit_for_bit)
{
    const double x[] = {0, 0.1, 1.0 / 3, -0.0, 5e-324, DBL_MIN, DBL_MAX, -DBL_MAX, 1e23, 9007199254740993.0,
                        0.30000000000000004, 2.2250738585072009e-308, 123456789.123456789, -1.5e-300, 1.0};
    double in[sizeof x / sizeof *x + 1];
    in[0] = (double)(sizeof x / sizeof *x);
    memcpy(in + 1, x, sizeof x);
    char *text = write_object(fill_numbers, in), err[256];
    ovp_jvalue *v = parse(text, err, sizeof err);
    cr_assert_not_null(v, "%s: %s", err, text);
    const ovp_jvalue *a = ovp_jsonread_get(v, "x");
    cr_assert(a && a->type == OVP_JARRAY && a->n == sizeof x / sizeof *x);
    for (size_t i = 0; i < a->n; i++) {
        cr_assert_eq(a->items[i]->type, OVP_JNUMBER);
        cr_expect(memcmp(&a->items[i]->number, &x[i], sizeof(double)) == 0, "%.17g read back as %.17g", x[i],
                  a->items[i]->number);
    }
    ovp_jsonread_free(v);
    free(text);
}
