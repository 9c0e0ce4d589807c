/* verify/cli/cli.c: the `ovp` command line: the top-level help and the dispatch
 * to one file per command (cmd_*.c; bench joins from verify/main.c).
 * Exit codes: 0 every claim held, 1 a hypotheses-met claim failed, 4 only
 * empirical claims failed, 2 bad input or usage, 3 a runtime failure (LAPACK,
 * I/O, memory). */
#include "blascore.h"
#include "cli_internal.h"
#include "fs.h"
#include "provenance.h"
#include "ranks.h"
#include "runstatus.h"

#include <stdio.h>
#include <string.h>

/* In the order of the help and of the "unknown command" message. */
static const ovp_cli_command commands[] = {
    {"list", "the harnesses, their claims (ids as in THEOREMS.md) and scales", ovp_cli_list},
    {"verify", "run a harness: check every claim, write results, print the verdicts", ovp_cli_verify},
    {"plot", "render a harness's figures (PNG and PDF) with gnuplot", ovp_cli_plot},
    {"merge", "combine the shards of a job array into one run's results", ovp_cli_merge},
    {"check", "whether a results folder holds one complete, unedited run", ovp_cli_check},
    {"table", "a run's claim table as LaTeX, Markdown, CSV or JUnit XML", ovp_cli_table},
    {"diff", "compare two runs' results (claims, quantities, CSVs) within a tolerance", ovp_cli_diff},
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

static void main_help(const ovp_cli_command *extra, size_t n_extra)
{
    printf("usage: ovp COMMAND [options]\n\n"
           "ovp checks, numerically, the theorems that explain why over-parameterized neural\n"
           "networks are easy to train, and says how tight each bound is.\n\n"
           "commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        printf("  %-9s %s\n", commands[i].name, commands[i].help);
    for (size_t i = 0; i < n_extra; i++)
        printf("  %-9s %s\n", extra[i].name, extra[i].help);
    printf("\nglobal options (before the command):\n"
           "  --blas-core auto|NAME  run on this OpenBLAS core (sets OPENBLAS_CORETYPE and\n"
           "                         re-executes ovp; never overrides one already set); auto\n"
           "                         picks the fastest the CPU supports. ovp warns when\n"
           "                         OpenBLAS fell back to a generic core (docs/bench.md)\n"
           "  --version              version, BLAS and LAPACK, the BLAS core and the CPU\n");
    printf("\n'ovp COMMAND --help' explains each. Example:\n"
           "  ovp verify du2019 --scale ci && ovp plot du2019\n");
}

int ovp_cli_main(int argc, char **argv, const ovp_cli_command *extra, size_t n_extra)
{
    ovp_fs_handle_signals();
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        main_help(extra, n_extra);
        return argc < 2 ? OVP_EXIT_USAGE : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        ovp_provenance p;
        ovp_provenance_collect(&p);
        printf("ovp %s (%s)\nBLAS: %s\nLAPACK: %s\n", p.version, p.git_commit, p.blas, p.lapack);
        printf("BLAS core: %s (%s; OPENBLAS_CORETYPE %s)\nCPU: %s (%s)\n", *p.blas_core ? p.blas_core : "n/a",
               p.blas_core_advice, p.openblas_coretype, p.cpu_model, p.cpu_features);
        return 0;
    }
    const char *cmd = argv[1];
    /* The commands that compute say, once, when OpenBLAS runs a generic core (issue 17). */
    if ((strcmp(cmd, "verify") == 0 || strcmp(cmd, "bench") == 0) && ovp_ranks_rank() == 0)
        ovp_blascore_warn_once("ovp");
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    for (size_t i = 0; i < n_extra; i++)
        if (strcmp(cmd, extra[i].name) == 0)
            return extra[i].run(argc - 2, argv + 2);
    fprintf(stderr, "ovp: unknown command '%.40s' (commands: ", cmd);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", commands[i].name);
    for (size_t i = 0; i < n_extra; i++)
        fprintf(stderr, ", %s", extra[i].name);
    fprintf(stderr, "; see 'ovp --help')\n");
    return OVP_EXIT_USAGE;
}
