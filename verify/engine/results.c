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
    if (r->tag[0]) { /* only for a tagged run: an untagged summary keeps its fields */
        ovp_json_key(&j, "tag");
        ovp_json_string(&j, r->tag);
    }
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

/* DIR/summary.json parsed into *root (path in path): a status with err set when it is
 * missing (OVP_EDATA) or unreadable; *root NULL with the parser's message in perr when it
 * is not JSON. */
static int parse_summary(const char *dir, char *path, size_t pathlen, ovp_jvalue **root, char *perr,
                         size_t perrlen, char *err, size_t errlen)
{
    char *text;
    size_t len;
    *root = NULL;
    snprintf(path, pathlen, "%s/summary.json", dir);
    if (!ovp_fs_exists(path)) {
        snprintf(err, errlen, "%s holds no complete run (no summary.json): run 'ovp verify' first", dir);
        return OVP_EDATA;
    }
    int st = ovp_fs_read_file(path, &text, &len, err, errlen);
    if (st)
        return st;
    *root = ovp_jsonread_parse(text, len, perr, perrlen);
    free(text);
    return OVP_OK;
}

int ovp_results_check(const char *dir, char *err, size_t errlen)
{
    char path[4200];
    ovp_jvalue *root;
    int st = parse_summary(dir, path, sizeof path, &root, err, errlen, err, errlen);
    if (st)
        return st;
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
    fprintf(f, "%-*s  %-*s  %-14s  %-2s %-11s  %-11s  %-9s  %-9s  %s\n", (int)wid, "claim", (int)wscope,
            "scope", "regime", "", "bound", "observed", "margin", "slack", "verdict");
    for (size_t i = 0; i < r->n_claims; i++) {
        const ovp_claim *c = r->claims[i];
        char b[32], o[32], m[32], s[32];
        /* margin is a ratio and slack a difference: apart, never one for the other */
        if (!isnan(c->margin))
            snprintf(m, sizeof m, "%.3g", c->margin);
        else
            strcpy(m, "-");
        if (!isnan(c->slack))
            snprintf(s, sizeof s, "%+.3g", c->slack);
        else
            strcpy(s, "-");
        fprintf(f, "%-*s  %-*s  %-14s  %-2s %-11s  %-11s  %-9s  %-9s  %s\n", (int)wid, c->id, (int)wscope,
                c->scope[0] ? c->scope : "-", ovp_run_regime_name(c->regime), c->relation,
                num(c->bound, b, sizeof b), num(c->observed, o, sizeof o), m, s,
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
            fails, skips, fails ? "FAIL" : r->n_claims ? "pass" : "nothing checked");
}

int ovp_results_exit_code(const ovp_run *r)
{
    int code = 0;
    for (size_t i = 0; i < r->n_claims; i++)
        if (r->claims[i]->verdict == OVP_FAIL) {
            if (r->claims[i]->regime == OVP_REGIME_MET)
                return OVP_EXIT_FAIL; /* the theorem's hypotheses hold and its claim does not */
            code = OVP_EXIT_EMPIRICAL;
        }
    return code;
}

/* A string member, "" when absent (the summary of an older ovp may lack one). */
static const char *text_of(const ovp_jvalue *obj, const char *key)
{
    const char *s = ovp_jsonread_get_string(obj, key);
    return s ? s : "";
}

int ovp_results_read_summary(const char *dir, ovp_results_summary *s, char *err, size_t errlen)
{
    char path[4200], perr[256];
    ovp_jvalue *root;
    memset(s, 0, sizeof *s);
    int st = parse_summary(dir, path, sizeof path, &root, perr, sizeof perr, err, errlen);
    if (st)
        return st;
    const ovp_jvalue *claims = root ? ovp_jsonread_get(root, "claims") : NULL;
    if (!root || root->type != OVP_JOBJECT || !ovp_jsonread_get_string(root, "harness") || !claims ||
        claims->type != OVP_JARRAY) {
        snprintf(err, errlen, "%s is not a summary ovp wrote (%s): rerun 'ovp verify'", path,
                 root ? "no harness or claims" : perr);
        ovp_jsonread_free(root);
        return OVP_EDATA;
    }
    s->claims = calloc(claims->n ? claims->n : 1, sizeof *s->claims);
    if (!s->claims) {
        ovp_jsonread_free(root);
        snprintf(err, errlen, "out of memory");
        return OVP_ENOMEM;
    }
    s->tree = root;
    s->harness = text_of(root, "harness");
    s->paper = text_of(root, "paper");
    s->scale = text_of(root, "scale");
    s->verdict = text_of(root, "verdict");
    s->wall_s = ovp_jsonread_get_number(ovp_jsonread_get(root, "provenance"), "wall_s", 0);
    for (size_t i = 0; i < claims->n; i++) {
        const ovp_jvalue *c = claims->items[i];
        if (c->type != OVP_JOBJECT)
            continue;
        ovp_results_claim *k = &s->claims[s->n_claims++];
        k->id = text_of(c, "id");
        k->scope = text_of(c, "scope");
        k->regime = text_of(c, "regime");
        k->relation = text_of(c, "relation");
        k->verdict = text_of(c, "verdict");
        k->note = text_of(c, "note");
        k->bound = ovp_jsonread_get_number(c, "bound", NAN); /* null: NaN */
        k->observed = ovp_jsonread_get_number(c, "observed", NAN);
        k->margin = ovp_jsonread_get_number(c, "margin", NAN);
        k->slack = ovp_jsonread_get_number(c, "slack", NAN);
        k->paper_bound = ovp_jsonread_get_number(c, "paper_bound", NAN);
        k->tolerance = ovp_jsonread_get_number(c, "tolerance", NAN);
    }
    return OVP_OK;
}

void ovp_results_summary_free(ovp_results_summary *s)
{
    free(s->claims);
    ovp_jsonread_free(s->tree);
    memset(s, 0, sizeof *s);
}

/* Length of the valid UTF-8 sequence at p (1 to 4), 0 when it is not one. */
static size_t utf8_len(const unsigned char *p)
{
    size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 2 && p[0] < 0xC2)
        return 0; /* overlong */
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Text for an XML attribute or element: the five entities, line breaks kept as
 * character references, and what XML 1.0 cannot hold (control characters,
 * broken UTF-8) as '?', so that the file is always well-formed. */
static void xml_text(FILE *f, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        size_t n = utf8_len(p);
        switch (n == 1 ? *p : 0) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        case '\n': fputs("&#10;", f); break;
        case '\t': fputs("&#9;", f); break;
        default:
            if (n == 0 || (n == 1 && *p < 0x20))
                fputc('?', f);
            else
                fwrite(p, 1, n, f);
        }
        p += n ? n : 1;
    }
}

