/* verify/cli/cmd_verify.c: `ovp verify`: its options (the common ones, the one
 * table of result-neutral options and the run key's option text), the parse
 * that the fuzzer drives, and one harness run, which `ovp merge` reuses. */
#include "blasinfo.h"
#include "cli_internal.h"
#include "config.h"
#include "engine.h"
#include "execute.h"
#include "fs.h"
#include "ranks.h"
#include "results.h"
#include "runstatus.h"
#include "sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ovp_opt_spec verify_options[] = {
    {"scale", OVP_OPT_CHOICE, "ci|paper", "problem sizes (default ci: about a minute; paper: the papers' experiments)", 0, 0, "ci|paper"},
    {"seed", OVP_OPT_UINT, "S", "master seed of every random stream, 0 to 2^64-1 (default 1)", 0, 18446744073709551615.0, NULL},
    {"data", OVP_OPT_STRING, "FILE", "dataset: one sample per row, features and a label; text (',' ';' tab or blank separated, optionally gzip), or NumPy .npy/.npz", 0, 0, NULL},
    {"header", OVP_OPT_CHOICE, "yes|no|auto", "--data: is the first row a header (default auto: when it cannot be data)", 0, 0, "yes|no|auto"},
    {"delimiter", OVP_OPT_STRING, "C", "--data: the separator, ',' ';' tab or space (default: detected)", 0, 0, NULL},
    {"label-col", OVP_OPT_STRING, "N|NAME", "--data: the label's column, a number from 1 or a header name (default: the last)", 0, 0, NULL},
    {"drop-cols", OVP_OPT_STRING, "LIST", "--data: columns to leave out, numbers or names, e.g. an index; 'none' keeps a detected index", 0, 0, NULL},
    {"labels", OVP_OPT_STRING, "MAP", "--data: class names to numbers, e.g. setosa=1,versicolor=-1 (two names default to +1/-1)", 0, 0, NULL},
    {"out", OVP_OPT_STRING, "DIR", "results root; files go to DIR/NAME/SCALE/ (default results)", 0, 0, NULL},
    {"tag", OVP_OPT_STRING, "TAG", "keep this run apart (a sweep): files go to DIR/NAME/SCALE/TAG/; TAG of A-Z a-z 0-9 . _ -", 0, 0, NULL},
    {"threads", OVP_OPT_UINT, "T", "tasks run in parallel (default 1); results do not depend on T", 1, 1024, NULL},
    {"blas-threads", OVP_OPT_UINT, "B", "BLAS threads per task (default 1; changes low-order bits)", 1, 1024, NULL},
    {"shard", OVP_OPT_STRING, "I/N", "run only the I-th of N shares of the tasks (1 <= I <= N); then 'ovp merge'", 0, 0, NULL},
    {"fresh", OVP_OPT_FLAG, NULL, "recompute tasks a previous (interrupted) run already finished", 0, 0, NULL},
    {"quiet", OVP_OPT_FLAG, NULL, "no progress lines on stderr", 0, 0, NULL},
    {"junit", OVP_OPT_STRING, "FILE", "also write a JUnit XML report: one testcase per claim record, one testsuite per harness", 0, 0, NULL},
};
#define N_VERIFY_OPTIONS (sizeof verify_options / sizeof *verify_options)

const ovp_opt_spec *ovp_cli_verify_options(size_t *n)
{
    *n = N_VERIFY_OPTIONS;
    return verify_options;
}


/* The one table of options that change no result bit. Every other option of
 * `ovp verify` and of every harness goes into the run key by its text
 * (ovp_cli_options_key), so an option added later changes the key unless it is
 * listed here with its reason; tests/test_runkey.c enumerates them all. These
 * are also not recorded for `ovp merge`. --tag is keyed on purpose, though it
 * changes no bit: so it is recorded and `ovp merge` replays it into the summary,
 * and a tag's saved tasks never serve another tag's folder. */
static const struct {
    const char *name, *why;
} neutral_options[] = {
    {"out", "where the results go, not what they are"},
    {"threads", "task threads: each task owns its RNG stream and BLAS runs one thread per task (tested bit for bit)"},
    {"shard", "which tasks this process computes; merge checks that every task is there"},
    {"fresh", "recomputes instead of loading: the same bits"},
    {"quiet", "progress lines only"},
    {"junit", "a report of the claims, written after the run"},
};
#define N_NEUTRAL (sizeof neutral_options / sizeof *neutral_options)

