/* tests/test_json.c: the JSON writer: unsigned 64-bit values (seeds) come out
 * whole, also 2^63 and above, where a signed write turns them negative; records
 * written from a field table (provenance, claims) hold each kind of value. */
#include "json.h"
#include "provenance.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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
