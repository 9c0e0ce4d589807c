/* verify/cli/cmd_diff.c: `ovp diff A B`: two runs' results compared within a
 * tolerance: claims matched by (id, scope), quantities by name, and the CSVs
 * the summaries list, cell by cell. Provenance, wall time, notes and digests
 * differ by design and are never compared. Exit 0 equal, 1 different, 2 bad
 * input. */
#include "cli_internal.h"
#include "fs.h"
#include "jsonread.h"
#include "runstatus.h"

#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Why these defaults: see diff_help. */
#define DIFF_RTOL 1e-9
#define DIFF_ATOL 0.0
#define DIFF_LIMIT 20
#define DIFF_PATH 4096

/* a/b into buf (DIFF_PATH bytes); 0 when it does not fit. */
static int join(char *buf, const char *a, const char *b)
{
    int n = snprintf(buf, DIFF_PATH, "%s/%s", a, b);
    return n >= 0 && n < DIFF_PATH;
}

static const ovp_opt_spec diff_options[] = {
    {"rtol", OVP_OPT_REAL, "R", "relative tolerance, >= 0 (default 1e-9)", 0, 0, NULL},
    {"atol", OVP_OPT_REAL, "A", "absolute tolerance, >= 0 (default 0)", 0, 0, NULL},
    {"limit", OVP_OPT_UINT, "N", "differences listed per file, 0 for all (default 20); all are counted", 0, 0, NULL},
};
#define N_DIFF_OPTIONS (sizeof diff_options / sizeof *diff_options)

static void diff_help(void)
{
    printf("usage: ovp diff A B [--rtol R] [--atol A] [--limit N]\n\n"
           "Compares two results: two run folders (DIR/NAME/SCALE or DIR/NAME/SCALE/TAG), or\n"
           "two results roots DIR, whose every run (NAME/SCALE and NAME/SCALE/TAG) is\n"
           "compared; a run in only one root is a difference.\n\n"
           "compared: each claim, matched by (id, scope): its verdict and regime exactly, its\n"
           "  bound, observed (and paper_bound, tolerance) within the tolerance; each quantity\n"
           "  by name, within the tolerance; each CSV the summaries list: the same header,\n"
           "  the same number of rows, numbers within the tolerance, text exactly.\n"
           "not compared: provenance (build, commit, machine, options, key), wall time, notes\n"
           "  and file digests, which differ by design. When anything differs, each run's\n"
           "  BLAS, cores and commit are printed beside the differences.\n\n"
           "Two numbers a, b agree when |a - b| <= atol + rtol * max(|a|, |b|); NaN agrees\n"
           "with NaN, an infinity or null only with itself.\n"
           "Defaults rtol 1e-9, atol 0. The same build on the same machine gives the same\n"
           "bits (whatever --threads), so there any tolerance passes. Elsewhere OpenBLAS\n"
           "picks another kernel (another summation order, FMA or not) and the last bits\n"
           "move: as between --blas-threads 1 and 2 here, where half the moved values of\n"
           "du2019, dulee2018 and oymak2019 (ci) moved by under 1e-15 relative. rtol 1e-9\n"
           "leaves room for that noise amplified by the solves' conditioning, and is far\n"
           "below what a change of seed, option or method moves. What it leaves are values\n"
           "that are rounding noise themselves (a zero eigenvalue of 1e-15, a fit residual\n"
           "of 1e-9) and iteration counts at a stopping threshold: no relative tolerance\n"
           "suits those, and since the values span 1e-16 to 1e6 no absolute floor suits\n"
           "all, hence atol 0: between machines add one for the noise (there --atol 1e-10\n"
           "left 9 differences in 175 claims, 262 quantities and 107,371 cells).\n\n"
           "Output: one line per difference (file, claim/quantity/line and column, both\n"
           "values, and their relative difference), then a summary line.\n"
           "exit status: 0 equal within the tolerance, 1 different, 2 bad input\n\noptions:\n");
    ovp_args_print_help(stdout, diff_options, N_DIFF_OPTIONS);
}