int ovp_cli_option_is_neutral(const char *name)
{
    for (size_t k = 0; k < N_NEUTRAL; k++)
        if (strcmp(name, neutral_options[k].name) == 0)
            return 1;
    return 0;
}

static int by_option_name(const void *a, const void *b)
{
    const ovp_opt_value *x = *(const ovp_opt_value *const *)a, *y = *(const ovp_opt_value *const *)b;
    return strcmp(x->spec->name, y->spec->name);
}

int ovp_cli_options_key(const ovp_args *a, char *buf, size_t len)
{
    const ovp_opt_value *given[OVP_MAX_OPTIONS];
    size_t n = 0, used = 0;
    for (size_t i = 0; i < a->n_values; i++)
        if (a->values[i].set && !ovp_cli_option_is_neutral(a->values[i].spec->name))
            given[n++] = &a->values[i];
    qsort(given, n, sizeof *given, by_option_name); /* --n 5 --d 3 and --d 3 --n 5 agree */
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf + used, len - used, "%s=%s\n", given[i]->spec->name,
                         given[i]->text ? given[i]->text : "");
        if (w < 0 || (size_t)w >= len - used)
            return OVP_EINVAL;
        used += (size_t)w;
    }
    return OVP_OK;
}

/* argv[i] is "--NAME" or "--NAME=VALUE" of a neutral option; *takes_value when
 * its value is the next argument. */
static int result_neutral(const char *arg, int *takes_value)
{
    if (strncmp(arg, "--", 2) != 0)
        return 0;
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (size_t k = 0; k < N_NEUTRAL; k++)
        if (strlen(neutral_options[k].name) == len && strncmp(name, neutral_options[k].name, len) == 0) {
            int flag = strcmp(neutral_options[k].name, "fresh") == 0 || strcmp(neutral_options[k].name, "quiet") == 0;
            *takes_value = !eq && !flag;
            return 1;
        }
    return 0;
}

/* Never oversubscribe: BLAS threads at most the cores, and task threads x BLAS
 * threads at most the cores. One rule for verify and merge (the BLAS count is
 * in the run key), and said when it applies. */
void ovp_cli_fit_threads_to_cores(const char *cmd, int *threads, int *blas_threads)
{
    int cores = ovp_sysinfo_cores();
    if (*blas_threads > cores) {
        fprintf(stderr, "ovp %s: --blas-threads %d exceeds the %d cores; using %d\n", cmd, *blas_threads,
                cores, cores);
        *blas_threads = cores;
    }
    if (*threads * *blas_threads > cores) {
        int t = cores / *blas_threads > 0 ? cores / *blas_threads : 1;
        fprintf(stderr, "ovp %s: %d task threads x %d BLAS threads exceed %d cores; using %d task threads\n",
                cmd, *threads, *blas_threads, cores, t);
        *threads = t;
    }
}

/* The options that say how to read --data FILE. */
static const char *const data_options[] = {"header", "delimiter", "label-col", "drop-cols", "labels"};

static int is_data_option(const char *name)
{
    for (size_t k = 0; k < sizeof data_options / sizeof *data_options; k++)
        if (strcmp(name, data_options[k]) == 0)
            return 1;
    return 0;
}

/* The common options, without the --data ones for a harness that takes no --data
 * (said instead, with its reason). */
static void print_common_options(const ovp_harness *h)
{
    const char *refusal = h->config->data.refusal;
    ovp_opt_spec shown[N_VERIFY_OPTIONS];
    size_t n = 0;
    for (size_t k = 0; k < N_VERIFY_OPTIONS; k++)
        if (!refusal || (strcmp(verify_options[k].name, "data") != 0 && !is_data_option(verify_options[k].name)))
            shown[n++] = verify_options[k];
    ovp_args_print_help(stdout, shown, n);
    if (refusal)
        printf("  (%s)\n", refusal);
}

