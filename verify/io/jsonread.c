/* verify/io/jsonread.c: recursive-descent JSON parser. */
#include "jsonread.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s;
    size_t i, n;
    int depth, failed;
} parser;

static void ws(parser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

static char peek(const parser *p) { return p->i < p->n ? p->s[p->i] : '\0'; }

static ovp_jvalue *node(ovp_jtype t)
{
    ovp_jvalue *v = calloc(1, sizeof *v);
    if (v)
        v->type = t;
    return v;
}

static int push(ovp_jvalue *v, char *key, ovp_jvalue *item)
{
    ovp_jvalue **items = realloc(v->items, (v->n + 1) * sizeof *items);
    if (!items)
        return 0;
    v->items = items;
    if (v->type == OVP_JOBJECT) {
        char **keys = realloc(v->keys, (v->n + 1) * sizeof *keys);
        if (!keys)
            return 0;
        v->keys = keys;
        v->keys[v->n] = key;
    }
    v->items[v->n++] = item;
    return 1;
}

static void utf8(char *out, size_t *k, unsigned cp)
{
    if (cp < 0x80) {
        out[(*k)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*k)++] = (char)(0xc0 | (cp >> 6));
        out[(*k)++] = (char)(0x80 | (cp & 0x3f));
    } else {
        out[(*k)++] = (char)(0xe0 | (cp >> 12));
        out[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[(*k)++] = (char)(0x80 | (cp & 0x3f));
    }
}

static char *string(parser *p)
{
    if (peek(p) != '"')
        return NULL;
    size_t start = ++p->i, k = 0;
    char *out = malloc(p->n - start + 1);
    if (!out)
        return NULL;
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i++];
        if (c == '"') {
            out[k] = '\0';
            return out;
        }
        if (c < 0x20)
            break;
        if (c != '\\') {
            out[k++] = (char)c;
            continue;
        }
        char e = p->i < p->n ? p->s[p->i++] : '\0';
        const char *esc = strchr("\"\\/bfnrt", e);
        if (e && esc) {
            out[k++] = "\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrt"];
        } else if (e == 'u' && p->i + 4 <= p->n) {
            unsigned cp = 0;
            for (int d = 0; d < 4; d++) {
                char h = p->s[p->i++];
                if (!isxdigit((unsigned char)h))
                    goto bad;
                cp = cp * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : (tolower(h) - 'a' + 10));
            }
            utf8(out, &k, cp);
        } else {
            break;
        }
    }
bad:
    free(out);
    return NULL;
}

static ovp_jvalue *value(parser *p);

static ovp_jvalue *container(parser *p, int object)
{
    ovp_jvalue *v = node(object ? OVP_JOBJECT : OVP_JARRAY);
    char close = object ? '}' : ']';
    if (!v || ++p->depth > 256)
        goto fail;
    p->i++;
    ws(p);
    if (peek(p) == close) {
        p->i++;
        p->depth--;
        return v;
    }
    for (;;) {
        char *key = NULL;
        ws(p);
        if (object) {
            if (!(key = string(p)))
                goto fail;
            ws(p);
            if (peek(p) != ':') {
                free(key);
                goto fail;
            }
            p->i++;
        }
        ovp_jvalue *item = value(p);
        if (!item || !push(v, key, item)) {
            free(key);
            ovp_jsonread_free(item);
            goto fail;
        }
        ws(p);
        char c = peek(p);
        p->i++;
        if (c == close)
            break;
        if (c != ',')
            goto fail;
    }
    p->depth--;
    return v;
fail:
    ovp_jsonread_free(v);
    return NULL;
}

static ovp_jvalue *number(parser *p)
{
    const char *start = p->s + p->i;
    size_t j = p->i;
    if (j < p->n && p->s[j] == '-')
        j++;
    if (j >= p->n || !isdigit((unsigned char)p->s[j]))
        return NULL;
    while (j < p->n && (isdigit((unsigned char)p->s[j]) || strchr(".eE+-", p->s[j])))
        j++;
    char buf[64];
    size_t len = j - p->i;
    if (len >= sizeof buf)
        return NULL;
    memcpy(buf, start, len);
    buf[len] = '\0';
    char *end;
    double x = strtod(buf, &end);
    if (*end)
        return NULL;
    ovp_jvalue *v = node(OVP_JNUMBER);
    if (v)
        v->number = x;
    p->i = j;
    return v;
}

static ovp_jvalue *literal(parser *p, const char *word, ovp_jtype t, double x)
{
    size_t len = strlen(word);
    if (p->n - p->i < len || strncmp(p->s + p->i, word, len) != 0)
        return NULL;
    p->i += len;
    ovp_jvalue *v = node(t);
    if (v)
        v->number = x;
    return v;
}

static ovp_jvalue *value(parser *p)
{
    ws(p);
    switch (peek(p)) {
    case '{': return container(p, 1);
    case '[': return container(p, 0);
    case '"': {
        char *s = string(p);
        ovp_jvalue *v = s ? node(OVP_JSTRING) : NULL;
        if (v)
            v->string = s;
        else
            free(s);
        return v;
    }
    case 't': return literal(p, "true", OVP_JBOOL, 1);
    case 'f': return literal(p, "false", OVP_JBOOL, 0);
    case 'n': return literal(p, "null", OVP_JNULL, 0);
    default: return number(p);
    }
}

ovp_jvalue *ovp_jsonread_parse(const char *text, size_t len, char *err, size_t errlen)
{
    parser p = {.s = text, .n = len};
    ovp_jvalue *v = value(&p);
    ws(&p);
    if (!v || p.i != p.n) {
        ovp_jsonread_free(v);
        snprintf(err, errlen, "invalid JSON near byte %zu", p.i);
        return NULL;
    }
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
