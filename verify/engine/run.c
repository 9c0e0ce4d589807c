/* verify/engine/run.c: the shared claim recorder. */
#include "run.h"
#include "json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Grows a dynamic array to hold one more element; aborts only when memory is
 * exhausted (a run cannot report honestly without its records). */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return p;
    size_t c = *cap ? 2 * *cap : 16;
    void *q = realloc(p, c * size);
    if (!q) {
        fputs("ovp: out of memory while recording results\n", stderr);
        abort();
    }
    *cap = c;
    return q;
}

void ovp_run_init(ovp_run *r, const ovp_paper *paper, const char *scale, uint64_t seed)
{
    *r = (ovp_run){.paper = paper, .seed = seed, .threads = 1, .blas_threads = 1};
    snprintf(r->scale, sizeof r->scale, "%s", scale);
    r->wall_start = now();
}

void ovp_run_free(ovp_run *r)
{
    for (size_t i = 0; i < r->n_claims; i++)
        free(r->claims[i]);
    for (size_t i = 0; i < r->n_params; i++)
        free(r->params[i].json);
    for (size_t i = 0; i < r->n_notes; i++)
        free(r->notes[i]);
    free(r->claims);
    free(r->quantities);
    free(r->params);
    free(r->notes);
    *r = (ovp_run){0};
}

static ovp_claim *new_claim(ovp_run *r, const char *id, const char *scope)
{
    ovp_claim *c = calloc(1, sizeof *c);
    if (!c) {
        fputs("ovp: out of memory while recording results\n", stderr);
        abort();
    }
    r->claims = grow(r->claims, &r->cap_claims, r->n_claims, sizeof *r->claims);
    r->claims[r->n_claims++] = c;
    snprintf(c->id, sizeof c->id, "%s", id);
    snprintf(c->scope, sizeof c->scope, "%s", scope ? scope : "");
    const ovp_claim_info *info = r->paper ? ovp_paper_claim(r->paper, id) : NULL;
    /* An id missing from theorems/ is a harness bug: record it as a failure. */
    snprintf(c->statement, sizeof c->statement, "%s", info ? info->statement : "(unknown claim id)");
    c->regime = OVP_REGIME_EMPIRICAL;
    c->margin = c->slack = NAN;
    c->bound = c->observed = NAN;
    c->paper_bound = c->tolerance = NAN;
    if (!info) {
        c->verdict = OVP_FAIL;
        snprintf(c->note, sizeof c->note, "claim id '%s' is not in theorems/", id);
    }
    return c;
}

static ovp_claim *compare(ovp_run *r, const char *id, const char *scope, double observed,
                          double bound, int less_equal)
{
    ovp_claim *c = new_claim(r, id, scope);
    strcpy(c->relation, less_equal ? "<=" : ">=");
    c->observed = observed;
    c->bound = bound;
    c->slack = less_equal ? bound - observed : observed - bound;
    if (observed > 0 && bound > 0)
        c->margin = less_equal ? bound / observed : observed / bound;
    if (c->verdict == OVP_FAIL)
        return c; /* unknown id */
    if (isnan(observed) || isnan(bound)) {
        c->verdict = OVP_FAIL;
        ovp_claim_note(c, "%s is NaN", isnan(observed) ? "observed" : "bound");
    } else {
        c->verdict = (less_equal ? observed <= bound : observed >= bound) ? OVP_PASS : OVP_FAIL;
    }
    return c;
}

ovp_claim *ovp_claim_le(ovp_run *r, const char *id, const char *scope, double observed, double bound)
{
    return compare(r, id, scope, observed, bound, 1);
}

ovp_claim *ovp_claim_ge(ovp_run *r, const char *id, const char *scope, double observed, double bound)
{
    return compare(r, id, scope, observed, bound, 0);
}


static ovp_claim *compare_within(ovp_run *r, const char *id, const char *scope, double observed,
                                 double bound, double limit, int less_equal)
{
    /* No limit known, or one the observed value contradicts: compare plainly. */
    int known = isfinite(limit) && !isnan(observed) && !isnan(bound);
    int consistent = known && (less_equal ? observed <= limit : observed >= limit);
    int vacuous = consistent && (less_equal ? bound >= limit : bound <= limit);
    if (!vacuous) {
        ovp_claim *c = compare(r, id, scope, observed, bound, less_equal);
        if (known && !consistent)
            ovp_claim_note(c, "observed %.6g is beyond the %s value it can take here, %.6g "
                              "(the limit is wrong)", observed, less_equal ? "largest" : "smallest", limit);
        return c;
    }
    ovp_claim *c = new_claim(r, id, scope);
    strcpy(c->relation, less_equal ? "<=" : ">=");
    c->observed = observed;
    c->bound = bound;
    if (c->verdict == OVP_FAIL)
        return c; /* unknown id */
    c->verdict = OVP_SKIP;
    ovp_claim_note(c, "vacuous: the bound %.6g is at %s the %s value the observed quantity can take here, %.6g",
                   bound, less_equal ? "least" : "most", less_equal ? "largest" : "smallest", limit);
    return c;
}

ovp_claim *ovp_claim_le_within(ovp_run *r, const char *id, const char *scope, double observed, double bound,
                               double observed_max)
{
    return compare_within(r, id, scope, observed, bound, observed_max, 1);
}

