/* verify/results.c: summary.json, CSV tables and the verdict table. */
#include "results.h"
#include "fsutil.h"
#include "json.h"
#include "provenance.h"
#include "status.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int ovp_results_dir(const char *out, const char *harness, const char *scale, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s/%s/%s", out, harness, scale);
    return (n < 0 || (size_t)n >= len) ? OVP_EINVAL : OVP_OK;
}

int ovp_results_write_tables(const char *dir, const ovp_table_spec *tables, size_t n_tables,
                             ovp_task_out *const *outs, size_t n_tasks, char *err, size_t errlen)
{
    for (size_t k = 0; k < n_tables; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.csv", dir, tables[k].name);
        ovp_atomic_file af;
        int st = ovp_atomic_open(&af, path, err, errlen);
        if (st)
            return st;
        fprintf(af.f, "%s\n", tables[k].columns);
        for (size_t i = 0; i < n_tasks; i++)
            if (outs[i] && k < outs[i]->n_tables && outs[i]->tables[k].len)
                fwrite(outs[i]->tables[k].data, 1, outs[i]->tables[k].len, af.f);
        if ((st = ovp_atomic_commit(&af, err, errlen)))
            return st;
    }
    return OVP_OK;
}

static double wall_seconds(const ovp_run *r)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec - r->wall_start;
}

static void write_claim(ovp_json *j, const ovp_claim *c)
{
    ovp_json_begin_object(j);
    ovp_json_key(j, "id");
    ovp_json_string(j, c->id);
    ovp_json_key(j, "statement");
    ovp_json_string(j, c->statement);
    ovp_json_key(j, "scope");
    ovp_json_string(j, c->scope);
    ovp_json_key(j, "regime");
    ovp_json_string(j, ovp_regime_name(c->regime));
    ovp_json_key(j, "relation");
    ovp_json_string(j, c->relation);
    ovp_json_key(j, "bound");
    ovp_json_number(j, c->bound);
    ovp_json_key(j, "observed");
    ovp_json_number(j, c->observed);
    ovp_json_key(j, "margin");
    ovp_json_number(j, c->margin);
    ovp_json_key(j, "slack");
    ovp_json_number(j, c->slack);
    ovp_json_key(j, "verdict");
    ovp_json_string(j, ovp_verdict_name(c->verdict));
    ovp_json_key(j, "note");
    ovp_json_string(j, c->note);
    ovp_json_end_object(j);
}

int ovp_results_write_summary(const char *dir, const ovp_run *r, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    ovp_atomic_file af;
    int st = ovp_atomic_open(&af, path, err, errlen);
    if (st)
        return st;
    ovp_provenance p;
    ovp_provenance_collect(&p);
    ovp_json j;
    ovp_json_init(&j, af.f);
    ovp_json_begin_object(&j);
    ovp_json_key(&j, "harness");
    ovp_json_string(&j, r->paper->harness);
    ovp_json_key(&j, "paper");
    ovp_json_string(&j, r->paper->citation);
    ovp_json_key(&j, "scale");
    ovp_json_string(&j, r->scale);
    ovp_json_key(&j, "verdict");
    ovp_json_string(&j, ovp_verdict_name(ovp_run_verdict(r)));
    ovp_json_key(&j, "quantities");
    ovp_json_begin_object(&j);
    for (size_t i = 0; i < r->n_quantities; i++) {
        ovp_json_key(&j, r->quantities[i].name);
        ovp_json_number(&j, r->quantities[i].value);
    }
    ovp_json_end_object(&j);
    ovp_json_key(&j, "claims");
    ovp_json_begin_array(&j);
    for (size_t i = 0; i < r->n_claims; i++)
        write_claim(&j, r->claims[i]);
    ovp_json_end_array(&j);
    ovp_json_key(&j, "notes");
    ovp_json_begin_array(&j);
    for (size_t i = 0; i < r->n_notes; i++)
        ovp_json_string(&j, r->notes[i]);
    ovp_json_end_array(&j);
    ovp_json_key(&j, "provenance");
    ovp_json_begin_object(&j);
    ovp_provenance_write_fields(&j, &p);
    ovp_json_key(&j, "threads");
    ovp_json_integer(&j, r->threads);
    ovp_json_key(&j, "seed");
    ovp_json_integer(&j, (long long)r->seed);
    ovp_json_key(&j, "data");
    if (r->data_path[0])
        ovp_json_string(&j, r->data_path);
    else
        ovp_json_null(&j);
    ovp_json_key(&j, "params");
    ovp_json_begin_object(&j);
    for (size_t i = 0; i < r->n_params; i++) {
        ovp_json_key(&j, r->params[i].name);
        ovp_json_raw(&j, r->params[i].json);
    }
    ovp_json_end_object(&j);
    ovp_json_key(&j, "wall_s");
    ovp_json_number(&j, wall_seconds(r));
    ovp_json_end_object(&j);
    ovp_json_end_object(&j);
    return ovp_atomic_commit(&af, err, errlen);
}

static const char *num(double x, char *buf, size_t len)
{
    if (isnan(x))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.4g", x);
    return buf;
}

void ovp_results_print_table(FILE *f, const ovp_run *r)
{
    size_t wid = 5, wscope = 5;
    for (size_t i = 0; i < r->n_claims; i++) {
        size_t a = strlen(r->claims[i]->id), b = strlen(r->claims[i]->scope);
        wid = a > wid ? a : wid;
        wscope = b > wscope ? b : wscope;
    }
    fprintf(f, "\n%s (%s): %s\n", r->paper->harness, r->scale, r->paper->citation);
    fprintf(f, "%-*s  %-*s  %-14s  %-2s %-11s  %-11s  %-9s  %s\n", (int)wid, "claim", (int)wscope,
            "scope", "regime", "", "bound", "observed", "margin", "verdict");
    for (size_t i = 0; i < r->n_claims; i++) {
        const ovp_claim *c = r->claims[i];
        char b[32], o[32], m[32];
        if (!isnan(c->margin))
            snprintf(m, sizeof m, "%.3g", c->margin);
        else if (!isnan(c->slack))
            snprintf(m, sizeof m, "%+.2g", c->slack); /* no ratio: show the slack */
        else
            strcpy(m, "-");
        fprintf(f, "%-*s  %-*s  %-14s  %-2s %-11s  %-11s  %-9s  %s\n", (int)wid, c->id, (int)wscope,
                c->scope[0] ? c->scope : "-", ovp_regime_name(c->regime), c->relation,
                num(c->bound, b, sizeof b), num(c->observed, o, sizeof o), m,
                c->verdict == OVP_FAIL ? "FAIL" : ovp_verdict_name(c->verdict));
    }
    size_t fails = 0, skips = 0;
    for (size_t i = 0; i < r->n_claims; i++) {
        fails += r->claims[i]->verdict == OVP_FAIL;
        skips += r->claims[i]->verdict == OVP_SKIP;
    }
    for (size_t i = 0; i < r->n_claims; i++)
        if (r->claims[i]->verdict != OVP_PASS && r->claims[i]->note[0])
            fprintf(f, "  %s %s: %s\n", r->claims[i]->id, r->claims[i]->scope, r->claims[i]->note);
    fprintf(f, "%s: %zu claims, %zu failed, %zu skipped -> %s\n", r->paper->harness, r->n_claims,
            fails, skips, fails ? "FAIL" : "pass");
}