static void xml_attr(FILE *f, const char *name, const char *value)
{
    fprintf(f, " %s=\"", name);
    xml_text(f, value);
    fputc('"', f);
}

/* What a failed or skipped record says: its note, or its comparison when it has none. */
static void claim_message(const ovp_results_claim *c, char *buf, size_t len)
{
    if (c->note[0])
        snprintf(buf, len, "%s", c->note);
    else if (strcmp(c->verdict, "fail") == 0)
        snprintf(buf, len, "observed %.6g, not %s bound %.6g", c->observed, c->relation, c->bound);
    else
        snprintf(buf, len, "not evaluated");
}

static void junit_case(FILE *f, const char *harness, const ovp_results_claim *c)
{
    char classname[256], name[256], msg[1024];
    snprintf(classname, sizeof classname, "%s.%s", harness, c->regime);
    snprintf(name, sizeof name, "%s%s%s", c->id, c->scope[0] ? " " : "", c->scope);
    fputs("    <testcase", f);
    xml_attr(f, "classname", classname);
    xml_attr(f, "name", name);
    fputs(" time=\"0\"", f);
    int fail = strcmp(c->verdict, "fail") == 0, skip = strcmp(c->verdict, "skip") == 0;
    if (!fail && !skip) {
        fputs("/>\n", f);
        return;
    }
    claim_message(c, msg, sizeof msg);
    fputs(">\n      <", f);
    fputs(fail ? "failure" : "skipped", f);
    xml_attr(f, "message", msg);
    if (fail) {
        char detail[512], m[32], sl[32];
        char parts[128] = "";
        if (!isnan(c->paper_bound) || !isnan(c->tolerance))
            snprintf(parts, sizeof parts, " (the paper's %.17g + ovp's tolerance %.17g)", c->paper_bound,
                     c->tolerance);
        snprintf(detail, sizeof detail, "%s claim: observed %s bound; observed = %.17g, bound = %.17g%s, margin %s, "
                 "slack %s", c->regime, c->relation, c->observed, c->bound, parts, num(c->margin, m, sizeof m),
                 num(c->slack, sl, sizeof sl));
        xml_attr(f, "type", c->regime);
        fputc('>', f);
        xml_text(f, detail);
        fputs("</failure>\n", f);
    } else {
        fputs("/>\n", f);
    }
    fputs("    </testcase>\n", f);
}

