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
    {"threads", OVP_OPT_UINT, "T", "accepted for symmetry; merging computes nothing", 1, 1024, NULL},
    {"quiet", OVP_OPT_FLAG, NULL, "no progress lines on stderr", 0, 0, NULL},
};
#define N_MERGE_OPTIONS (sizeof merge_options / sizeof *merge_options)

static void merge_help(void)
{
    printf("usage: ovp merge DIR [DIR...] [--out ROOT]\n\n"
           "Combines the tasks that 'ovp verify NAME --shard I/N' runs (a Slurm job array,\n"
           "say) left in DIR/tasks (DIR = RESULTS/NAME/SCALE) into the files a single run\n"
           "writes: summary.json and the CSVs, bit for bit. Several DIRs merge shards that\n"
           "ran with different --out. The options are read from DIR/tasks/run.txt; the\n"
           "tasks must come from the same build and options (each task file carries the\n"
           "run key; others are refused). The files go into DIR itself (DIR/, . and\n"
           "symlinks resolved), or into ROOT/NAME/SCALE with --out.\n\noptions:\n");
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
    ovp_checkpoint run;
    if (ovp_checkpoint_read(&run, a.positional[0], err, sizeof err))
        return ovp_cli_usage_error("merge", err);
    const ovp_harness *h = ovp_harness_find(run.harness);
    if (!h) {
        snprintf(err, sizeof err, "%s/tasks was written for unknown harness '%s'", a.positional[0], run.harness);
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
    /* Without --out the merged files go into DIR itself, however it was
     * spelled (DIR/, ., a symlink). */
    const char *out = ovp_args_text(&a, "out", NULL);
    char *here = out ? NULL : realpath(a.positional[0], NULL);
    if (!out && !here) {
        snprintf(err, sizeof err, "cannot resolve '%s': %s", a.positional[0], strerror(errno));
        ovp_checkpoint_close(&run);
        return ovp_cli_usage_error("merge", err);
    }
    ovp_cli_run_opts o = {
        .scale = run.scale,
        .out = out,
        .dir = here,
        .seed = ovp_args_uint(&va, "seed", 1),
        .threads = 1,
        .blas_threads = (int)ovp_args_uint(&va, "blas-threads", 1),
        .quiet = ovp_args_flag(&a, "quiet"),
        .argc = run.n_args,
        .argv = run.args,
        .merge_dir = a.positional[0],
        .merge_sources = a.positional + 1,
        .n_merge_sources = a.n_positional - 1,
    };
    ovp_cli_fit_threads_to_cores("merge", &o.threads, &o.blas_threads);
    ovp_blasinfo_set_threads(o.blas_threads);
    code = ovp_cli_verify_one(h, &va, &o);
    ovp_checkpoint_close(&run);
    free(here);
    return code;
}
