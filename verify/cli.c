/* verify/cli.c: the `ovp` command line: list, verify, plot (bench lives in bench/).
 * Exit codes: 0 every claim held, 1 a claim failed, 2 bad input or usage,
 * 3 a runtime failure (LAPACK, I/O, memory). */
#include "cli.h"
#include "blasinfo.h"
#include "fsutil.h"
#include "harness.h"
#include "plot.h"
#include "provenance.h"
#include "results.h"
#include "status.h"
#include "sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ovp_opt_spec verify_options[] = {
    {"scale", OVP_OPT_CHOICE, "ci|paper", "problem sizes (default ci: about a minute; paper: the papers' experiments)", 0, 0, "ci|paper"},
    {"seed", OVP_OPT_UINT, "S", "master seed of every random stream (default 1)", 0, 1.8e19, NULL},
    {"data", OVP_OPT_STRING, "FILE", "CSV dataset: one sample per row, features then label, optional header", 0, 0, NULL},
    {"out", OVP_OPT_STRING, "DIR", "results root; files go to DIR/NAME/SCALE/ (default results)", 0, 0, NULL},
    {"threads", OVP_OPT_UINT, "T", "tasks run in parallel (default 1); results do not depend on T", 1, 1024, NULL},
    {"blas-threads", OVP_OPT_UINT, "B", "BLAS threads per task (default 1; changes low-order bits)", 1, 1024, NULL},
    {"quiet", OVP_OPT_FLAG, NULL, "no progress lines on stderr", 0, 0, NULL},
};
#define N_VERIFY_OPTIONS (sizeof verify_options / sizeof *verify_options)

static const ovp_opt_spec plot_options[] = {
    {"results", OVP_OPT_STRING, "DIR", "results root to read (default results)", 0, 0, NULL},
    {"scale", OVP_OPT_CHOICE, "ci|paper", "which scale's results (default ci)", 0, 0, "ci|paper"},
    {"figures", OVP_OPT_STRING, "DIR", "where figures go: DIR/SCALE/NAME_*.{png,pdf} (default plots/figures)", 0, 0, NULL},
};
#define N_PLOT_OPTIONS (sizeof plot_options / sizeof *plot_options)

static int usage_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "ovp %s: %s\n(see 'ovp %s --help')\n", cmd, msg, cmd);
    return OVP_EXIT_USAGE;
}

static void print_harness_names(FILE *f)
{
    for (size_t i = 0; i < ovp_n_harnesses; i++)
        fprintf(f, "%s%s", i ? ", " : "", ovp_harnesses[i]->paper->harness);
}

/* Each line of a multi-line text, prefixed. */
static void print_indented(FILE *f, const char *text, const char *prefix)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(f, "%s%.*s\n", prefix, len, p);
        p += len + (nl ? 1 : 0);
    }
}

/* ---------------------------------------------------------------- list */

static int cmd_list(int argc, char **argv)
{
    ovp_args a;
    char err[512];
    if (ovp_args_parse(&a, argc, argv, NULL, NULL, 0, err, sizeof err))
        return usage_error("list", err);
    if (a.help) {
        puts("usage: ovp list\n\nLists every harness, the claims it checks (ids as in THEOREMS.md) and its scales.");
        return 0;
    }
    if (a.n_positional)
        return usage_error("list", "takes no arguments");
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        const ovp_harness *h = ovp_harnesses[i];
        printf("%s  %s\n  %s\n  claims:\n", h->paper->harness, h->paper->citation, h->paper->topic);
        for (size_t k = 0; k < h->paper->n_claims; k++)
            printf("    %-12s %s\n", h->paper->claims[k].id, h->paper->claims[k].statement);
        printf("  scales:\n");
        print_indented(stdout, h->scales, "    ");
        putchar('\n');
    }
    return 0;
}

/* ---------------------------------------------------------------- verify */

static void verify_help(const ovp_harness *h)
{
    if (!h) {
        printf("usage: ovp verify NAME|all [options]\n\n"
               "Runs a harness: builds its instances, runs the kernels, checks every claim of\n"
               "its paper against the paper's bound, writes DIR/NAME/SCALE/summary.json and\n"
               "tidy CSVs, and prints the verdict table (claim, regime, bound, observed,\n"
               "margin, verdict). 'all' runs every harness in turn.\n\nharnesses: ");
        print_harness_names(stdout);
        printf(" (see 'ovp list', 'ovp verify NAME --help')\n\noptions:\n");
        ovp_args_print_help(stdout, verify_options, N_VERIFY_OPTIONS);
    } else {
        printf("usage: ovp verify %s [options]\n\n%s: %s\n\n%s\n\nclaims:\n", h->paper->harness,
               h->paper->harness, h->paper->citation, h->summary);
        for (size_t k = 0; k < h->paper->n_claims; k++)
            printf("  %-12s %s\n", h->paper->claims[k].id, h->paper->claims[k].statement);
        printf("\nscales:\n");
        print_indented(stdout, h->scales, "  ");
        printf("\noptions:\n");
        ovp_args_print_help(stdout, verify_options, N_VERIFY_OPTIONS);
        printf("\n%s options (override the scale's defaults):\n", h->paper->harness);
        ovp_args_print_help(stdout, h->options, h->n_options);
        printf("\noutputs in DIR/%s/SCALE/: summary.json", h->paper->harness);
        for (size_t k = 0; k < h->n_tables; k++)
            printf(", %s.csv", h->tables[k].name);
        printf("\n");
    }
    printf("\nexit status: 0 every claim held, 1 a claim failed, 2 bad input, 3 runtime error\n"
           "Regime 'hypotheses-met' means the theorem's assumptions hold for the instance;\n"
           "'empirical' means they do not (usually the width) and the claim is tested as a\n"
           "conjecture. margin = bound/observed (or its inverse), >= 1 when the claim holds.\n");
}