typedef struct {
    double rtol, atol;
    size_t limit;           /* differences listed per file (0: all) */
    char file[2 * DIFF_PATH]; /* the file being compared, as printed: "NAME/SCALE/x.csv" */
    size_t file_diffs;      /* differences in it */
    size_t diffs, runs, runs_differ, runs_only, claims, quantities, files, cells;
    int bad;                /* bad input: err says why, and the fix */
    char err[4600];
} diff_ctx;

static void bad_input(diff_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad_input(diff_ctx *c, const char *fmt, ...)
{
    if (c->bad)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    c->bad = 1;
}

static void begin_file(diff_ctx *c, const char *label, const char *name)
{
    snprintf(c->file, sizeof c->file, "%s%s%s", label, label[0] && name[0] ? "/" : "", name);
    c->file_diffs = 0;
}

/* One difference in the current file: listed up to the limit, always counted. */
static void differ(diff_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void differ(diff_ctx *c, const char *fmt, ...)
{
    c->diffs++;
    if (c->limit && ++c->file_diffs > c->limit)
        return;
    va_list ap;
    va_start(ap, fmt);
    printf("%s: ", c->file);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
}

static void end_file(diff_ctx *c)
{
    if (c->limit && c->file_diffs > c->limit)
        printf("%s: ... and %zu more differences (--limit 0 lists them all)\n", c->file, c->file_diffs - c->limit);
    c->file_diffs = 0;
}

static int numbers_agree(const diff_ctx *c, double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    if (isinf(a) || isinf(b))
        return a == b;
    return fabs(a - b) <= c->atol + c->rtol * fmax(fabs(a), fabs(b));
}

/* " (relative 3.2e-12)" for two finite numbers that differ: the --rtol that would pass them. */
static const char *relative(double a, double b, char *buf, size_t len)
{
    double m = fmax(fabs(a), fabs(b));
    buf[0] = '\0';
    if (isfinite(a) && isfinite(b) && m > 0)
        snprintf(buf, len, " (relative %.2g)", fabs(a - b) / m);
    return buf;
}

/* Text on one line: line ends and other control bytes escaped, at most ~200 bytes. */
static const char *one_line(const char *s, char *buf, size_t len)
{
    size_t n = 0;
    for (; *s && n + 5 < len && n < 200; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch >= 0x20 && ch != 0x7f)
            buf[n++] = (char)ch;
        else if (ch == '\n' || ch == '\r') {
            buf[n++] = '\\';
            buf[n++] = ch == '\n' ? 'n' : 'r';
        } else
            n += (size_t)snprintf(buf + n, len - n, "\\x%02x", ch);
    }
    buf[n] = '\0';
    return buf;
}

/* A JSON value as printed in a difference: numbers to the last bit. */
static const char *jtext(const ovp_jvalue *v, char *buf, size_t len)
{
    if (!v)
        snprintf(buf, len, "(absent)");
    else if (v->type == OVP_JNUMBER)
        snprintf(buf, len, "%.17g", v->number);
    else if (v->type == OVP_JSTRING) {
        char t[256];
        snprintf(buf, len, "'%s'", one_line(v->string, t, sizeof t));
    }
    else if (v->type == OVP_JNULL)
        snprintf(buf, len, "null");
    else if (v->type == OVP_JBOOL)
        snprintf(buf, len, "%s", v->number ? "true" : "false");
    else
        snprintf(buf, len, "(%s)", v->type == OVP_JARRAY ? "array" : "object");
    return buf;
}

/* Two members: numbers within the tolerance, anything else exactly (absent
 * agrees with absent). */
static void compare_values(diff_ctx *c, const char *what, const char *field, const ovp_jvalue *a,
                           const ovp_jvalue *b)
{
    int same;
    if (!a || !b)
        same = !a && !b;
    else if (a->type != b->type)
        same = 0;
    else if (a->type == OVP_JNUMBER)
        same = numbers_agree(c, a->number, b->number);
    else if (a->type == OVP_JSTRING)
        same = strcmp(a->string, b->string) == 0;
    else if (a->type == OVP_JBOOL)
        same = a->number == b->number;
    else
        same = a->type == OVP_JNULL;
    if (same)
        return;
    char x[256], y[256], rel[48] = "";
    if (a && b && a->type == OVP_JNUMBER && b->type == OVP_JNUMBER)
        relative(a->number, b->number, rel, sizeof rel);
    differ(c, "%s%s%s: %s vs %s%s", what, field[0] ? " " : "", field, jtext(a, x, sizeof x), jtext(b, y, sizeof y),
           rel);
}

static const char *jstr(const ovp_jvalue *o, const char *key)
{
    const char *s = ovp_jsonread_get_string(o, key);
    return s ? s : "";
}

/* The index of the k-th claim (from 0) with this id and scope, or claims->n. */
static size_t find_claim(const ovp_jvalue *claims, const char *id, const char *scope, size_t k)
{
    for (size_t i = 0; i < claims->n; i++)
        if (strcmp(jstr(claims->items[i], "id"), id) == 0 && strcmp(jstr(claims->items[i], "scope"), scope) == 0 &&
            k-- == 0)
            return i;
    return claims->n;
}

/* How many claims before claims[i] have its id and scope. */
static size_t occurrence(const ovp_jvalue *claims, size_t i)
{
    const char *id = jstr(claims->items[i], "id"), *scope = jstr(claims->items[i], "scope");
    size_t k = 0;
    for (size_t j = 0; j < i; j++)
        k += strcmp(jstr(claims->items[j], "id"), id) == 0 && strcmp(jstr(claims->items[j], "scope"), scope) == 0;
    return k;
}

/* "claim P1.T3.1 [n=4 seed=0]", with "#2" for a repeated (id, scope). */
static void claim_name(const ovp_jvalue *claims, size_t i, char *buf, size_t len)
{
    const char *id = jstr(claims->items[i], "id"), *scope = jstr(claims->items[i], "scope");
    size_t k = occurrence(claims, i);
    char nth[32] = "";
    if (k)
        snprintf(nth, sizeof nth, " #%zu", k + 1);
    snprintf(buf, len, "claim %.60s%s%.200s%s%s", id, scope[0] ? " [" : "", scope, scope[0] ? "]" : "", nth);
}

static void compare_claims(diff_ctx *c, const ovp_jvalue *ca, const ovp_jvalue *cb)
{
    static const char *const fields[] = {"verdict", "regime", "bound", "observed", "paper_bound", "tolerance"};
    char *matched = calloc(cb->n ? cb->n : 1, 1);
    if (!matched) {
        bad_input(c, "out of memory");
        return;
    }
    char name[320];
    for (size_t i = 0; i < ca->n; i++) {
        const ovp_jvalue *a = ca->items[i];
        size_t j = find_claim(cb, jstr(a, "id"), jstr(a, "scope"), occurrence(ca, i));
        claim_name(ca, i, name, sizeof name);
        c->claims++;
        if (j == cb->n) {
            differ(c, "%s: only in A", name);
            continue;
        }
        matched[j] = 1;
        for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
            compare_values(c, name, fields[f], ovp_jsonread_get(a, fields[f]), ovp_jsonread_get(cb->items[j], fields[f]));
    }
    for (size_t j = 0; j < cb->n; j++)
        if (!matched[j]) {
            claim_name(cb, j, name, sizeof name);
            differ(c, "%s: only in B", name);
        }
    free(matched);
}

static void compare_quantities(diff_ctx *c, const ovp_jvalue *qa, const ovp_jvalue *qb)
{
    char name[160];
    for (size_t i = 0; i < qa->n; i++) {
        snprintf(name, sizeof name, "quantity %.100s", qa->keys[i]);
        c->quantities++;
        compare_values(c, name, "", qa->items[i], ovp_jsonread_get(qb, qa->keys[i]));
    }
    for (size_t j = 0; j < qb->n; j++)
        if (!ovp_jsonread_get(qa, qb->keys[j])) {
            snprintf(name, sizeof name, "quantity %.100s", qb->keys[j]);
            compare_values(c, name, "", NULL, qb->items[j]);
        }
}

/* ------------------------------------------------------------------ CSV */

/* A CSV parsed in place: cells point into the text. */
typedef struct {
    char *text;
    char **cells;
    size_t n_cells, cap_cells;
    size_t *first;    /* each row's first cell; first[n_rows] = n_cells */
    size_t *line;     /* each row's line in the file, from 1 */
    size_t n_rows, cap_rows;
} csv_table;

static void csv_free(csv_table *t)
{
    free(t->text);
    free(t->cells);
    free(t->first);
    free(t->line);
}

static int csv_push_cell(csv_table *t, char *cell)
{
    if (t->n_cells == t->cap_cells) {
        size_t cap = t->cap_cells ? 2 * t->cap_cells : 256;
        char **p = realloc(t->cells, cap * sizeof *p);
        if (!p)
            return 0;
        t->cells = p;
        t->cap_cells = cap;
    }
    t->cells[t->n_cells++] = cell;
    return 1;
}

/* Room for one more row start and the end mark first[n_rows]. */
static int csv_reserve_row(csv_table *t)
{
    if (t->n_rows + 1 >= t->cap_rows) {
        size_t cap = t->cap_rows ? 2 * t->cap_rows : 64;
        size_t *f = realloc(t->first, cap * sizeof *f);
        if (f)
            t->first = f;
        size_t *l = f ? realloc(t->line, cap * sizeof *l) : NULL;
        if (!l)
            return 0;
        t->line = l;
        t->cap_rows = cap;
    }
    return 1;
}

static int csv_push_row(csv_table *t, size_t line)
{
    if (!csv_reserve_row(t))
        return 0;
    t->first[t->n_rows] = t->n_cells;
    t->line[t->n_rows++] = line;
    return 1;
}

/* RFC 4180: ',' separated, "quoted" cells with "" for a quote; LF or CRLF;
 * blank lines skipped. text must be NUL-terminated (ovp_fs_read_file). */
static int csv_parse(csv_table *t, size_t len)
{
    char *p = t->text, *end = t->text + len;
    size_t line = 1;
    while (p < end) {
        if (*p == '\n' || *p == '\r') { /* a blank line */
            line += *p == '\n';
            p++;
            continue;
        }
        if (!csv_push_row(t, line))
            return 0;
        for (;;) {
            char *cell = p, *out = p; /* unquoting writes at or behind p */
            if (p < end && *p == '"') {
                for (p++; p < end; p++) {
                    if (*p == '"' && p + 1 < end && p[1] == '"')
                        *out++ = *p++;
                    else if (*p == '"') {
                        p++;
                        break;
                    } else {
                        line += *p == '\n';
                        *out++ = *p;
                    }
                }
            }
            while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                *out++ = *p++;
            char sep = p < end ? *p : '\n';
            *out = '\0';
            if (!csv_push_cell(t, cell))
                return 0;
            if (p < end)
                p++;
            if (sep == ',')
                continue;
            if (sep == '\r' && p < end && *p == '\n')
                p++;
            line++;
            break;
        }
    }
    if (!csv_reserve_row(t)) /* an empty file has no row, only the end mark */
        return 0;
    t->first[t->n_rows] = t->n_cells;
    return 1;
}

static size_t csv_width(const csv_table *t, size_t r) { return t->first[r + 1] - t->first[r]; }
static const char *csv_cell(const csv_table *t, size_t r, size_t k) { return t->cells[t->first[r] + k]; }

/* A number as ovp writes them: a decimal (ovp_args_parse_real), NaN, Inf,
 * -Inf, or one too small for parse_real (a subnormal). */
static int csv_number(const char *s, double *x)
{
    if (ovp_args_parse_real(s, x))
        return 1;
    const char *t = s + (*s == '-' || *s == '+');
    if (strcasecmp(t, "nan") == 0 || strcasecmp(t, "inf") == 0 || strcasecmp(t, "infinity") == 0) {
        *x = tolower((unsigned char)t[0]) == 'n' ? NAN : *s == '-' ? -INFINITY : INFINITY;
        return 1;
    }
    if (!isdigit((unsigned char)*t) && *t != '.')
        return 0;
    if (strpbrk(s, "xX"))
        return 0;
    char *e;
    errno = 0;
    double v = strtod(s, &e);
    if (*e || !isfinite(v))
        return 0;
    *x = v;
    return 1;
}

static int csv_read(diff_ctx *c, const char *path, csv_table *t)
{
    char err[1024];
    size_t len;
    memset(t, 0, sizeof *t);
    if (ovp_fs_read_file(path, &t->text, &len, err, sizeof err)) {
        bad_input(c, "%s is listed in its summary.json but cannot be read (%s): the run is incomplete; rerun "
                  "'ovp verify'", path, err);
        return 0;
    }
    if (!csv_parse(t, len)) {
        bad_input(c, "out of memory reading %s", path);
        return 0;
    }
    return 1;
}

static void compare_csv(diff_ctx *c, const char *path_a, const char *path_b)
{
    csv_table a, b;
    int ok_a = csv_read(c, path_a, &a), ok_b = ok_a && csv_read(c, path_b, &b);
    if (!ok_a || !ok_b) {
        csv_free(&a);
        if (ok_a)
            csv_free(&b);
        return;
    }
    c->files++;
    size_t wa = a.n_rows ? csv_width(&a, 0) : 0, wb = b.n_rows ? csv_width(&b, 0) : 0;
    int same_header = wa == wb && !a.n_rows == !b.n_rows; /* two empty files agree */
    for (size_t k = 0; same_header && k < wa; k++)
        same_header = strcmp(csv_cell(&a, 0, k), csv_cell(&b, 0, k)) == 0;
    if (!same_header) { /* the columns do not correspond: nothing more to compare */
        size_t k = 0;
        while (k < wa && k < wb && strcmp(csv_cell(&a, 0, k), csv_cell(&b, 0, k)) == 0)
            k++;
        if (!a.n_rows || !b.n_rows)
            differ(c, "header: %s vs %s", a.n_rows ? "present" : "(empty file)", b.n_rows ? "present" : "(empty file)");
        else if (k < wa && k < wb)
            differ(c, "header, column %zu: '%.200s' vs '%.200s'", k + 1, csv_cell(&a, 0, k), csv_cell(&b, 0, k));
        else
            differ(c, "header: %zu columns vs %zu ('%.200s' only in %s)", wa, wb,
                   wa > wb ? csv_cell(&a, 0, k) : csv_cell(&b, 0, k), wa > wb ? "A" : "B");
        goto done;
    }
    if (a.n_rows != b.n_rows)
        differ(c, "rows: %zu vs %zu (besides the header); the first %zu compared", a.n_rows - 1, b.n_rows - 1,
               (a.n_rows < b.n_rows ? a.n_rows : b.n_rows) - 1);
    for (size_t r = 1; r < a.n_rows && r < b.n_rows; r++) {
        if (csv_width(&a, r) != csv_width(&b, r)) {
            differ(c, "line %zu: %zu cells vs %zu", a.line[r], csv_width(&a, r), csv_width(&b, r));
            continue;
        }
        for (size_t k = 0; k < csv_width(&a, r); k++) {
            const char *x = csv_cell(&a, r, k), *y = csv_cell(&b, r, k);
            const char *col = k < wa ? csv_cell(&a, 0, k) : "?";
            double u, v;
            c->cells++;
            if (csv_number(x, &u) && csv_number(y, &v)) {
                if (!numbers_agree(c, u, v)) {
                    char rel[48];
                    differ(c, "line %zu, column %s: %s vs %s%s", a.line[r], col, x, y, relative(u, v, rel, sizeof rel));
                }
            } else if (strcmp(x, y) != 0) {
                char tx[256], ty[256];
                differ(c, "line %zu, column %s: '%s' vs '%s'", a.line[r], col, one_line(x, tx, sizeof tx),
                       one_line(y, ty, sizeof ty));
            }
        }
    }
done:
    csv_free(&a);
    csv_free(&b);
}

/* ------------------------------------------------------------------ runs */

static ovp_jvalue *read_summary(diff_ctx *c, const char *dir)
{
    char path[DIFF_PATH], err[1024], *text;
    size_t len;
    if (!join(path, dir, "summary.json")) {
        bad_input(c, "the path '%.200s...' is too long", dir);
        return NULL;
    }
    if (ovp_fs_read_file(path, &text, &len, err, sizeof err)) {
        bad_input(c, "cannot read %s (%s): give a folder that holds a complete run", path, err);
        return NULL;
    }
    ovp_jvalue *v = ovp_jsonread_parse(text, len, err, sizeof err);
    free(text);
    const ovp_jvalue *claims = v ? ovp_jsonread_get(v, "claims") : NULL;
    if (!v)
        bad_input(c, "%s is not valid JSON (%s): restore it, or rerun 'ovp verify'", path, err);
    else if (!claims || claims->type != OVP_JARRAY)
        bad_input(c, "%s is not an ovp summary (no claims array): give a folder written by 'ovp verify'", path);
    if (c->bad) {
        ovp_jsonread_free(v);
        return NULL;
    }
    return v;
}

/* The CSVs of a summary's manifest (`files`): names only, no paths. */
static const ovp_jvalue *manifest(diff_ctx *c, const ovp_jvalue *s, const char *dir)
{
    const ovp_jvalue *f = ovp_jsonread_get(s, "files");
    if (!f || f->type != OVP_JOBJECT) {
        bad_input(c, "%s/summary.json lists no files (written by an older ovp, or edited): rerun 'ovp verify'", dir);
        return NULL;
    }
    for (size_t i = 0; i < f->n; i++)
        if (strchr(f->keys[i], '/') || strcmp(f->keys[i], "..") == 0) {
            bad_input(c, "%s/summary.json lists '%s', not a file of the run: rerun 'ovp verify'", dir, f->keys[i]);
            return NULL;
        }
    return f;
}

/* What the runs ran on: the context of their differences, not compared. */
static void print_context(const char *label, const char *which, const ovp_jvalue *s)
{
    const ovp_jvalue *p = ovp_jsonread_get(s, "provenance");
    const ovp_jvalue *cores = ovp_jsonread_get(p, "cores");
    char n[32] = "?";
    if (cores && cores->type == OVP_JNUMBER)
        snprintf(n, sizeof n, "%.0f", cores->number);
    printf("%s%s%s: BLAS %s; cores %s; commit %s\n", label, label[0] ? ": " : "", which,
           ovp_jsonread_get_string(p, "blas") ? ovp_jsonread_get_string(p, "blas") : "?", n,
           ovp_jsonread_get_string(p, "git_commit") ? ovp_jsonread_get_string(p, "git_commit") : "?");
}

/* Compares the runs in folders a and b; label names them in every line
 * ("" : the summary's NAME/SCALE[/TAG]). */
static void compare_run(diff_ctx *c, const char *a, const char *b, const char *label)
{
    ovp_jvalue *sa = read_summary(c, a), *sb = sa ? read_summary(c, b) : NULL;
    const ovp_jvalue *fa = sb ? manifest(c, sa, a) : NULL, *fb = fa ? manifest(c, sb, b) : NULL;
    if (!fb)
        goto done;
    char name[200];
    if (!label[0]) {
        snprintf(name, sizeof name, "%.60s/%.20s%s%.72s", jstr(sa, "harness"), jstr(sa, "scale"),
                 jstr(sa, "tag")[0] ? "/" : "", jstr(sa, "tag"));
        label = name;
    }
    size_t before = c->diffs;
    c->runs++;
    begin_file(c, label, "summary.json");
    compare_values(c, "harness", "", ovp_jsonread_get(sa, "harness"), ovp_jsonread_get(sb, "harness"));
    compare_values(c, "scale", "", ovp_jsonread_get(sa, "scale"), ovp_jsonread_get(sb, "scale"));
    compare_claims(c, ovp_jsonread_get(sa, "claims"), ovp_jsonread_get(sb, "claims"));
    const ovp_jvalue *qa = ovp_jsonread_get(sa, "quantities"), *qb = ovp_jsonread_get(sb, "quantities");
    static const ovp_jvalue none = {.type = OVP_JOBJECT};
    compare_quantities(c, qa && qa->type == OVP_JOBJECT ? qa : &none, qb && qb->type == OVP_JOBJECT ? qb : &none);
    end_file(c);
    for (size_t i = 0; i < fa->n + fb->n && !c->bad; i++) {
        int in_a = i < fa->n;
        const char *f = in_a ? fa->keys[i] : fb->keys[i - fa->n];
        int in_b = ovp_jsonread_get(fb, f) != NULL;
        if (!in_a && ovp_jsonread_get(fa, f))
            continue; /* compared from A's side */
        begin_file(c, label, f);
        if (in_a && in_b) {
            char pa[DIFF_PATH], pb[DIFF_PATH];
            if (join(pa, a, f) && join(pb, b, f))
                compare_csv(c, pa, pb);
            else
                bad_input(c, "the path of '%s' in '%.200s' is too long", f, a);
        } else
            differ(c, "only in %s", in_a ? "A" : "B");
        end_file(c);
    }
    if (!c->bad && c->diffs > before) {
        c->runs_differ++;
        print_context(label, "A", sa);
        print_context(label, "B", sb);
    }
done:
    ovp_jsonread_free(sa);
    ovp_jsonread_free(sb);
}

typedef struct {
    char **paths; /* "NAME/SCALE" or "NAME/SCALE/TAG", sorted */
    size_t n, cap;
} run_list;

static void runs_free(run_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int holds_run(const char *dir)
{
    char path[DIFF_PATH];
    return join(path, dir, "summary.json") && ovp_fs_exists(path);
}

/* The sub-folders of dir (not . and ..), sorted; NULL-terminated, or NULL
 * when dir cannot be read (no runs there). */
static int by_text(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static char **subfolders(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[DIFF_PATH];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || !join(path, dir, e->d_name) ||
            !is_dir(path))
            continue;
        if (n + 1 >= cap) {
            char **p = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (names) {
        names[n] = NULL;
        qsort(names, n, sizeof *names, by_text);
    }
    return names;
}

static void free_names(char **names)
{
    for (char **p = names; p && *p; p++)
        free(*p);
    free(names);
}

static int runs_add(run_list *l, const char *path)
{
    if (l->n == l->cap) {
        char **p = realloc(l->paths, (l->cap = l->cap ? 2 * l->cap : 16) * sizeof *p);
        if (!p)
            return 0;
        l->paths = p;
    }
    return (l->paths[l->n] = strdup(path)) ? (l->n++, 1) : 0;
}

/* Every run under root: NAME/SCALE and NAME/SCALE/TAG that hold a summary.json,
 * in sorted order (NAME, then SCALE, the untagged run before its tags). */
static int list_runs(const char *root, run_list *l)
{
    int ok = 1;
    char **names = subfolders(root);
    for (char **n = names; ok && n && *n; n++) {
        char dn[DIFF_PATH];
        char **scales = join(dn, root, *n) ? subfolders(dn) : NULL;
        for (char **s = scales; ok && s && *s; s++) {
            char ds[DIFF_PATH], rel[DIFF_PATH];
            if (!join(ds, dn, *s) || !join(rel, *n, *s))
                continue;
            if (holds_run(ds))
                ok = runs_add(l, rel);
            char **tags = subfolders(ds);
            for (char **t = tags; ok && t && *t; t++) {
                char dt[DIFF_PATH], relt[DIFF_PATH];
                if (strcmp(*t, "tasks") != 0 && join(dt, ds, *t) && join(relt, rel, *t) && holds_run(dt))
                    ok = runs_add(l, relt);
            }
            free_names(tags);
        }
        free_names(scales);
    }
    free_names(names);
    return ok;
}

static void compare_roots(diff_ctx *c, const char *a, const char *b)
{
    run_list la = {0}, lb = {0};
    if (!list_runs(a, &la) || !list_runs(b, &lb)) {
        bad_input(c, "out of memory listing the runs");
        goto done;
    }
    const char *empty = !la.n ? a : !lb.n ? b : NULL;
    if (empty) {
        bad_input(c, "'%s' holds no run (no NAME/SCALE/summary.json): give a results root that 'ovp verify "
                  "--out' wrote, or a run folder DIR/NAME/SCALE", empty);
        goto done;
    }
    size_t i = 0, j = 0;
    while ((i < la.n || j < lb.n) && !c->bad) {
        int cmp = i == la.n ? 1 : j == lb.n ? -1 : strcmp(la.paths[i], lb.paths[j]);
        if (cmp == 0) {
            char pa[DIFF_PATH], pb[DIFF_PATH];
            if (join(pa, a, la.paths[i]) && join(pb, b, lb.paths[j]))
                compare_run(c, pa, pb, la.paths[i]);
            i++, j++;
        } else {
            begin_file(c, cmp < 0 ? la.paths[i] : lb.paths[j], "");
            differ(c, "run only in %s", cmp < 0 ? "A" : "B");
            c->runs_only++;
            cmp < 0 ? i++ : j++;
        }
    }
done:
    runs_free(&la);
    runs_free(&lb);
}

int ovp_cli_diff(int argc, char **argv)
{
    ovp_args a;
    int code;
    if (ovp_cli_parse_command("diff", argc, argv, diff_options, N_DIFF_OPTIONS, diff_help, &a, &code))
        return code;
    if (a.n_positional != 2)
        return ovp_cli_usage_error("diff", "give two folders A B: run folders (DIR/NAME/SCALE) or results roots");
    diff_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        fprintf(stderr, "ovp diff: out of memory\n");
        return OVP_EXIT_RUNTIME;
    }
    c->rtol = ovp_args_real(&a, "rtol", DIFF_RTOL);
    c->atol = ovp_args_real(&a, "atol", DIFF_ATOL);
    c->limit = (size_t)ovp_args_uint(&a, "limit", DIFF_LIMIT);
    const char *dir[2] = {a.positional[0], a.positional[1]};
    for (int k = 0; k < 2 && !c->bad; k++)
        if (!is_dir(dir[k]))
            bad_input(c, "'%s' %s: give a run folder (DIR/NAME/SCALE) or a results root (DIR)", dir[k],
                      ovp_fs_exists(dir[k]) ? "is not a folder" : "does not exist");
    int run_a = !c->bad && holds_run(dir[0]), run_b = !c->bad && holds_run(dir[1]);
    if (!c->bad && run_a != run_b)
        bad_input(c, "'%s' is a run folder (it holds summary.json) but '%s' is not: give two run folders, or two "
                  "results roots", run_a ? dir[0] : dir[1], run_a ? dir[1] : dir[0]);
    else if (!c->bad && run_a)
        compare_run(c, dir[0], dir[1], "");
    else if (!c->bad)
        compare_roots(c, dir[0], dir[1]);
    if (c->bad) {
        fprintf(stderr, "ovp diff: %s\n", c->err);
        free(c);
        return OVP_EXIT_USAGE;
    }
    char tol[96];
    snprintf(tol, sizeof tol, "rtol %g, atol %g", c->rtol, c->atol);
    if (c->diffs)
        printf("ovp diff: %zu difference%s in %zu of %zu run%s (%s; compared %zu claims, %zu quantities, %zu CSV "
               "cells)\n", c->diffs, c->diffs == 1 ? "" : "s", c->runs_differ + c->runs_only, c->runs + c->runs_only,
               c->runs + c->runs_only == 1 ? "" : "s", tol, c->claims, c->quantities, c->cells);
    else
        printf("ovp diff: equal within %s (%zu run%s: %zu claims, %zu quantities, %zu CSV files, %zu cells)\n", tol,
               c->runs, c->runs == 1 ? "" : "s", c->claims, c->quantities, c->files, c->cells);
    code = c->diffs ? OVP_EXIT_FAIL : 0;
    free(c);
    return code;
}
