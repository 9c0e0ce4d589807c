/* verify/cli/cli.h: the `ovp` command line: its entry point (verify/main.c) and
 * the parse of `ovp verify` with its run-key options (tests, fuzzers). */
#ifndef OVP_CLI_H
#define OVP_CLI_H

#include "harness.h"
#include "args.h"
#include "runstatus.h"

#include <stddef.h>

/* A subcommand provided outside verify/ (e.g. bench): its name, a one-line
 * help, and its entry point (arguments after the name; returns the exit code). */
typedef struct {
    const char *name, *help;
    int (*run)(int argc, char **argv);
} ovp_cli_command;

/* `ovp ARGS...`: the built-in commands, then `extra`. Returns the exit code
 * (runstatus.h: 0, OVP_EXIT_FAIL (a hypotheses-met claim failed), OVP_EXIT_EMPIRICAL
 * (only empirical ones did), OVP_EXIT_USAGE or OVP_EXIT_RUNTIME). */
int ovp_cli_main(int argc, char **argv, const ovp_cli_command *extra, size_t n_extra);

/* Parses `ovp verify`'s arguments (after "verify") exactly as the CLI does:
 * the harness (*h, or *all), common and harness options, and their checks.
 * Returns 0 or OVP_EXIT_USAGE with a message. Pure; fuzzed. */
int ovp_cli_parse_verify(int argc, char *const *argv, ovp_args *a, const ovp_harness **h, int *all,
                         char *err, size_t errlen);

/* The options every harness takes (--scale, --seed, --data, --out, ...); *n of them. */
const ovp_opt_spec *ovp_cli_verify_options(size_t *n);

/* Whether `ovp verify --NAME` is declared result-neutral (the one table in
 * cmd_verify.c, each entry with its reason). */
int ovp_cli_option_is_neutral(const char *name);

/* The canonical text of every option given in a that is not result-neutral,
 * sorted by name ("name=value\n" each), for the run key. OVP_EINVAL when it
 * does not fit in len. */
OVP_MUST_CHECK int ovp_cli_options_key(const ovp_args *a, char *buf, size_t len);

#endif