typedef struct {
    const char *scale, *out, *data;
    uint64_t seed;
    int threads, blas_threads, quiet;
} common_opts;

static int status_exit(int st)
{
    return (st == OVP_EINVAL || st == OVP_EDATA || st == OVP_EDOM) ? OVP_EXIT_USAGE : OVP_EXIT_RUNTIME;
}

static int verify_one(const ovp_harness *h, const ovp_args *a, const common_opts *o)
{
    const char *name = h->paper->harness;
    char err[1024] = "", dir[4096];
    ovp_run r;
    ovp_run_init(&r, h->paper, o->scale, o->seed);
    r.threads = o->threads;
    r.blas_threads = o->blas_threads;
    r.quiet = o->quiet;
    void *config = NULL;
    int st = h->configure(a, &r, &config, err, sizeof err);
    if (st) {
        fprintf(stderr, "ovp verify %s: %s\n", name, err);
        ovp_run_free(&r);
        return status_exit(st);
    }
    if (ovp_results_dir(o->out, name, o->scale, dir, sizeof dir) ||
        (st = ovp_mkdirs(dir, err, sizeof err))) {
        fprintf(stderr, "ovp verify %s: %s\n", name, err[0] ? err : "output path too long");
        h->free_config(config);
        ovp_run_free(&r);
        return OVP_EXIT_USAGE;
    }
    ovp_task_out **outs = NULL;
    size_t n_tasks = 0;
    st = ovp_harness_execute(h, &r, config, o->threads, &outs, &n_tasks, err, sizeof err);
    h->free_config(config);
    if (st) {
        fprintf(stderr, "ovp verify %s: %s\n", name, err);
        ovp_run_free(&r);
        return status_exit(st);
    }
    st = ovp_results_write_tables(dir, h->tables, h->n_tables, outs, n_tasks, err, sizeof err);
    ovp_task_outs_free(outs, n_tasks);
    if (!st)
        st = ovp_results_write_summary(dir, &r, err, sizeof err);
    if (st) {
        fprintf(stderr, "ovp verify %s: %s\n", name, err);
        ovp_run_free(&r);
        return OVP_EXIT_RUNTIME;
    }
    for (size_t i = 0; i < r.n_notes; i++)
        printf("note: %s\n", r.notes[i]);
    ovp_results_print_table(stdout, &r);
    printf("results: %s/summary.json\n", dir);
    int code = ovp_run_verdict(&r) == OVP_FAIL ? OVP_EXIT_FAIL : 0;
    ovp_run_free(&r);
    return code;
}

static int cmd_verify(int argc, char **argv)
{
    char err[512];
    /* NAME comes first, so that its own options can be parsed. */
    const ovp_harness *h = NULL;
    int all = 0;
    if (argc > 0 && argv[0][0] != '-') {
        all = strcmp(argv[0], "all") == 0;
        h = ovp_harness_find(argv[0]);
    }
    const ovp_opt_spec *groups[2] = {verify_options, h ? h->options : NULL};
    size_t sizes[2] = {N_VERIFY_OPTIONS, h ? h->n_options : 0};
    ovp_args a;
    if (ovp_args_parse(&a, argc, argv, groups, sizes, h ? 2 : 1, err, sizeof err)) {
        if (a.help)
            return verify_help(h), 0;
        return usage_error("verify", err);
    }
    if (a.help)
        return verify_help(h), 0;
    if (a.n_positional == 0)
        return usage_error("verify", "which harness? give NAME or 'all'");
    if (a.n_positional > 1)
        return usage_error("verify", "give one harness NAME (or 'all')");
    if (!h && !all) {
        char msg[256];
        size_t len = (size_t)snprintf(msg, sizeof msg, "unknown harness '%.40s'; harnesses: ", a.positional[0]);
        for (size_t i = 0; i < ovp_n_harnesses && len < sizeof msg; i++)
            len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", i ? ", " : "",
                                    ovp_harnesses[i]->paper->harness);
        return usage_error("verify", msg);
    }
    if (all && ovp_args_get(&a, "data"))
        return usage_error("verify", "--data needs one harness NAME, not 'all'");
    common_opts o = {
        .scale = ovp_args_text(&a, "scale", OVP_DEFAULT_SCALE),
        .out = ovp_args_text(&a, "out", "results"),
        .seed = ovp_args_uint(&a, "seed", 1),
        .threads = (int)ovp_args_uint(&a, "threads", 1),
        .blas_threads = (int)ovp_args_uint(&a, "blas-threads", 1),
        .quiet = ovp_args_flag(&a, "quiet"),
    };
    /* Never oversubscribe: task threads × BLAS threads ≤ cores. */
    int cores = ovp_cores();
    if (o.blas_threads > cores)
        o.blas_threads = cores;
    if (o.threads * o.blas_threads > cores) {
        int t = cores / o.blas_threads > 0 ? cores / o.blas_threads : 1;
        fprintf(stderr, "ovp verify: %d task threads x %d BLAS threads exceed %d cores; using %d task threads\n",
                o.threads, o.blas_threads, cores, t);
        o.threads = t;
    }
    ovp_blas_set_threads(o.blas_threads);
    if (!all)
        return verify_one(h, &a, &o);
    int worst = 0;
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        int code = verify_one(ovp_harnesses[i], &a, &o);
        worst = code > worst ? code : worst;
    }
    return worst;
}

