/* verify/io/args.c: strict option parsing. */
#include "args.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Plain decimal digits only: strtoull alone takes leading whitespace and a
 * sign (wrapping "-1" to 2^64-1); a value must read as typed. */
int ovp_args_parse_uint(const char *text, uint64_t *out)
{
    if (!text || !*text)
        return 0;
    uint64_t v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return 0; /* would exceed 2^64-1 */
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

static const char *skip_digits(const char *p)
{
    while (*p >= '0' && *p <= '9')
        p++;
    return p;
}

/* -?D+(.D+)?([eE][+-]?D+)? checked before strtod, which also takes spaces,
 * '+', hex floats, inf and nan. */
int ovp_args_parse_real(const char *text, double *out)
{
    if (!text)
        return 0;
    const char *p = text + (*text == '-'), *q = skip_digits(p);
    if (q == p)
        return 0;
    if (*q == '.') {
        p = q + 1;
        if ((q = skip_digits(p)) == p)
            return 0;
    }
    if (*q == 'e' || *q == 'E') {
        p = q + 1;
        p += *p == '+' || *p == '-';
        if ((q = skip_digits(p)) == p)
            return 0;
    }
    if (*q)
        return 0;
    errno = 0;
    double v = strtod(text, NULL);
    if (errno || !isfinite(v)) /* overflow, or underflow to a denormal or zero */
        return 0;
    *out = v;
    return 1;
}

/* A spec's bounds as exact integers, so that 2^53..2^64-1 are compared
 * exactly (as doubles, 2^63+1 would pass a max of 2^63). A max <= 0 means no
 * upper bound, and a max of 2^64 (what UINT64_MAX becomes as a double) means
 * UINT64_MAX. */
static uint64_t uint_lo(const ovp_opt_spec *s)
{
    if (!(s->min > 0))
        return 0;
    return s->min >= 0x1p64 ? UINT64_MAX : (uint64_t)ceil(s->min);
}

static uint64_t uint_hi(const ovp_opt_spec *s)
{
    if (!(s->max > 0) || s->max >= 0x1p64)
        return UINT64_MAX;
    return (uint64_t)floor(s->max);
}

static int parse_uint(const char *s, const ovp_opt_spec *spec, uint64_t *out)
{
    uint64_t v;
    if (!ovp_args_parse_uint(s, &v) || v < uint_lo(spec) || v > uint_hi(spec))
        return 0;
    *out = v;
    return 1;
}

static int parse_real(const char *s, double min, double max, double *out)
{
    double v;
    if (!ovp_args_parse_real(s, &v) || v < min || (max > min && v > max))
        return 0;
    *out = v;
    return 1;
}

static void range_text(const ovp_opt_spec *s, char *buf, size_t len)
{
    if (s->type == OVP_OPT_UINT || s->type == OVP_OPT_UINT_LIST) {
        if (s->max > 0)
            snprintf(buf, len, "an integer in [%" PRIu64 ", %" PRIu64 "]", uint_lo(s), uint_hi(s));
        else
            snprintf(buf, len, "an integer >= %" PRIu64, uint_lo(s));
    } else if (s->max > s->min) {
        snprintf(buf, len, "a number in [%g, %g]", s->min, s->max);
    } else {
        snprintf(buf, len, "a finite number >= %g", s->min);
    }
}

static int choice_ok(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = choices; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0)
            return 1;
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

static int set_value(ovp_opt_value *v, const char *text, char *err, size_t errlen)
{
    const ovp_opt_spec *s = v->spec;
    char range[96];
    v->text = text;
    switch (s->type) {
    case OVP_OPT_FLAG:
    case OVP_OPT_STRING:
        if (s->type == OVP_OPT_STRING && (!text || !*text)) {
            snprintf(err, errlen, "option --%s needs a non-empty value", s->name);
            return 2;
        }
        return 0;
    case OVP_OPT_CHOICE:
        if (!choice_ok(s->choices, text)) {
            snprintf(err, errlen, "option --%s must be one of %s, not '%s'", s->name, s->choices, text);
            return 2;
        }
        return 0;
    case OVP_OPT_UINT:
        if (!parse_uint(text, s, &v->uint)) {
            range_text(s, range, sizeof range);
            snprintf(err, errlen, "option --%s must be %s, not '%s'", s->name, range, text);
            return 2;
        }
        v->real = (double)v->uint;
        return 0;
    case OVP_OPT_REAL:
        if (!parse_real(text, s->min, s->max, &v->real)) {
            range_text(s, range, sizeof range);
            snprintf(err, errlen, "option --%s must be %s, not '%s'", s->name, range, text);
            return 2;
        }
        return 0;
    case OVP_OPT_UINT_LIST:
    case OVP_OPT_REAL_LIST: {
        v->n_list = 0;
        const char *p = text;
        for (;;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            char item[64];
            uint64_t u = 0;
            double x = 0;
            int ok = len > 0 && len < sizeof item && v->n_list < OVP_MAX_LIST;
            if (ok) {
                memcpy(item, p, len);
                item[len] = '\0';
                ok = s->type == OVP_OPT_UINT_LIST ? parse_uint(item, s, &u)
                                                  : parse_real(item, s->min, s->max, &x);
                if (ok)
                    v->list[v->n_list++] = s->type == OVP_OPT_UINT_LIST ? (double)u : x;
            }
            if (!ok) {
                range_text(s, range, sizeof range);
                snprintf(err, errlen,
                         "option --%s takes a comma-separated list (at most %d) of items each %s, not '%s'",
                         s->name, OVP_MAX_LIST, range, text);
                return 2;
            }
            if (!comma)
                return 0;
            p = comma + 1;
        }
    }
    }
    return 0;
}

int ovp_args_parse(ovp_args *a, int argc, char *const *argv, const ovp_opt_spec *const *groups,
                   const size_t *group_sizes, size_t n_groups, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    for (size_t g = 0; g < n_groups; g++)
        for (size_t k = 0; k < group_sizes[g] && a->n_values < OVP_MAX_OPTIONS; k++)
            a->values[a->n_values++].spec = &groups[g][k];
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!arg)
            continue;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            a->help = 1;
            continue;
        }
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->n_positional == OVP_MAX_POSITIONAL) {
                snprintf(err, errlen, "too many arguments (at '%.64s')", arg);
                return 2;
            }
            a->positional[a->n_positional++] = arg;
            continue;
        }
        if (arg[1] != '-' || arg[2] == '\0') {
            snprintf(err, errlen, "unknown option '%.64s' (options are spelled --name)", arg);
            return 2;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        ovp_opt_value *v = NULL;
        for (size_t k = 0; k < a->n_values && !v; k++)
            if (strlen(a->values[k].spec->name) == len && strncmp(a->values[k].spec->name, name, len) == 0)
                v = &a->values[k];
        if (!v) {
            snprintf(err, errlen, "unknown option '--%.*s'", (int)(len > 64 ? 64 : len), name);
            return 2;
        }
        if (v->set) {
            snprintf(err, errlen, "option --%s given twice", v->spec->name);
            return 2;
        }
        const char *text = NULL;
        if (v->spec->type == OVP_OPT_FLAG) {
            if (eq) {
                snprintf(err, errlen, "option --%s takes no value", v->spec->name);
                return 2;
            }
        } else if (eq) {
            text = eq + 1;
        } else if (i + 1 < argc && argv[i + 1]) {
            text = argv[++i];
        } else {
            snprintf(err, errlen, "option --%s needs a value (%s)", v->spec->name,
                     v->spec->metavar ? v->spec->metavar : "VALUE");
            return 2;
        }
        v->set = 1;
        if (set_value(v, text, err, errlen))
            return 2;
    }
    return 0;
}

const ovp_opt_value *ovp_args_get(const ovp_args *a, const char *name)
{
    for (size_t k = 0; k < a->n_values; k++)
        if (a->values[k].set && strcmp(a->values[k].spec->name, name) == 0)
            return &a->values[k];
    return NULL;
}

uint64_t ovp_args_uint(const ovp_args *a, const char *name, uint64_t fallback)
{
    const ovp_opt_value *v = ovp_args_get(a, name);
    return v ? v->uint : fallback;
}

double ovp_args_real(const ovp_args *a, const char *name, double fallback)
{
    const ovp_opt_value *v = ovp_args_get(a, name);
    return v ? v->real : fallback;
}

const char *ovp_args_text(const ovp_args *a, const char *name, const char *fallback)
{
    const ovp_opt_value *v = ovp_args_get(a, name);
    return v ? v->text : fallback;
}

int ovp_args_flag(const ovp_args *a, const char *name) { return ovp_args_get(a, name) != NULL; }

void ovp_args_print_help(FILE *f, const ovp_opt_spec *specs, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", specs[k].name, specs[k].metavar ? " " : "",
                 specs[k].metavar ? specs[k].metavar : "");
        fprintf(f, "  %-24s %s\n", left, specs[k].help);
    }
}