static void verify_help(const ovp_harness *h)
{
    if (!h) {
        printf("usage: ovp verify NAME|all [options]\n\n"
               "Runs a harness: builds its instances, runs the kernels, checks every claim of\n"
               "its paper against the paper's bound, writes DIR/NAME/SCALE/summary.json and\n"
               "tidy CSVs, and prints the verdict table (claim, regime, bound, observed,\n"
               "margin, slack, verdict). 'all' runs every harness in turn. --junit FILE\n"
               "writes the claims as a JUnit XML report for a CI (failures and skips\n"
               "with their notes; 'ovp table NAME --junit' gives it from saved results).\n\nharnesses: ");
        ovp_cli_print_harness_names(stdout);
        printf(" (see 'ovp list', 'ovp verify NAME --help')\n\noptions:\n");
        ovp_args_print_help(stdout, verify_options, N_VERIFY_OPTIONS);
    } else {
        printf("usage: ovp verify %s [options]\n\n%s: %s\n\n%s\n\nclaims:\n", h->paper->harness,
               h->paper->harness, h->paper->citation, h->summary);
        ovp_cli_print_claims(stdout, h->paper, "  ");
        printf("\nscales:\n");
        ovp_cli_print_indented(stdout, h->scales, "  ");
        printf("\noptions:\n");
        print_common_options(h);
        printf("\n%s options (override the scale's defaults):\n", h->paper->harness);
        ovp_args_print_help(stdout, h->options, h->n_options);
        printf("\noutputs in DIR/%s/SCALE/ (with --tag: DIR/%s/SCALE/TAG/): summary.json", h->paper->harness,
               h->paper->harness);
        for (size_t k = 0; k < h->n_tables; k++)
            printf(", %s.csv", h->tables[k].name);
        printf("\n");
    }
    printf("\nexit status: 0 every claim held; 1 a hypotheses-met claim failed (a counterexample\n"
           "or a bug); 4 only empirical claims failed; 2 bad input; 3 runtime error. With\n"
           "'all', the worst of the harnesses' (3, 2, 1, 4, 0 from worst to best).\n"
           "Regime 'hypotheses-met' means the theorem's assumptions hold for the instance;\n"
           "'empirical' means they do not (usually the width) and the claim is tested as a\n"
           "conjecture. margin = bound/observed (or its inverse), >= 1 when the claim holds,\n"
           "'-' when undefined (a bound or observed value <= 0); slack = bound - observed\n"
           "(or its negative), >= 0 when the claim holds, always defined.\n");
}

/* Prints on rank 0 only: every rank runs the same deterministic code. */
static int is_root(void) { return ovp_ranks_rank() == 0; }

/* A tag folder sits beside the untagged run's files: it may not take one's name. */
static int tag_is_a_file(const ovp_harness *h, const char *tag)
{
    char file[96];
    if (strcmp(tag, "summary.json") == 0)
        return 1;
    for (size_t k = 0; k < h->n_tables; k++)
        if (snprintf(file, sizeof file, "%s.csv", h->tables[k].name) < (int)sizeof file && strcmp(tag, file) == 0)
            return 1;
    return 0;
}

