/* verify/io/json.c: streaming JSON writer with two-space indentation. */
#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ovp_json_format_double(double x, char buf[32])
{
    if (isnan(x))
        return strcpy(buf, "NaN");
    if (isinf(x))
        return strcpy(buf, x > 0 ? "Inf" : "-Inf");
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

void ovp_json_init(ovp_json *j, FILE *f) { *j = (ovp_json){.f = f}; }

static void indent(ovp_json *j)
{
    fputc('\n', j->f);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->f);
}

/* Separator and indentation before a value or a key. */
static void before_item(ovp_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0) {
        if (j->need_comma[j->depth])
            fputc(',', j->f);
        indent(j);
    }
    j->need_comma[j->depth] = 1;
}

static void open_container(ovp_json *j, char c)
{
    before_item(j);
    fputc(c, j->f);
    if (j->depth < 31)
        j->depth++;
    j->need_comma[j->depth] = 0;
}

static void close_container(ovp_json *j, char c)
{
    int had_items = j->need_comma[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had_items)
        indent(j);
    fputc(c, j->f);
    if (j->depth == 0)
        fputc('\n', j->f);
}

void ovp_json_begin_object(ovp_json *j) { open_container(j, '{'); }
void ovp_json_end_object(ovp_json *j) { close_container(j, '}'); }
void ovp_json_begin_array(ovp_json *j) { open_container(j, '['); }
void ovp_json_end_array(ovp_json *j) { close_container(j, ']'); }

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 when p starts none. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    /* the allowed range of the second byte, by lead byte; later bytes are 80..BF */
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
    else
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0; /* also stops at the terminating NUL */
    for (size_t k = 2; k < n; k++)
        if (p[k] < 0x80 || p[k] > 0xbf)
            return 0;
    return n;
}

static void write_escaped(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20) {
                fprintf(f, "\\u%04x", *p);
            } else if (*p < 0x80) {
                fputc(*p, f);
            } else {
                size_t n = utf8_len(p);
                if (n) {
                    fwrite(p, 1, n, f);
                    p += n - 1;
                } else {
                    fprintf(f, "\\u%04x", *p); /* not UTF-8: the byte as Latin-1 */
                }
            }
        }
    }
    fputc('"', f);
}

void ovp_json_key(ovp_json *j, const char *key)
{
    before_item(j);
    write_escaped(j->f, key);
    fputs(": ", j->f);
    j->after_key = 1;
}

void ovp_json_string(ovp_json *j, const char *s)
{
    before_item(j);
    write_escaped(j->f, s);
}

void ovp_json_number(ovp_json *j, double x)
{
    char buf[32];
    before_item(j);
    fputs(isfinite(x) ? ovp_json_format_double(x, buf) : "null", j->f);
}

void ovp_json_integer(ovp_json *j, long long x)
{
    before_item(j);
    fprintf(j->f, "%lld", x);
}

void ovp_json_uint(ovp_json *j, uint64_t v)
{
    before_item(j);
    fprintf(j->f, "%" PRIu64, v);
}

void ovp_json_bool(ovp_json *j, int b)
{
    before_item(j);
    fputs(b ? "true" : "false", j->f);
}

void ovp_json_null(ovp_json *j)
{
    before_item(j);
    fputs("null", j->f);
}

void ovp_json_raw(ovp_json *j, const char *text)
{
    before_item(j);
    fputs(text, j->f);
}

void ovp_json_quote(const char *s, char *buf, size_t len)
{
    FILE *f = fmemopen(buf, len, "w");
    if (!f) {
        if (len)
            buf[0] = '\0';
        return;
    }
    write_escaped(f, s);
    fclose(f);
}
