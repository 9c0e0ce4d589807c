/* verify/cli/cmd_table.c: `ovp table`: a run's claim table from its
 * summary.json, as LaTeX (booktabs), Markdown, CSV (RFC 4180) or JUnit XML,
 * for a paper, a README or a CI. */
#include "cli_internal.h"
#include "fs.h"
#include "results.h"
#include "runstatus.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ovp_opt_spec table_options[] = {
    {"results", OVP_OPT_STRING, "DIR", "results root to read: DIR/NAME/SCALE/summary.json (default results)", 0, 0, NULL},
    {"scale", OVP_OPT_CHOICE, "ci|paper", "which scale's results (default ci)", 0, 0, "ci|paper"},
    {"tag", OVP_OPT_STRING, "TAG", "the run of 'ovp verify --tag TAG': DIR/NAME/SCALE/TAG", 0, 0, NULL},
    {"latex", OVP_OPT_FLAG, NULL, "a booktabs tabular for a paper (\\usepackage{booktabs}); numbers %.3g", 0, 0, NULL},
    {"markdown", OVP_OPT_FLAG, NULL, "a pipe table (GitHub, pandoc); numbers %.3g", 0, 0, NULL},
    {"csv", OVP_OPT_FLAG, NULL, "RFC 4180 CSV (CRLF, quoted where needed) with full-precision numbers and the note", 0, 0, NULL},
    {"junit", OVP_OPT_FLAG, NULL, "JUnit XML, as 'ovp verify --junit FILE' writes it", 0, 0, NULL},
};
#define N_TABLE_OPTIONS (sizeof table_options / sizeof *table_options)

static const char *const formats[] = {"latex", "markdown", "csv", "junit"};
#define N_FORMATS (sizeof formats / sizeof *formats)

static void table_help(void)
{
    printf("usage: ovp table NAME --latex|--markdown|--csv|--junit [--results DIR] [--scale ci|paper] [--tag TAG]\n\n"
           "Prints the claim table of a run that 'ovp verify NAME' saved, read from\n"
           "DIR/NAME/SCALE/summary.json, on stdout: one row per claim record with its id,\n"
           "scope (which instance), regime, relation, bound (with its two parts where the record\n"
           "keeps them apart: the paper's term and ovp's tolerance), observed value, margin, slack\n"
           "and verdict. Nothing is recomputed.\n\n"
           "  regime   hypotheses-met: the theorem's assumptions hold for the instance;\n"
           "           empirical: they do not (usually the width), the claim is a conjecture\n"
           "  margin   bound/observed (<= claims) or observed/bound (>=), >= 1 when the claim\n"
           "           holds; a ratio, so only defined when both are > 0: empty otherwise\n"
           "  slack    bound - observed (<=) or observed - bound (>=), >= 0 when the claim\n"
           "           holds; always defined for a checked claim\n"
           "  verdict  pass, FAIL, or skip (not evaluated, or vacuous: it could not fail)\n\n"
           "harnesses: ");
    ovp_cli_print_harness_names(stdout);
    printf("\n\noptions (give exactly one format):\n");
    ovp_args_print_help(stdout, table_options, N_TABLE_OPTIONS);
    printf("\nexamples:\n"
           "  ovp table du2019 --latex > paper/du2019.tex     # \\input{du2019} in a table float\n"
           "  ovp table du2019 --markdown --results build/verify-results\n"
           "  ovp table safran2021 --scale paper --csv > safran2021_claims.csv\n\n"
           "exit status: 0 the table was printed (whatever the verdicts; 'ovp verify' exits\n"
           "non-zero on a failed claim), 2 no such results or bad usage, 3 a read failure\n");
}

static int is_fail(const ovp_results_claim *c) { return strcmp(c->verdict, "fail") == 0; }

/* --- LaTeX */

static void tex_text(const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\\': fputs("\\textbackslash{}", stdout); break;
        case '~': fputs("\\textasciitilde{}", stdout); break;
        case '^': fputs("\\textasciicircum{}", stdout); break;
        case '<': fputs("\\textless{}", stdout); break; /* OT1 would print an inverted '!' */
        case '>': fputs("\\textgreater{}", stdout); break;
        case '|': fputs("\\textbar{}", stdout); break;
        case '_': case '%': case '&': case '#': case '$': case '{': case '}':
            putchar('\\');
            putchar(*p);
            break;
        case '-': fputs(p[1] == '-' ? "-{}" : "-", stdout); break; /* no en dash from "--" */
        default:
            if ((unsigned char)*p >= 0x20)
                putchar(*p);
            else if (*p == '\n' || *p == '\t')
                putchar(' ');
        }
    }
}