int ovp_cli_verify_one(const ovp_harness *h, const ovp_args *a, const ovp_cli_run_opts *o)
{
    const char *name = h->paper->harness;
    char err[1024] = "", dir[4096];
    if (o->tag && tag_is_a_file(h, o->tag)) {
        if (is_root())
            fprintf(stderr, "ovp verify %s: --tag %s is the name of a file of the untagged run; choose "
                    "another tag\n", name, o->tag);
        return OVP_EXIT_USAGE;
    }
    if (o->written)
        o->written[0] = '\0';
    ovp_run r;
    ovp_run_init(&r, h->paper, o->scale, o->seed);
    if (o->tag)
        snprintf(r.tag, sizeof r.tag, "%s", o->tag);
    r.threads = o->threads;
    r.blas_threads = o->blas_threads;
    r.quiet = o->quiet;
    void *config = NULL;
    int st = ovp_config_apply(h, a, &r, &config, err, sizeof err);
    if (st) {
        if (is_root())
            fprintf(stderr, "ovp verify %s: %s\n", name, err);
        ovp_run_free(&r);
        return ovp_runstatus_exit_code(st);
    }
    char options[8192];
    if ((st = ovp_cli_options_key(a, options, sizeof options))) {
        if (is_root())
            fprintf(stderr, "ovp verify %s: the options are too long to key the run\n", name);
        ovp_config_free(h, config);
        ovp_run_free(&r);
        return ovp_runstatus_exit_code(st);
    }
    if (o->dir ? snprintf(dir, sizeof dir, "%s", o->dir) >= (int)sizeof dir
               : ovp_cli_run_dir(o->out, name, o->scale, o->tag, dir, sizeof dir) != OVP_OK) {
        if (is_root())
            fprintf(stderr, "ovp verify %s: output path too long\n", name);
        ovp_config_free(h, config);
        ovp_run_free(&r);
        return OVP_EXIT_USAGE;
    }
    /* One run per results folder (rank 0 speaks for an MPI job); shards of one
     * job array share it. A run that holds it alone sweeps what a killed run
     * left half-written. */
    int lock = -1;
    if (is_root()) {
        int shared = o->shards > 1;
        st = ovp_fs_mkdirs(dir, err, sizeof err);
        if (!st)
            st = ovp_fs_lock(dir, shared, &lock, err, sizeof err);
        if (!st && !shared) {
            char tasks[4200];
            snprintf(tasks, sizeof tasks, "%s/tasks", dir);
            ovp_fs_remove_temporaries(dir);
            ovp_fs_remove_temporaries(tasks);
        }
        if (st)
            fprintf(stderr, "ovp %s %s: %s\n", o->merge_dir ? "merge" : "verify", name, err);
    }
    if (ovp_ranks_max(st)) {
        ovp_fs_unlock(lock);
        ovp_config_free(h, config);
        ovp_run_free(&r);
        return st ? ovp_runstatus_exit_code(st) : OVP_EXIT_RUNTIME;
    }
    char note[1200];
    snprintf(note, sizeof note, "; finished tasks are kept in %.1000s/tasks: rerun the same command to resume", dir);
    ovp_fs_interrupt_note(note);
    ovp_engine_report report = {0};
    ovp_exec x = {
        .threads = o->threads,
        .results_dir = o->merge_dir ? o->merge_dir : dir,
        .options = options,
        .argc = o->argc,
        .argv = o->argv,
        .fresh = o->fresh,
        .shard = o->shard,
        .shards = o->shards,
        .merge = o->merge_dir != NULL,
        .sources = o->merge_sources,
        .n_sources = o->n_merge_sources,
        .report = &report,
    };
    ovp_task_out **outs = NULL;
    size_t n_tasks = 0;
    st = ovp_execute_run(h, &r, config, &x, &outs, &n_tasks, err, sizeof err);
    ovp_config_free(h, config);
    if (st == OVP_EPARTIAL && o->shards > 1) {
        if (is_root())
            printf("%s: shard %zu/%zu done (tasks: %zu computed, %zu already finished) in %s/tasks\n"
                   "when every shard is done: ovp merge %s\n",
                   name, o->shard + 1, o->shards, report.computed, report.loaded, dir, dir);
        ovp_fs_unlock(lock);
        ovp_run_free(&r);
        return 0;
    }
    if (st) {
        if (is_root())
            fprintf(stderr, "ovp %s %s: %s\n", o->merge_dir ? "merge" : "verify", name, err);
        ovp_fs_unlock(lock);
        ovp_run_free(&r);
        return ovp_runstatus_exit_code(st);
    }
    if (!is_root()) { /* rank 0 writes and reports */
        ovp_run_free(&r);
        return 0;
    }
    if (!o->quiet && !o->merge_dir && report.loaded && !report.computed)
        fprintf(stderr, "[%s] all %zu tasks were already finished in %s/tasks (--fresh recomputes)\n",
                name, report.loaded, x.results_dir);
    if (report.stale || report.damaged)
        ovp_run_note(&r, "resume: %zu saved task files of another run and %zu damaged ones were "
                     "discarded and recomputed", report.stale, report.damaged);
    st = ovp_results_write(dir, &r, report.key, h->tables, h->n_tables, outs, n_tasks, err, sizeof err);
    ovp_execute_outs_free(outs, n_tasks);
    ovp_fs_unlock(lock);
    if (st) {
        fprintf(stderr, "ovp verify %s: %s\n", name, err);
        ovp_run_free(&r);
        return ovp_runstatus_exit_code(st);
    }
    for (size_t i = 0; i < r.n_notes; i++)
        printf("note: %s\n", r.notes[i]);
    ovp_results_print_table(stdout, &r);
    printf("results: %s/summary.json\n", dir);
    if (o->written)
        snprintf(o->written, OVP_CLI_PATH_MAX, "%s", dir);
    int code = ovp_results_exit_code(&r);
    ovp_run_free(&r);
    return code;
}

/* --junit FILE: the harnesses that ran (codes[i] >= 0), each read back from the
 * summary.json it wrote (written[i]), or an error entry when it wrote none.
 * Returns 0, or OVP_EXIT_RUNTIME when the report cannot be written. */
