/* verify/cli/cli_internal.h: what the command files of verify/cli share; not
 * for use outside verify/cli (cli.h is the public face). */
#ifndef OVP_CLI_INTERNAL_H
#define OVP_CLI_INTERNAL_H

#include "cli.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The commands: argv holds the arguments after the command's name. Each
 * returns its exit code (runstatus.h). */
int ovp_cli_list(int argc, char **argv);
int ovp_cli_verify(int argc, char **argv);
int ovp_cli_plot(int argc, char **argv);
int ovp_cli_merge(int argc, char **argv);
int ovp_cli_check(int argc, char **argv);
int ovp_cli_table(int argc, char **argv);
int ovp_cli_diff(int argc, char **argv);

/* "ovp CMD: MSG" and where the help is, on stderr; returns OVP_EXIT_USAGE. */
int ovp_cli_usage_error(const char *cmd, const char *msg);

/* The start of a command with options of its own (opts NULL, n 0: none):
 * parses argv into *a. Returns 1 when the command is done, *code its exit
 * code: 0 after help() (--help wins over a parse error), OVP_EXIT_USAGE after
 * the parse error. Returns 0 to go on. */
int ovp_cli_parse_command(const char *cmd, int argc, char **argv, const ovp_opt_spec *opts, size_t n,
                          void (*help)(void), ovp_args *a, int *code);

/* "du2019, dulee2018, ...": every harness's name. */
void ovp_cli_print_harness_names(FILE *f);
/* Each line of a multi-line text, prefixed. */
void ovp_cli_print_indented(FILE *f, const char *text, const char *prefix);
/* One line per claim of a paper, prefixed: its id (aligned) and statement. */
void ovp_cli_print_claims(FILE *f, const ovp_paper *paper, const char *prefix);

/* --tag TAG keeps the runs of a sweep apart: ROOT/NAME/SCALE/TAG/ (inside the
 * untagged run's folder, so every run of NAME at SCALE stays under one path).
 * A tag is a safe folder name: 1 to OVP_CLI_MAX_TAG of [A-Za-z0-9._-], not . or
 * .., nor tasks (the untagged run's checkpoint). 0, or OVP_EXIT_USAGE with the
 * cause and the fix in err. */
#define OVP_CLI_MAX_TAG 64
int ovp_cli_check_tag(const char *tag, char *err, size_t errlen);
/* ROOT/NAME/SCALE, or ROOT/NAME/SCALE/TAG when tag is not NULL, into buf;
 * OVP_EINVAL when it does not fit. */
int ovp_cli_run_dir(const char *root, const char *harness, const char *scale, const char *tag, char *buf,
                    size_t len);

/* One harness run as `ovp verify` and `ovp merge` do it (cmd_verify.c). */
typedef struct {
    const char *scale, *out;
    const char *tag;                  /* --tag: OUT/NAME/SCALE/TAG (NULL: none) */
    uint64_t seed;
    int threads, blas_threads, quiet, fresh;
    size_t shard, shards;             /* 0-based shard of `shards` (0: all tasks) */
    int argc;                         /* options recorded for `ovp merge` */
    char **argv;
    const char *dir;                  /* write here instead of OUT/NAME/SCALE */
    const char *merge_dir;            /* `ovp merge`: the tasks' results dir, */
    const char *const *merge_sources; /* and more of them */
    size_t n_merge_sources;
    char *written;                    /* not NULL: gets the folder whose summary.json the run
                                       * wrote (OVP_CLI_PATH_MAX bytes), "" if none (--junit) */
} ovp_cli_run_opts;
#define OVP_CLI_PATH_MAX 4096

/* Runs h with the parsed options a (common and h's own) into its results
 * folder, prints the verdicts on rank 0; returns the exit code. */
int ovp_cli_verify_one(const ovp_harness *h, const ovp_args *a, const ovp_cli_run_opts *o);

/* Never oversubscribe: BLAS threads at most the cores, and task threads x BLAS
 * threads at most the cores; says so on stderr ("ovp CMD: ...") when it cuts. */
void ovp_cli_fit_threads_to_cores(const char *cmd, int *threads, int *blas_threads);

#endif
