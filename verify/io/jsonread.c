/* verify/io/jsonread.c: JSON reading through jansson, copied into ovp's tree.
 * jansson does the RFC 8259 checking (numbers, escapes, surrogates, UTF-8);
 * this file only maps its values onto ovp_jvalue. */
#include "jsonread.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A copy of n bytes as a C string; NULL when they hold a NUL (a C string would
 * end there: refused rather than truncated) or on no memory. */
static char *copy_text(const char *s, size_t n)
{
    if (memchr(s, '\0', n))
        return NULL;
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

static ovp_jvalue *convert(const json_t *j)
{
    ovp_jvalue *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    switch (json_typeof(j)) {
    case JSON_NULL: v->type = OVP_JNULL; return v;
    case JSON_TRUE: v->type = OVP_JBOOL; v->number = 1; return v;
    case JSON_FALSE: v->type = OVP_JBOOL; return v;
    case JSON_INTEGER: /* not reached: JSON_DECODE_INT_AS_REAL */
        v->type = OVP_JNUMBER;
        v->number = (double)json_integer_value(j);
        return v;
    case JSON_REAL: v->type = OVP_JNUMBER; v->number = json_real_value(j); return v;
    case JSON_STRING:
        v->type = OVP_JSTRING;
        if (!(v->string = copy_text(json_string_value(j), json_string_length(j))))
            break;
        return v;
    case JSON_ARRAY: {
        v->type = OVP_JARRAY;
        size_t n = json_array_size(j);
        if (n && !(v->items = calloc(n, sizeof *v->items)))
            break;
        for (; v->n < n; v->n++)
            if (!(v->items[v->n] = convert(json_array_get(j, v->n))))
                break;
        if (v->n < n)
            break;
        return v;
    }
    case JSON_OBJECT: {
        v->type = OVP_JOBJECT;
        size_t n = json_object_size(j);
        if (n && (!(v->items = calloc(n, sizeof *v->items)) || !(v->keys = calloc(n, sizeof *v->keys))))
            break;
        /* jansson iterates in insertion order: the file's order */
        for (void *it = json_object_iter((json_t *)j); it; it = json_object_iter_next((json_t *)j, it)) {
            v->keys[v->n] = copy_text(json_object_iter_key(it), json_object_iter_key_len(it));
            v->items[v->n] = v->keys[v->n] ? convert(json_object_iter_value(it)) : NULL;
            if (!v->items[v->n]) {
                free(v->keys[v->n]);
                break;
            }
            v->n++;
        }
        if (v->n < n)
            break;
        return v;
    }
    }
    ovp_jsonread_free(v);
    return NULL;
}

ovp_jvalue *ovp_jsonread_parse(const char *text, size_t len, char *err, size_t errlen)
{
    json_error_t e;
    /* Any top-level value; numbers as doubles (strtod of the text, as before, and no
     * refusal of integers beyond long long); a repeated key is refused, so no reader
     * has to pick one; \u0000 is refused by jansson (no JSON_ALLOW_NUL). */
    json_t *j = json_loadb(text, len, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, &e);
    if (!j) {
        snprintf(err, errlen, "invalid JSON near byte %d (line %d): %s", e.position, e.line, e.text);
        return NULL;
    }
    ovp_jvalue *v = convert(j);
    json_decref(j);
    if (!v)
        snprintf(err, errlen, "invalid JSON: a key or string holds \\u0000, or out of memory");
    return v;
}

void ovp_jsonread_free(ovp_jvalue *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        ovp_jsonread_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    free(v);
}

const ovp_jvalue *ovp_jsonread_get(const ovp_jvalue *obj, const char *key)
{
    if (!obj || obj->type != OVP_JOBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

double ovp_jsonread_get_number(const ovp_jvalue *obj, const char *key, double fallback)
{
    const ovp_jvalue *v = ovp_jsonread_get(obj, key);
    return v && v->type == OVP_JNUMBER ? v->number : fallback;
}

const char *ovp_jsonread_get_string(const ovp_jvalue *obj, const char *key)
{
    const ovp_jvalue *v = ovp_jsonread_get(obj, key);
    return v && v->type == OVP_JSTRING ? v->string : NULL;
}