/* %.3g in math mode: a true minus sign, 1.2e-05 as 1.2\times10^{-5}; empty for NaN. */
static void tex_num(double x)
{
    char b[40];
    if (isnan(x))
        return;
    if (isinf(x)) {
        fputs(x < 0 ? "$-\\infty$" : "$\\infty$", stdout);
        return;
    }
    snprintf(b, sizeof b, "%.3g", x);
    char *e = strchr(b, 'e');
    if (!e) {
        printf("$%s$", b);
        return;
    }
    *e = '\0';
    printf("$%s\\times10^{%d}$", b, atoi(e + 1));
}

static void print_latex(const ovp_results_summary *s)
{
    printf("%% ovp table %s (%s scale, verdict %s): ", s->harness, s->scale, s->verdict);
    for (const char *p = s->paper; *p; p++) /* the comment stays on one line */
        putchar(*p == '\n' || *p == '\r' ? ' ' : *p);
    printf("\n%% needs \\usepackage{booktabs}\n"
           "\\begin{tabular}{lllcrrrrrrl}\n\\toprule\n"
           "Claim & Scope & Regime & Rel. & Bound & Paper's & Tolerance & Observed & Margin & Slack & Verdict "
           "\\\\\n\\midrule\n");
    for (size_t i = 0; i < s->n_claims; i++) {
        const ovp_results_claim *c = &s->claims[i];
        tex_text(c->id);
        fputs(" & ", stdout);
        tex_text(c->scope);
        fputs(" & ", stdout);
        tex_text(c->regime);
        fputs(" & ", stdout);
        fputs(strcmp(c->relation, "<=") == 0 ? "$\\le$" : strcmp(c->relation, ">=") == 0 ? "$\\ge$" : "", stdout);
        const double nums[] = {c->bound, c->paper_bound, c->tolerance, c->observed, c->margin, c->slack};
        for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) {
            fputs(" & ", stdout);
            tex_num(nums[k]);
        }
        fputs(" & ", stdout);
        if (is_fail(c))
            fputs("\\textbf{FAIL}", stdout);
        else
            tex_text(c->verdict);
        fputs(" \\\\\n", stdout);
    }
    printf("\\bottomrule\n\\end{tabular}\n");
}

/* --- Markdown */

static void md_text(const char *s)
{
    for (const char *p = s; *p; p++) {
        /* CommonMark lets any ASCII punctuation be escaped: these would make a cell
         * end, emphasis, code, a link, math, a strike or (< before a name) an HTML
         * tag; "<=" and ">=" stay as they are */
        if (strchr("\\|*_`[]$~", *p) || (*p == '<' && p[1] != '='))
            putchar('\\');
        putchar(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
    }
}

static void md_num(double x)
{
    if (!isnan(x))
        printf("%.3g", x);
}

static void print_markdown(const ovp_results_summary *s)
{
    printf("| claim | scope | regime | rel | bound | paper's | tolerance | observed | margin | slack | verdict |\n"
           "|:--|:--|:--|:-:|--:|--:|--:|--:|--:|--:|:--|\n");
    for (size_t i = 0; i < s->n_claims; i++) {
        const ovp_results_claim *c = &s->claims[i];
        fputs("| ", stdout);
        md_text(c->id);
        fputs(" | ", stdout);
        md_text(c->scope);
        fputs(" | ", stdout);
        md_text(c->regime);
        fputs(" | ", stdout);
        md_text(c->relation);
        const double nums[] = {c->bound, c->paper_bound, c->tolerance, c->observed, c->margin, c->slack};
        for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) {
            fputs(" | ", stdout);
            md_num(nums[k]);
        }
        fputs(" | ", stdout);
        if (is_fail(c))
            fputs("**FAIL**", stdout);
        else
            md_text(c->verdict);
        fputs(" |\n", stdout);
    }
}

/* --- CSV (RFC 4180) */

static void csv_text(const char *s)
{
    if (!s[strcspn(s, ",\"\r\n")]) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    putchar('"');
}

/* The shortest of %.15g..%.17g that reads back exactly; empty for NaN. */
static void csv_num(double x)
{
    char b[40];
    if (isnan(x))
        return;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(b, sizeof b, "%.*g", prec, x);
        if (strtod(b, NULL) == x)
            break;
    }
    fputs(b, stdout);
}