/* ---------------------------------------------------------------- plot */

static int cmd_plot(int argc, char **argv)
{
    char err[1024];
    ovp_args a;
    const ovp_opt_spec *groups[1] = {plot_options};
    size_t sizes[1] = {N_PLOT_OPTIONS};
    int parsed = ovp_args_parse(&a, argc, argv, groups, sizes, 1, err, sizeof err);
    if (a.help) {
        printf("usage: ovp plot NAME|all [options]\n\n"
               "Renders a harness's figures with gnuplot (plots/NAME_*.gp) from the CSVs that\n"
               "'ovp verify NAME' wrote, as PNG and PDF.\n\nharnesses: ");
        print_harness_names(stdout);
        printf("\n\noptions:\n");
        ovp_args_print_help(stdout, plot_options, N_PLOT_OPTIONS);
        return 0;
    }
    if (parsed)
        return usage_error("plot", err);
    if (a.n_positional != 1)
        return usage_error("plot", "give one harness NAME (or 'all')");
    const char *name = a.positional[0];
    const ovp_harness *h = ovp_harness_find(name);
    if (!h && strcmp(name, "all") != 0) {
        snprintf(err, sizeof err, "unknown harness '%.40s'", name);
        return usage_error("plot", err);
    }
    const char *results = ovp_args_text(&a, "results", "results");
    const char *scale = ovp_args_text(&a, "scale", OVP_DEFAULT_SCALE);
    const char *figures = ovp_args_text(&a, "figures", "plots/figures");
    int worst = 0;
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        if (h && ovp_harnesses[i] != h)
            continue;
        int st = ovp_plot_harness(ovp_harnesses[i], results, scale, figures, err, sizeof err);
        if (st) {
            fprintf(stderr, "ovp plot %s: %s\n", ovp_harnesses[i]->paper->harness, err);
            int code = st == OVP_EDATA || st == OVP_EINVAL ? OVP_EXIT_USAGE : OVP_EXIT_RUNTIME;
            worst = code > worst ? code : worst;
        }
    }
    return worst;
}

/* ---------------------------------------------------------------- main */

static void main_help(const ovp_cli_command *extra, size_t n_extra)
{
    printf("usage: ovp COMMAND [options]\n\n"
           "ovp checks, numerically, the theorems that explain why over-parameterized neural\n"
           "networks are easy to train, and says how tight each bound is.\n\n"
           "commands:\n"
           "  list      the harnesses, their claims (ids as in THEOREMS.md) and scales\n"
           "  verify    run a harness: check every claim, write results, print the verdicts\n"
           "  plot      render a harness's figures (PNG and PDF) with gnuplot\n");
    for (size_t i = 0; i < n_extra; i++)
        printf("  %-9s %s\n", extra[i].name, extra[i].help);
    printf("\n'ovp COMMAND --help' explains each. Example:\n"
           "  ovp verify du2019 --scale ci && ovp plot du2019\n");
}

int ovp_cli_main(int argc, char **argv, const ovp_cli_command *extra, size_t n_extra)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        main_help(extra, n_extra);
        return argc < 2 ? OVP_EXIT_USAGE : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        ovp_provenance p;
        ovp_provenance_collect(&p);
        printf("ovp %s (%s)\nBLAS: %s\nLAPACK: %s\n", p.version, p.git_commit, p.blas, p.lapack);
        return 0;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc - 2, argv + 2);
    if (strcmp(cmd, "verify") == 0)
        return cmd_verify(argc - 2, argv + 2);
    if (strcmp(cmd, "plot") == 0)
        return cmd_plot(argc - 2, argv + 2);
    for (size_t i = 0; i < n_extra; i++)
        if (strcmp(cmd, extra[i].name) == 0)
            return extra[i].run(argc - 2, argv + 2);
    fprintf(stderr, "ovp: unknown command '%.40s' (commands: list, verify, plot", cmd);
    for (size_t i = 0; i < n_extra; i++)
        fprintf(stderr, ", %s", extra[i].name);
    fprintf(stderr, "; see 'ovp --help')\n");
    return OVP_EXIT_USAGE;
}
