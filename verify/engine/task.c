/* verify/engine/task.c: task outputs and their exact text form. */
#include "task.h"
#include "digest.h"
#include "json.h"
#include "runstatus.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void)
{
    fputs("ovp: out of memory while recording task output\n", stderr);
    abort();
}

int ovp_task_text_append(ovp_text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t c = t->cap ? t->cap : 4096;
        while (c < t->len + n + 1)
            c *= 2;
        char *p = realloc(t->data, c);
        if (!p)
            return OVP_ENOMEM;
        t->data = p;
        t->cap = c;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
    return OVP_OK;
}

void ovp_task_text_free(ovp_text *t)
{
    free(t->data);
    *t = (ovp_text){0};
}

ovp_task_out *ovp_task_out_new(size_t index, size_t n_tables)
{
    ovp_task_out *t = calloc(1, sizeof *t);
    if (!t || (n_tables && !(t->tables = calloc(n_tables, sizeof *t->tables))))
        out_of_memory();
    t->index = index;
    t->n_tables = n_tables;
    return t;
}

void ovp_task_out_free(ovp_task_out *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_tables; i++)
        ovp_task_text_free(&t->tables[i]);
    free(t->tables);
    free(t->values);
    free(t);
}

static void append(ovp_task_out *t, size_t table, const char *s, size_t n)
{
    if (table >= t->n_tables || ovp_task_text_append(&t->tables[table], s, n))
        out_of_memory();
}

void ovp_task_row(ovp_task_out *t, size_t table, size_t n, const double *cells)
{
    char buf[34];
    for (size_t i = 0; i < n; i++) {
        if (i)
            append(t, table, ",", 1);
        const char *s = ovp_json_format_double(cells[i], buf);
        append(t, table, s, strlen(s));
    }
    append(t, table, "\n", 1);
}

void ovp_task_rowf(ovp_task_out *t, size_t table, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        out_of_memory(); /* rows are short; a longer one is a harness bug */
    append(t, table, buf, (size_t)n);
    append(t, table, "\n", 1);
}

void ovp_task_set(ovp_task_out *t, const char *name, double value)
{
    for (size_t i = 0; i < t->n_values; i++)
        if (strcmp(t->values[i].name, name) == 0) {
            t->values[i].value = value;
            return;
        }
    if (t->n_values == t->cap_values) {
        size_t c = t->cap_values ? 2 * t->cap_values : 16;
        ovp_task_value *p = realloc(t->values, c * sizeof *p);
        if (!p)
            out_of_memory();
        t->values = p;
        t->cap_values = c;
    }
    ovp_task_value *v = &t->values[t->n_values++];
    snprintf(v->name, sizeof v->name, "%s", name);
    v->value = value;
}

double ovp_task_get(const ovp_task_out *t, const char *name)
{
    for (size_t i = 0; i < t->n_values; i++)
        if (strcmp(t->values[i].name, name) == 0)
            return t->values[i].value;
    return NAN;
}

int ovp_task_fail(ovp_task_out *t, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->error, sizeof t->error, fmt, ap);
    va_end(ap);
    t->status = status;
    return status;
}

int ovp_task_check(ovp_task_out *t, int status, const char *fmt, ...)
{
    if (!status)
        return OVP_OK;
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return ovp_task_fail(t, status, "%s: %s (info %d)", what, ovp_runstatus_text(status), ovp_status_lapack_info());
}

/* ---------------------------------------------------------------- text form
 *   ovp-task 2
 *   key <run key, or ->
 *   index <i>
 *   value <name> <hex float>
 *   table <k> <bytes>\n<bytes>
 *   end
 *   sum <16 hex digits: FNV-1a 64 of every byte above>
 * The key says which run computed the task; the sum catches a truncated,
 * edited or otherwise damaged file. */
int ovp_task_serialize(const ovp_task_out *t, const char *key, ovp_text *out)
{
    char line[160];
    int st = OVP_OK;
    size_t start = out->len;
#define EMIT(...)                                                                                  \
    do {                                                                                           \
        int n_ = snprintf(line, sizeof line, __VA_ARGS__);                                         \
        if (!st)                                                                                   \
            st = ovp_task_text_append(out, line, (size_t)n_);                                      \
    } while (0)
    EMIT("ovp-task 2\nkey %.20s\nindex %zu\n", key && *key ? key : "-", t->index);
    for (size_t i = 0; i < t->n_values; i++)
        EMIT("value %s %a\n", t->values[i].name, t->values[i].value);
    for (size_t k = 0; k < t->n_tables; k++) {
        EMIT("table %zu %zu\n", k, t->tables[k].len);
        if (!st && t->tables[k].len)
            st = ovp_task_text_append(out, t->tables[k].data, t->tables[k].len);
    }
    EMIT("end\n");
    if (!st) {
        char hex[17];
        ovp_digest_hex(ovp_digest_bytes(OVP_DIGEST_INIT, out->data + start, out->len - start), hex);
        EMIT("sum %s\n", hex);
    }
#undef EMIT
    return st;
}

/* The body's length when the text ends in a "sum" line that matches it, else 0. */
static size_t checked_body(const char *text, size_t len)
{
    static const size_t sum_line = 4 + 16 + 1; /* "sum " hex "\n" */
    if (len <= sum_line || text[len - 1] != '\n' || memcmp(text + len - sum_line, "sum ", 4) != 0)
        return 0;
    size_t body = len - sum_line;
    char hex[17];
    ovp_digest_hex(ovp_digest_bytes(OVP_DIGEST_INIT, text, body), hex);
    return memcmp(hex, text + body + 4, 16) == 0 ? body : 0;
}

int ovp_task_deserialize(const char *text, size_t len, const char *key, size_t n_tables,
                         ovp_task_out **tp)
{
    *tp = NULL;
    size_t body = checked_body(text, len);
    const char *p = text, *end = text + body;
    char file_key[24];
    size_t index;
    int used = 0;
    if (!body || sscanf(p, "ovp-task 2\nkey %20s\nindex %zu\n%n", file_key, &index, &used) != 2 || !used)
        return OVP_EDATA;
    if (key && strcmp(file_key, key) != 0)
        return OVP_ESTALE;
    ovp_task_out *t = ovp_task_out_new(index, n_tables);
    p += used;
    while (p < end) {
        char name[48];
        double v;
        size_t k, bytes;
        used = 0;
        if (end - p == 4 && strncmp(p, "end\n", 4) == 0) {
            *tp = t;
            return OVP_OK;
        }
        if (sscanf(p, "value %47s %la\n%n", name, &v, &used) == 2 && used) {
            ovp_task_set(t, name, v);
            p += used;
        } else if (sscanf(p, "table %zu %zu\n%n", &k, &bytes, &used) == 2 && used &&
                   k < n_tables && bytes <= (size_t)(end - p - used)) {
            p += used;
            append(t, k, p, bytes);
            p += bytes;
        } else {
            break;
        }
    }
    ovp_task_out_free(t);
    return OVP_EDATA;
}
