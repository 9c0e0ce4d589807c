/* tests/json_check.c: exits 0 when every FILE argument is valid JSON (RFC 8259),
 * else prints where it is not and exits 1. Strict recursive descent, no extensions. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s;
    size_t i, n;
    int depth;
} parser;

static void ws(parser *p)
{
    while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]))
        p->i++;
}

static int value(parser *p);

static int lit(parser *p, const char *w)
{
    size_t k = strlen(w);
    if (p->n - p->i < k || strncmp(p->s + p->i, w, k))
        return 0;
    p->i += k;
    return 1;
}

static int string(parser *p)
{
    if (p->s[p->i] != '"')
        return 0;
    for (p->i++; p->i < p->n; p->i++) {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            p->i++;
            return 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            char e = p->s[++p->i];
            if (e == 'u') {
                for (int k = 0; k < 4; k++)
                    if (!isxdigit((unsigned char)p->s[++p->i]))
                        return 0;
            } else if (!strchr("\"\\/bfnrt", e) || !e) {
                return 0;
            }
        }
    }
    return 0;
}

static int number(parser *p)
{
    size_t st = p->i;
    if (p->s[p->i] == '-')
        p->i++;
    if (p->s[p->i] == '0')
        p->i++;
    else if (isdigit((unsigned char)p->s[p->i]))
        while (isdigit((unsigned char)p->s[p->i]))
            p->i++;
    else
        return 0;
    if (p->s[p->i] == '.') {
        p->i++;
        if (!isdigit((unsigned char)p->s[p->i]))
            return 0;
        while (isdigit((unsigned char)p->s[p->i]))
            p->i++;
    }
    if (p->s[p->i] == 'e' || p->s[p->i] == 'E') {
        p->i++;
        if (p->s[p->i] == '+' || p->s[p->i] == '-')
            p->i++;
        if (!isdigit((unsigned char)p->s[p->i]))
            return 0;
        while (isdigit((unsigned char)p->s[p->i]))
            p->i++;
    }
    return p->i > st;
}

static int container(parser *p, char open, char close, int keyed)
{
    if (++p->depth > 512)
        return 0;
    p->i++; /* open */
    ws(p);
    if (p->s[p->i] == close) {
        p->i++;
        p->depth--;
        return 1;
    }
    for (;;) {
        ws(p);
        if (keyed) {
            if (!string(p))
                return 0;
            ws(p);
            if (p->s[p->i++] != ':')
                return 0;
        }
        if (!value(p))
            return 0;
        ws(p);
        char c = p->s[p->i++];
        if (c == close)
            break;
        if (c != ',')
            return 0;
    }
    (void)open;
    p->depth--;
    return 1;
}

static int value(parser *p)
{
    ws(p);
    switch (p->s[p->i]) {
    case '{': return container(p, '{', '}', 1);
    case '[': return container(p, '[', ']', 0);
    case '"': return string(p);
    case 't': return lit(p, "true");
    case 'f': return lit(p, "false");
    case 'n': return lit(p, "null");
    default: return number(p);
    }
}

int main(int argc, char **argv)
{
    int bad = argc < 2;
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (!f) {
            fprintf(stderr, "json_check: cannot open %s\n", argv[a]);
            bad = 1;
            continue;
        }
        static char buf[1 << 24];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        parser p = {buf, 0, n, 0};
        int ok = value(&p);
        ws(&p);
        if (!ok || p.i != n) {
            fprintf(stderr, "json_check: %s: invalid JSON near byte %zu\n", argv[a], p.i);
            bad = 1;
        }
    }
    return bad;
}