static int write_junit(const char *path, const int *codes, char (*written)[OVP_CLI_PATH_MAX])
{
    ovp_results_summary *sums = calloc(ovp_n_harnesses, sizeof *sums);
    ovp_results_junit_suite *suites = calloc(ovp_n_harnesses, sizeof *suites);
    char err[1024] = "out of memory";
    size_t n = 0;
    int st = sums && suites ? OVP_OK : OVP_ENOMEM, unread = 0;
    for (size_t i = 0; i < ovp_n_harnesses && !st; i++) {
        if (codes[i] < 0)
            continue;
        ovp_results_junit_suite *u = &suites[n++];
        u->harness = ovp_harnesses[i]->paper->harness;
        u->code = codes[i];
        if (!written[i][0])
            continue; /* stopped before its results: an error entry */
        if (ovp_results_read_summary(written[i], &sums[i], err, sizeof err) == OVP_OK)
            u->summary = &sums[i];
        else { /* cannot happen unless the folder changed under us: say so, report the rest */
            fprintf(stderr, "ovp verify: --junit %s: %s\n", path, err);
            u->code = OVP_EXIT_RUNTIME;
            unread = 1;
        }
    }
    if (!st)
        st = ovp_results_write_junit(path, suites, n, err, sizeof err);
    if (st) /* the results are saved: the report can be had from them */
        fprintf(stderr, "ovp verify: --junit %s: %s (the results are saved: 'ovp table NAME --junit' prints "
                "the report)\n", path, err);
    for (size_t i = 0; sums && i < ovp_n_harnesses; i++)
        ovp_results_summary_free(&sums[i]);
    free(sums);
    free(suites);
    return st || unread ? OVP_EXIT_RUNTIME : 0;
}

/* "I/N", decimal digits only, with 1 <= I <= N, into a 0-based shard. */
static int parse_shard(const char *text, size_t *shard, size_t *shards)
{
    static const char digits[] = "0123456789";
    size_t a = text ? strspn(text, digits) : 0;
    if (!a || a > 7 || text[a] != '/')
        return 0;
    size_t b = strspn(text + a + 1, digits);
    if (!b || b > 7 || text[a + 1 + b] != '\0')
        return 0;
    unsigned long long i = strtoull(text, NULL, 10), n = strtoull(text + a + 1, NULL, 10);
    if (n < 1 || i < 1 || i > n || n > 1000000)
        return 0;
    *shard = (size_t)(i - 1);
    *shards = (size_t)n;
    return 1;
}

int ovp_cli_parse_verify(int argc, char *const *argv, ovp_args *a, const ovp_harness **hp,
                         int *all, char *err, size_t errlen)
{
    /* NAME comes first, so that its own options can be parsed. */
    const ovp_harness *h = NULL;
    *all = 0;
    if (argc > 0 && argv[0] && argv[0][0] != '-') {
        *all = strcmp(argv[0], "all") == 0;
        h = ovp_harness_find(argv[0]);
    }
    *hp = h;
    const ovp_opt_spec *groups[2] = {verify_options, h ? h->options : NULL};
    size_t sizes[2] = {N_VERIFY_OPTIONS, h ? h->n_options : 0};
    if (ovp_args_parse(a, argc, argv, groups, sizes, h ? 2 : 1, err, errlen))
        return a->help ? 0 : OVP_EXIT_USAGE;
    if (a->help)
        return 0;
    if (a->n_positional == 0) {
        snprintf(err, errlen, "which harness? give NAME or 'all'");
        return OVP_EXIT_USAGE;
    }
    if (a->n_positional > 1) {
        snprintf(err, errlen, "give one harness NAME (or 'all')");
        return OVP_EXIT_USAGE;
    }
    if (!h && !*all) {
        size_t len = (size_t)snprintf(err, errlen, "unknown harness '%.40s'; harnesses: ", a->positional[0]);
        for (size_t i = 0; i < ovp_n_harnesses && len < errlen; i++)
            len += (size_t)snprintf(err + len, errlen - len, "%s%s", i ? ", " : "",
                                    ovp_harnesses[i]->paper->harness);
        return OVP_EXIT_USAGE;
    }
    if (*all && ovp_args_get(a, "data")) {
        snprintf(err, errlen, "--data needs one harness NAME, not 'all'");
        return OVP_EXIT_USAGE;
    }
    for (size_t k = 0; k < sizeof data_options / sizeof *data_options; k++)
        if (ovp_args_get(a, data_options[k]) && !ovp_args_get(a, "data")) {
            snprintf(err, errlen, "--%s says how to read --data FILE; give --data too", data_options[k]);
            return OVP_EXIT_USAGE;
        }
    size_t shard = 0, shards = 0;
    if (ovp_args_get(a, "shard") && !parse_shard(ovp_args_text(a, "shard", ""), &shard, &shards)) {
        snprintf(err, errlen, "--shard takes I/N with 1 <= I <= N, e.g. --shard 2/8");
        return OVP_EXIT_USAGE;
    }
    if (ovp_args_get(a, "tag") && ovp_cli_check_tag(ovp_args_text(a, "tag", ""), err, errlen))
        return OVP_EXIT_USAGE;
    if (ovp_args_get(a, "shard") && shards > 1 && ovp_args_flag(a, "fresh")) {
        snprintf(err, errlen, "--fresh with --shard would delete the other shards' tasks");
        return OVP_EXIT_USAGE;
    }
    const char *junit = ovp_args_text(a, "junit", NULL);
    if (junit && (!junit[0] || junit[strlen(junit) - 1] == '/')) {
        snprintf(err, errlen, "--junit needs a file name, e.g. --junit results/junit.xml");
        return OVP_EXIT_USAGE;
    }
    if (junit && shards > 1) {
        snprintf(err, errlen, "--junit reports the claims, which a shard does not check: after 'ovp merge', "
                 "'ovp table NAME --junit' writes the report");
        return OVP_EXIT_USAGE;
    }
    return 0;
}

