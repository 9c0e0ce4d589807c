/* verify/engine/results.c: summary.json, CSV tables and the verdict table. */
#include "results.h"
#include "fs.h"
#include "digest.h"
#include "json.h"
#include "jsonread.h"
#include "provenance.h"
#include "status.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ovp_results_dir(const char *out, const char *harness, const char *scale, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s/%s/%s", out, harness, scale);
    return (n < 0 || (size_t)n >= len) ? OVP_EINVAL : OVP_OK;
}

/* One CSV of the set, and the digest of what was written to it. */
typedef struct {
    ovp_fs_atomic_file af;
    char name[80];
    uint64_t digest, bytes;
} staged_file;

static void put(staged_file *f, const char *p, size_t n)
{
    fwrite(p, 1, n, f->af.f);
    f->digest = ovp_digest_bytes(f->digest, p, n);
    f->bytes += n;
}

/* Writes a table's CSV to its temporary: header, then every task's rows in order. */
static int stage_table(const char *dir, const ovp_table_spec *t, size_t k, ovp_task_out *const *outs,
                       size_t n_tasks, staged_file *f, char *err, size_t errlen)
{
    char path[4096];
    snprintf(f->name, sizeof f->name, "%s.csv", t->name);
    snprintf(path, sizeof path, "%s/%s", dir, f->name);
    f->digest = OVP_DIGEST_INIT;
    f->bytes = 0;
    int st = ovp_fs_atomic_open(&f->af, path, err, errlen);
    if (st)
        return st;
    put(f, t->columns, strlen(t->columns));
    put(f, "\n", 1);
    for (size_t i = 0; i < n_tasks; i++)
        if (outs[i] && k < outs[i]->n_tables && outs[i]->tables[k].len)
            put(f, outs[i]->tables[k].data, outs[i]->tables[k].len);
    return ovp_fs_atomic_close(&f->af, err, errlen);
}

static double wall_seconds(const ovp_run *r)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec - r->wall_start;
}

static void write_claim(ovp_json *j, const ovp_claim *c)
{
    const ovp_provenance_field head[] = {
        {"id", OVP_PROVENANCE_STR, .s = c->id},
        {"statement", OVP_PROVENANCE_STR, .s = c->statement},
        {"scope", OVP_PROVENANCE_STR, .s = c->scope},
        {"regime", OVP_PROVENANCE_STR, .s = ovp_run_regime_name(c->regime)},
        {"relation", OVP_PROVENANCE_STR, .s = c->relation},
        {"bound", OVP_PROVENANCE_NUM, .x = c->bound},
    };
    /* the bound's two parts, only where the harness split it (ovp_claim_le_tol) */
    const ovp_provenance_field split[] = {
        {"paper_bound", OVP_PROVENANCE_NUM, .x = c->paper_bound},
        {"tolerance", OVP_PROVENANCE_NUM, .x = c->tolerance},
    };
    const ovp_provenance_field tail[] = {
        {"observed", OVP_PROVENANCE_NUM, .x = c->observed},
        {"margin", OVP_PROVENANCE_NUM, .x = c->margin},
        {"slack", OVP_PROVENANCE_NUM, .x = c->slack},
        {"verdict", OVP_PROVENANCE_STR, .s = ovp_run_verdict_name(c->verdict)},
        {"note", OVP_PROVENANCE_STR, .s = c->note},
    };
    ovp_json_begin_object(j);
    ovp_provenance_write_table(j, head, sizeof head / sizeof *head);
    if (c->split) /* a NaN part is written as null, still apart */
        ovp_provenance_write_table(j, split, sizeof split / sizeof *split);
    ovp_provenance_write_table(j, tail, sizeof tail / sizeof *tail);
    ovp_json_end_object(j);
}

static int stage_summary(const char *dir, const ovp_run *r, const char *key, const staged_file *files,
                         size_t n_files, ovp_fs_atomic_file *out, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    ovp_fs_atomic_file af;
    int st = ovp_fs_atomic_open(&af, path, err, errlen);
    if (st)
        return st;
    ovp_provenance p;
    ovp_provenance_collect(&p);
    ovp_json j;
    ovp_json_init(&j, af.f);
    const ovp_provenance_field head[] = {
        {"harness", OVP_PROVENANCE_STR, .s = r->paper->harness},
        {"paper", OVP_PROVENANCE_STR, .s = r->paper->citation},
        {"scale", OVP_PROVENANCE_STR, .s = r->scale},
        {"verdict", OVP_PROVENANCE_STR, .s = ovp_run_verdict_name(ovp_run_verdict(r))},
    };
    ovp_json_begin_object(&j);
    ovp_provenance_write_table(&j, head, sizeof head / sizeof *head);
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
    ovp_json_uint(&j, r->seed);
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
    ovp_json_key(&j, "key");
    ovp_json_string(&j, key ? key : "");
    ovp_json_end_object(&j);
    /* The manifest: the set is whole only when every file matches. */
    ovp_json_key(&j, "files");
    ovp_json_begin_object(&j);
    for (size_t i = 0; i < n_files; i++) {
        char hex[17];
        ovp_digest_hex(files[i].digest, hex);
        ovp_json_key(&j, files[i].name);
        ovp_json_begin_object(&j);
        ovp_json_key(&j, "bytes");
        ovp_json_uint(&j, files[i].bytes);
        ovp_json_key(&j, "fnv1a64");
        ovp_json_string(&j, hex);
        ovp_json_end_object(&j);
    }
    ovp_json_end_object(&j);
    ovp_json_end_object(&j);
    *out = af;
    return ovp_fs_atomic_close(out, err, errlen);
}

