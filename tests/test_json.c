/* tests/test_json.c: the JSON writer: unsigned 64-bit values (seeds) come out
 * whole, also 2^63 and above, where a signed write turns them negative. */
#include "json.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The compact text of {"a": v0, "b": [v1, v2]} written with ovp_json_uint. */
static char *write_uints(uint64_t v0, uint64_t v1, uint64_t v2)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert(f);
    ovp_json j;
    ovp_json_init(&j, f);
    ovp_json_begin_object(&j);
    ovp_json_key(&j, "a");
    ovp_json_uint(&j, v0);
    ovp_json_key(&j, "b");
    ovp_json_begin_array(&j);
    ovp_json_uint(&j, v1);
    ovp_json_uint(&j, v2);
    ovp_json_end_array(&j);
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

Test(json, uint_writes_every_64_bit_value_exactly)
{
    char *text = write_uints(UINT64_MAX, (uint64_t)1 << 63, 0);
    cr_assert_str_eq(text, "{\"a\":18446744073709551615,\"b\":[9223372036854775808,0]}");
    free(text);
    text = write_uints(1, 9007199254740993u, 12345678901234567890u); /* 2^53 + 1: not a double */
    cr_assert_str_eq(text, "{\"a\":1,\"b\":[9007199254740993,12345678901234567890]}");
    free(text);
}