static void print_csv(const ovp_results_summary *s)
{
    fputs("claim,scope,regime,relation,bound,paper_bound,tolerance,observed,margin,slack,verdict,note\r\n", stdout);
    for (size_t i = 0; i < s->n_claims; i++) {
        const ovp_results_claim *c = &s->claims[i];
        const char *texts[] = {c->id, c->scope, c->regime, c->relation};
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
            csv_text(texts[k]);
            putchar(',');
        }
        const double nums[] = {c->bound, c->paper_bound, c->tolerance, c->observed, c->margin, c->slack};
        for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) {
            csv_num(nums[k]);
            putchar(',');
        }
        csv_text(c->verdict);
        putchar(',');
        csv_text(c->note);
        fputs("\r\n", stdout);
    }
}

int ovp_cli_table(int argc, char **argv)
{
    ovp_args a;
    int code;
    if (ovp_cli_parse_command("table", argc, argv, table_options, N_TABLE_OPTIONS, table_help, &a, &code))
        return code;
    char err[1400];
    if (a.n_positional != 1)
        return ovp_cli_usage_error("table", "give one harness NAME, e.g. 'ovp table du2019 --latex'");
    const char *name = a.positional[0];
    if (!ovp_harness_find(name)) {
        size_t len = (size_t)snprintf(err, sizeof err, "unknown harness '%.40s'; harnesses: ", name);
        for (size_t i = 0; i < ovp_n_harnesses && len < sizeof err; i++)
            len += (size_t)snprintf(err + len, sizeof err - len, "%s%s", i ? ", " : "",
                                    ovp_harnesses[i]->paper->harness);
        return ovp_cli_usage_error("table", err);
    }
    size_t format = N_FORMATS, n_formats = 0;
    for (size_t k = 0; k < N_FORMATS; k++)
        if (ovp_args_flag(&a, formats[k]))
            format = k, n_formats++;
    if (n_formats != 1)
        return ovp_cli_usage_error("table", n_formats ? "give one format, not several"
                                                      : "give a format: --latex, --markdown, --csv or --junit");
    const char *results = ovp_args_text(&a, "results", "results");
    const char *scale = ovp_args_text(&a, "scale", OVP_DEFAULT_SCALE);
    const char *tag = ovp_args_text(&a, "tag", NULL);
    char dir[OVP_CLI_PATH_MAX], path[OVP_CLI_PATH_MAX + 16], err_tag[256];
    if (tag && ovp_cli_check_tag(tag, err_tag, sizeof err_tag))
        return ovp_cli_usage_error("table", err_tag);
    if (ovp_cli_run_dir(results, name, scale, tag, dir, sizeof dir) != OVP_OK)
        return ovp_cli_usage_error("table", "--results path too long");
    snprintf(path, sizeof path, "%s/summary.json", dir);
    if (!ovp_fs_exists(path)) {
        fprintf(stderr, "ovp table: no results in %s (no summary.json): run 'ovp verify %s --scale %s --out %s' "
                "first, or give --results DIR and --scale where they are\n", dir, name, scale, results);
        return OVP_EXIT_USAGE;
    }
    /* the folder must hold one complete, unedited run, as every reader demands */
    int st = ovp_results_check(dir, err, sizeof err);
    ovp_results_summary s;
    if (!st)
        st = ovp_results_read_summary(dir, &s, err, sizeof err);
    if (st) {
        fprintf(stderr, "ovp table: %s\n", err);
        return ovp_runstatus_exit_code(st);
    }
    if (strcmp(s.harness, name) != 0 || strcmp(s.scale, scale) != 0) {
        fprintf(stderr, "ovp table: %s holds a run of %s at scale %s, not of %s at %s (moved or copied by "
                "hand?): rerun 'ovp verify %s --scale %s --out %s'\n", path, s.harness, s.scale, name, scale,
                name, scale, results);
        ovp_results_summary_free(&s);
        return OVP_EXIT_USAGE;
    }
    if (strcmp(formats[format], "latex") == 0)
        print_latex(&s);
    else if (strcmp(formats[format], "markdown") == 0)
        print_markdown(&s);
    else if (strcmp(formats[format], "csv") == 0)
        print_csv(&s);
    else {
        ovp_results_junit_suite suite = {.harness = s.harness, .summary = &s};
        ovp_results_print_junit(stdout, &suite, 1);
    }
    ovp_results_summary_free(&s);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ovp table: cannot write the table to stdout\n");
        return OVP_EXIT_RUNTIME;
    }
    return 0;
}