void ovp_results_print_junit(FILE *f, const ovp_results_junit_suite *suites, size_t n)
{
    size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double time = 0;
    for (size_t i = 0; i < n; i++) {
        const ovp_results_summary *s = suites[i].summary;
        if (!s) {
            tests++, errors++;
            continue;
        }
        tests += s->n_claims;
        time += s->wall_s;
        for (size_t k = 0; k < s->n_claims; k++) {
            failures += strcmp(s->claims[k].verdict, "fail") == 0;
            skipped += strcmp(s->claims[k].verdict, "skip") == 0;
        }
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<testsuites name=\"ovp verify\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
               "time=\"%.3f\">\n", tests, failures, errors, skipped, time);
    for (size_t i = 0; i < n; i++) {
        const ovp_results_summary *s = suites[i].summary;
        fputs("  <testsuite", f);
        xml_attr(f, "name", suites[i].harness);
        if (!s) { /* stopped before its claims: one error, so a CI sees the harness */
            char msg[256];
            snprintf(msg, sizeof msg, "ovp verify %s stopped with exit code %d (2 bad input, 3 runtime failure) "
                     "before checking its claims; its message is on stderr", suites[i].harness, suites[i].code);
            fputs(" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n    <testcase", f);
            xml_attr(f, "classname", suites[i].harness);
            fputs(" name=\"run\" time=\"0\">\n      <error", f);
            xml_attr(f, "message", msg);
            fputs("/>\n    </testcase>\n  </testsuite>\n", f);
            continue;
        }
        size_t fl = 0, sk = 0;
        for (size_t k = 0; k < s->n_claims; k++) {
            fl += strcmp(s->claims[k].verdict, "fail") == 0;
            sk += strcmp(s->claims[k].verdict, "skip") == 0;
        }
        fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n", s->n_claims,
                fl, sk, s->wall_s);
        const char *props[][2] = {{"scale", s->scale}, {"paper", s->paper}, {"verdict", s->verdict}};
        fputs("    <properties>\n", f);
        for (size_t k = 0; k < sizeof props / sizeof *props; k++) {
            fputs("      <property", f);
            xml_attr(f, "name", props[k][0]);
            xml_attr(f, "value", props[k][1]);
            fputs("/>\n", f);
        }
        fputs("    </properties>\n", f);
        for (size_t k = 0; k < s->n_claims; k++)
            junit_case(f, suites[i].harness, &s->claims[k]);
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
}

int ovp_results_write_junit(const char *path, const ovp_results_junit_suite *suites, size_t n, char *err,
                            size_t errlen)
{
    char parent[4096];
    int len = snprintf(parent, sizeof parent, "%s", path);
    if (len < 0 || (size_t)len >= sizeof parent) {
        snprintf(err, errlen, "--junit path too long");
        return OVP_EINVAL;
    }
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) { /* the report's folder, made as --out's is */
        *slash = '\0';
        int st = ovp_fs_mkdirs(parent, err, errlen);
        if (st)
            return st;
    }
    ovp_fs_atomic_file af;
    int st = ovp_fs_atomic_open(&af, path, err, errlen);
    if (st)
        return st;
    ovp_results_print_junit(af.f, suites, n);
    st = ovp_fs_atomic_commit(&af, err, errlen);
    ovp_fs_atomic_abort(&af); /* a failed commit leaves no temporary */
    return st;
}