int ovp_cli_verify(int argc, char **argv)
{
    char err[512];
    const ovp_harness *h;
    int all;
    ovp_args a;
    if (ovp_cli_parse_verify(argc, argv, &a, &h, &all, err, sizeof err))
        return ovp_cli_usage_error("verify", err);
    if (a.help)
        return verify_help(h), 0;
    ovp_cli_run_opts o = {
        .scale = ovp_args_text(&a, "scale", OVP_DEFAULT_SCALE),
        .out = ovp_args_text(&a, "out", "results"),
        .tag = ovp_args_text(&a, "tag", NULL),
        .seed = ovp_args_uint(&a, "seed", 1),
        .threads = (int)ovp_args_uint(&a, "threads", 1),
        .blas_threads = (int)ovp_args_uint(&a, "blas-threads", 1),
        .quiet = ovp_args_flag(&a, "quiet") || !is_root(),
        .fresh = ovp_args_flag(&a, "fresh"),
    };
    if (ovp_args_get(&a, "shard"))
        parse_shard(ovp_args_text(&a, "shard", ""), &o.shard, &o.shards);
    /* Record the options that change results, for `ovp merge`. */
    char *recorded[OVP_MAX_RUN_ARGS];
    int n_recorded = 0;
    for (int i = 1; i < argc && n_recorded < OVP_MAX_RUN_ARGS; i++) {
        int takes_value;
        if (result_neutral(argv[i], &takes_value))
            i += takes_value;
        else
            recorded[n_recorded++] = argv[i];
    }
    o.argc = n_recorded;
    o.argv = recorded;
    ovp_cli_fit_threads_to_cores("verify", &o.threads, &o.blas_threads);
    ovp_blasinfo_set_threads(o.blas_threads);
    const char *junit = ovp_args_text(&a, "junit", NULL);
    int worst = 0, *codes = calloc(ovp_n_harnesses, sizeof *codes);
    char(*written)[OVP_CLI_PATH_MAX] = junit ? calloc(ovp_n_harnesses, sizeof *written) : NULL;
    if (!codes || (junit && !written)) {
        fprintf(stderr, "ovp verify: out of memory\n");
        free(codes);
        free(written);
        return OVP_EXIT_RUNTIME;
    }
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        codes[i] = -1;
        if (!all && ovp_harnesses[i] != h)
            continue;
        o.written = written ? written[i] : NULL;
        codes[i] = ovp_cli_verify_one(ovp_harnesses[i], &a, &o);
        worst = ovp_runstatus_exit_worst(worst, codes[i]);
    }
    if (junit && is_root())
        worst = ovp_runstatus_exit_worst(worst, write_junit(junit, codes, written));
    free(codes);
    free(written);
    /* the worst code of any rank: compared by severity, carried in the low byte */
    return ovp_ranks_max(ovp_runstatus_exit_severity(worst) << 8 | worst) & 0xff;
}

