/* verify/io/json.h: a minimal streaming JSON writer (objects, arrays, strings, numbers).
 * Numbers are written in their shortest exact round-trip form; NaN and ±Inf,
 * which JSON cannot hold, become null. Keys and strings are escaped, and the
 * output is always UTF-8: well-formed UTF-8 (RFC 3629) is copied as it is, and
 * every byte that is not part of a well-formed sequence (a Latin-1 file name, a
 * truncated or overlong sequence, an encoded surrogate) is read as Latin-1 and
 * written as the escape \u00XX (byte 0xE9 -> "\u00e9", which reads back as é).
 * Written here, not through jansson (which reads them back, jsonread.h): jansson
 * prints reals as "%.17g" plus ".0" (0.10000000000000001, 1.0), where ovp keeps the
 * shortest form and its own layout, byte for byte those of the committed results. */
#ifndef OVP_JSON_H
#define OVP_JSON_H

#include <stdint.h>
#include <stdio.h>

typedef struct {
    FILE *f;
    int depth;
    int need_comma[32];
    int after_key;
} ovp_json;

void ovp_json_init(ovp_json *j, FILE *f);
void ovp_json_begin_object(ovp_json *j);
void ovp_json_end_object(ovp_json *j);
void ovp_json_begin_array(ovp_json *j);
void ovp_json_end_array(ovp_json *j);
void ovp_json_key(ovp_json *j, const char *key);
void ovp_json_string(ovp_json *j, const char *s);
void ovp_json_number(ovp_json *j, double x);
void ovp_json_integer(ovp_json *j, long long x);
/* An unsigned 64-bit integer in full (seeds, hashes): every value up to
 * 2^64-1 exactly, where ovp_json_integer would turn 2^63 and above negative. */
void ovp_json_uint(ovp_json *j, uint64_t v);
void ovp_json_bool(ovp_json *j, int b);
void ovp_json_null(ovp_json *j);
/* A value already encoded as JSON text (e.g. a stored parameter). */
void ovp_json_raw(ovp_json *j, const char *text);

/* Writes the JSON string literal for s (quotes included) into buf. */
void ovp_json_quote(const char *s, char *buf, size_t len);

/* Shortest "%.{15,16,17}g" text that reads back as exactly x ("NaN", "Inf",
 * "-Inf" for non-finite values). buf needs 32 bytes. */
const char *ovp_json_format_double(double x, char buf[32]);

#endif