int ovp_results_write(const char *dir, const ovp_run *r, const char *key, const ovp_table_spec *tables,
                      size_t n_tables, ovp_task_out *const *outs, size_t n_tasks, char *err,
                      size_t errlen)
{
    staged_file *files = calloc(n_tables ? n_tables : 1, sizeof *files);
    ovp_fs_atomic_file summary = {.slot = -1};
    if (!files) {
        snprintf(err, errlen, "out of memory");
        return OVP_ENOMEM;
    }
    for (size_t k = 0; k < n_tables; k++)
        files[k].af.slot = -1;
    /* Stage 1: every file complete under its temporary name. A failure here
     * (a full disk) leaves the previous set untouched. */
    int st = OVP_OK;
    for (size_t k = 0; k < n_tables && !st; k++)
        st = stage_table(dir, &tables[k], k, outs, n_tasks, &files[k], err, errlen);
    if (!st)
        st = stage_summary(dir, r, key, files, n_tables, &summary, err, errlen);
    /* Stage 2: retire the old summary (from here the folder holds no complete
     * set), rename the CSVs, and the summary, the manifest, last. */
    char old[4200];
    snprintf(old, sizeof old, "%s/summary.json", dir);
    if (!st && remove(old) != 0 && errno != ENOENT) {
        snprintf(err, errlen, "cannot replace '%s': %s", old, strerror(errno));
        st = OVP_EIO;
    }
    for (size_t k = 0; k < n_tables && !st; k++)
        st = ovp_fs_atomic_rename(&files[k].af, err, errlen);
    if (!st)
        st = ovp_fs_atomic_rename(&summary, err, errlen);
    for (size_t k = 0; k < n_tables; k++)
        ovp_fs_atomic_abort(&files[k].af);
    ovp_fs_atomic_abort(&summary);
    free(files);
    return st;
}

int ovp_results_check(const char *dir, char *err, size_t errlen)
{
    char path[4200], *text;
    size_t len;
    snprintf(path, sizeof path, "%s/summary.json", dir);
    if (!ovp_fs_exists(path)) {
        snprintf(err, errlen, "%s holds no complete run (no summary.json): run 'ovp verify' first", dir);
        return OVP_EDATA;
    }
    int st = ovp_fs_read_file(path, &text, &len, err, errlen);
    if (st)
        return st;
    ovp_jvalue *root = ovp_jsonread_parse(text, len, err, errlen);
    free(text);
    const ovp_jvalue *files = root ? ovp_jsonread_get(root, "files") : NULL;
    if (!files || files->type != OVP_JOBJECT) {
        snprintf(err, errlen, "%s lists no files (written by an older ovp, or edited): rerun 'ovp verify'", path);
        ovp_jsonread_free(root);
        return OVP_EDATA;
    }
    for (size_t i = 0; i < files->n && !st; i++) {
        char file[4400], hex[17];
        uint64_t digest, bytes;
        snprintf(file, sizeof file, "%s/%s", dir, files->keys[i]);
        const char *want = ovp_jsonread_get_string(files->items[i], "fnv1a64");
        if (ovp_digest_file(file, &digest, &bytes, err, errlen)) {
            snprintf(err, errlen, "%s is missing though summary.json lists it: the run's files are "
                     "incomplete; rerun 'ovp verify'", file);
            st = OVP_EDATA;
            break;
        }
        ovp_digest_hex(digest, hex);
        if (!want || strcmp(want, hex) != 0) {
            snprintf(err, errlen, "%s does not match summary.json (edited, or left by another run): "
                     "rerun 'ovp verify'", file);
            st = OVP_EDATA;
        }
    }
    ovp_jsonread_free(root);
    return st;
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
                c->scope[0] ? c->scope : "-", ovp_run_regime_name(c->regime), c->relation,
                num(c->bound, b, sizeof b), num(c->observed, o, sizeof o), m,
                c->verdict == OVP_FAIL ? "FAIL" : ovp_run_verdict_name(c->verdict));
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
