/* verify/cli/cmd_merge.c: `ovp merge`: the shards of a job array into one run's
 * results, by replaying the recorded `ovp verify` over the saved tasks. */
#include "blasinfo.h"
#include "checkpoint.h"
#include "cli_internal.h"
#include "runstatus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ovp_opt_spec merge_options[] = {
    {"out", OVP_OPT_STRING, "ROOT", "write ROOT/NAME/SCALE/ (default: the first DIR itself)", 0, 0, NULL},
    {"tag", OVP_OPT_STRING, "TAG", "the shards ran with --tag TAG: merge each DIR/TAG", 0, 0, NULL},
    {"threads", OVP_OPT_UINT, "T", "accepted for symmetry; merging computes nothing", 1, 1024, NULL},
    {"quiet", OVP_OPT_FLAG, NULL, "no progress lines on stderr", 0, 0, NULL},
};
#define N_MERGE_OPTIONS (sizeof merge_options / sizeof *merge_options)

static void merge_help(void)
{
    printf("usage: ovp merge DIR [DIR...] [--out ROOT] [--tag TAG]\n\n"
           "Combines the tasks that 'ovp verify NAME --shard I/N' runs (a Slurm job array,\n"
           "say) left in DIR/tasks (DIR = RESULTS/NAME/SCALE) into the files a single run\n"
           "writes: summary.json and the CSVs, bit for bit. Several DIRs merge shards that\n"
           "ran with different --out. The options are read from DIR/tasks/run.txt; the\n"
           "tasks must come from the same build and options (each task file carries the\n"
           "run key; others are refused). The files go into DIR itself (DIR/, . and\n"
           "symlinks resolved), or into ROOT/NAME/SCALE with --out. Shards run with --tag TAG\n"
           "are in DIR/TAG (or give DIR/TAG itself); the tag is replayed with the options, so\n"
           "--out writes ROOT/NAME/SCALE/TAG.\n\noptions:\n");
    ovp_args_print_help(stdout, merge_options, N_MERGE_OPTIONS);
}

int ovp_cli_merge(int argc, char **argv)
{
    char err[1024];
    ovp_args a;
    int code;
    if (ovp_cli_parse_command("merge", argc, argv, merge_options, N_MERGE_OPTIONS, merge_help, &a, &code))
        return code;
    if (a.n_positional < 1)
        return ovp_cli_usage_error("merge", "give the results directory of the shards (RESULTS/NAME/SCALE)");
    /* --tag TAG: every DIR means DIR/TAG. */
    const char *tag = ovp_args_text(&a, "tag", NULL);
    if (tag && ovp_cli_check_tag(tag, err, sizeof err))
        return ovp_cli_usage_error("merge", err);
    char tagged[OVP_MAX_POSITIONAL][4096];
    const char *dirs[OVP_MAX_POSITIONAL];
    for (size_t i = 0; i < a.n_positional; i++) {
        dirs[i] = a.positional[i];
        if (tag) {
            if (snprintf(tagged[i], sizeof tagged[i], "%s/%s", a.positional[i], tag) >= (int)sizeof tagged[i])
                return ovp_cli_usage_error("merge", "the results directory is too long");
            dirs[i] = tagged[i];
        }
    }
    ovp_checkpoint run;
    if (ovp_checkpoint_read(&run, dirs[0], err, sizeof err))
        return ovp_cli_usage_error("merge", err);
    const ovp_harness *h = ovp_harness_find(run.harness);
    if (!h) {
        snprintf(err, sizeof err, "%s/tasks was written for unknown harness '%s'", dirs[0], run.harness);
        ovp_checkpoint_close(&run);
        return ovp_cli_usage_error("merge", err);
    }
    /* Rebuild the shards' options: NAME, the recorded arguments, and the scale. */
    char *vargv[OVP_MAX_RUN_ARGS + 4];
    int vargc = 0;
    vargv[vargc++] = run.harness;
    for (int i = 0; i < run.n_args; i++)
        vargv[vargc++] = run.args[i];
    size_t n_common;
    const ovp_opt_spec *vgroups[2] = {ovp_cli_verify_options(&n_common), h->options};
    size_t vsizes[2] = {n_common, h->n_options};
    ovp_args va;
    if (ovp_args_parse(&va, vargc, vargv, vgroups, vsizes, 2, err, sizeof err)) {
        ovp_checkpoint_close(&run);
        return ovp_cli_usage_error("merge", err);
    }
    /* The tag the shards ran with is in their options; --tag must agree. */
    const char *run_tag = ovp_args_text(&va, "tag", NULL);
    if (tag && (!run_tag || strcmp(tag, run_tag) != 0)) {
        snprintf(err, sizeof err, "%s/tasks was written by a run %s%s, not --tag %s: give its tag, or DIR/TAG itself",
                 dirs[0], run_tag ? "with --tag " : "without --tag", run_tag ? run_tag : "", tag);
        ovp_checkpoint_close(&run);
        return ovp_cli_usage_error("merge", err);
    }
    /* Without --out the merged files go into DIR itself, however it was
     * spelled (DIR/, ., a symlink). */
    const char *out = ovp_args_text(&a, "out", NULL);
    char *here = out ? NULL : realpath(dirs[0], NULL);
    if (!out && !here) {
        snprintf(err, sizeof err, "cannot resolve '%s': %s", dirs[0], strerror(errno));
        ovp_checkpoint_close(&run);
        return ovp_cli_usage_error("merge", err);
    }
    ovp_cli_run_opts o = {
        .scale = run.scale,
        .out = out,
        .tag = run_tag,
        .dir = here,
        .seed = ovp_args_uint(&va, "seed", 1),
        .threads = 1,
        .blas_threads = (int)ovp_args_uint(&va, "blas-threads", 1),
        .quiet = ovp_args_flag(&a, "quiet"),
        .argc = run.n_args,
        .argv = run.args,
        .merge_dir = dirs[0],
        .merge_sources = dirs + 1,
        .n_merge_sources = a.n_positional - 1,
    };
    ovp_cli_fit_threads_to_cores("merge", &o.threads, &o.blas_threads);
    ovp_blasinfo_set_threads(o.blas_threads);
    code = ovp_cli_verify_one(h, &va, &o);
    ovp_checkpoint_close(&run);
    free(here);
    return code;
}
