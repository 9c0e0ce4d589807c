/* verify/cli.h: the `ovp` command line. */
#ifndef OVP_CLI_H
#define OVP_CLI_H

#include "harness.h"
#include "options.h"

#include <stddef.h>

enum { OVP_EXIT_FAIL = 1, OVP_EXIT_USAGE = 2, OVP_EXIT_RUNTIME = 3 };

/* A subcommand provided outside verify/ (e.g. bench). */
typedef struct {
    const char *name, *help;
    int (*run)(int argc, char **argv);
} ovp_cli_command;

int ovp_cli_main(int argc, char **argv, const ovp_cli_command *extra, size_t n_extra);

/* Parses `ovp verify`'s arguments (after "verify") exactly as the CLI does:
 * the harness (*h, or *all), common and harness options, and their checks.
 * Returns 0 or OVP_EXIT_USAGE with a message. Pure; fuzzed. */
int ovp_cli_parse_verify(int argc, char *const *argv, ovp_args *a, const ovp_harness **h, int *all,
                         char *err, size_t errlen);

#endif