ovp_claim *ovp_claim_le_tol(ovp_run *r, const char *id, const char *scope, double observed, double paper_bound,
                            double tolerance, double observed_max)
{
    ovp_claim *c = ovp_claim_le_within(r, id, scope, observed, paper_bound + tolerance, observed_max);
    c->split = 1;
    c->paper_bound = paper_bound;
    c->tolerance = tolerance;
    return c;
}

ovp_claim *ovp_claim_ge_within(ovp_run *r, const char *id, const char *scope, double observed, double bound,
                               double observed_min)
{
    return compare_within(r, id, scope, observed, bound, observed_min, 0);
}

static void vappend(char *buf, size_t len, const char *fmt, va_list ap)
{
    size_t used = strlen(buf);
    if (used && used + 2 < len) {
        strcpy(buf + used, "; ");
        used += 2;
    }
    if (used < len)
        vsnprintf(buf + used, len - used, fmt, ap);
}

ovp_claim *ovp_claim_skip(ovp_run *r, const char *id, const char *scope, const char *reason_fmt, ...)
{
    ovp_claim *c = new_claim(r, id, scope);
    if (c->verdict != OVP_FAIL)
        c->verdict = OVP_SKIP;
    va_list ap;
    va_start(ap, reason_fmt);
    vappend(c->note, sizeof c->note, reason_fmt, ap);
    va_end(ap);
    return c;
}

void ovp_claim_regime(ovp_claim *c, ovp_regime regime, const char *note_fmt, ...)
{
    c->regime = regime;
    va_list ap;
    va_start(ap, note_fmt);
    vappend(c->note, sizeof c->note, note_fmt, ap);
    va_end(ap);
}

void ovp_claim_note(ovp_claim *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(c->note, sizeof c->note, fmt, ap);
    va_end(ap);
}

const ovp_claim *ovp_run_find_claim(const ovp_run *r, const char *id, const char *scope)
{
    for (size_t i = 0; i < r->n_claims; i++)
        if (strcmp(r->claims[i]->id, id) == 0 && (!scope || strcmp(r->claims[i]->scope, scope) == 0))
            return r->claims[i];
    return NULL;
}

ovp_verdict ovp_run_verdict(const ovp_run *r)
{
    for (size_t i = 0; i < r->n_claims; i++)
        if (r->claims[i]->verdict == OVP_FAIL)
            return OVP_FAIL;
    return r->n_claims ? OVP_PASS : OVP_SKIP; /* nothing checked is not a pass (--data-only) */
}

void ovp_run_quantity(ovp_run *r, double value, const char *name_fmt, ...)
{
    r->quantities = grow(r->quantities, &r->cap_quantities, r->n_quantities, sizeof *r->quantities);
    ovp_quantity *q = &r->quantities[r->n_quantities++];
    va_list ap;
    va_start(ap, name_fmt);
    vsnprintf(q->name, sizeof q->name, name_fmt, ap);
    va_end(ap);
    q->value = value;
}

double ovp_run_get_quantity(const ovp_run *r, const char *name)
{
    for (size_t i = 0; i < r->n_quantities; i++)
        if (strcmp(r->quantities[i].name, name) == 0)
            return r->quantities[i].value;
    return NAN;
}

static void add_param(ovp_run *r, const char *name, char *json)
{
    if (!json) {
        fputs("ovp: out of memory while recording results\n", stderr);
        abort();
    }
    r->params = grow(r->params, &r->cap_params, r->n_params, sizeof *r->params);
    ovp_param *p = &r->params[r->n_params++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->json = json;
}

void ovp_run_param_num(ovp_run *r, const char *name, double value)
{
    char buf[32];
    add_param(r, name, strdup(isfinite(value) ? ovp_json_format_double(value, buf) : "null"));
}

void ovp_run_param_str(ovp_run *r, const char *name, const char *value)
{
    size_t len = 6 * strlen(value) + 3;
    char *buf = malloc(len);
    if (buf)
        ovp_json_quote(value, buf, len);
    add_param(r, name, buf);
}

void ovp_run_param_list(ovp_run *r, const char *name, const double *values, size_t n)
{
    size_t len = 2 + 34 * n + 1, used = 0;
    char *buf = malloc(len), num[32];
    if (buf) {
        used += (size_t)snprintf(buf, len, "[");
        for (size_t i = 0; i < n; i++)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                                     isfinite(values[i]) ? ovp_json_format_double(values[i], num) : "null");
        snprintf(buf + used, len - used, "]");
    }
    add_param(r, name, buf);
}

void ovp_run_note(ovp_run *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->notes = grow(r->notes, &r->cap_notes, r->n_notes, sizeof *r->notes);
    r->notes[r->n_notes] = strdup(buf);
    if (!r->notes[r->n_notes]) {
        fputs("ovp: out of memory while recording results\n", stderr);
        abort();
    }
    r->n_notes++;
}

const char *ovp_run_regime_name(ovp_regime g)
{
    return g == OVP_REGIME_MET ? "hypotheses-met" : "empirical";
}

const char *ovp_run_verdict_name(ovp_verdict v)
{
    return v == OVP_PASS ? "pass" : v == OVP_FAIL ? "fail" : "skip";
}
