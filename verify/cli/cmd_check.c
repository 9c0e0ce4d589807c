/* verify/cli/cmd_check.c: `ovp check`: whether results folders hold one complete run. */
#include "cli_internal.h"
#include "results.h"
#include "runstatus.h"

#include <stdio.h>

static void check_help(void)
{
    printf("usage: ovp check DIR [DIR...]\n\n"
           "Says whether each results folder (RESULTS/NAME/SCALE) holds one complete run:\n"
           "summary.json is there and every CSV it lists has the size and digest it\n"
           "records. A folder a run was interrupted in, or whose files were edited or\n"
           "copied from another run, is refused, as 'ovp plot' refuses it.\n\n"
           "exit status: 0 every folder complete, 2 one is not\n");
}

int ovp_cli_check(int argc, char **argv)
{
    ovp_args a;
    int code;
    if (ovp_cli_parse_command("check", argc, argv, NULL, 0, check_help, &a, &code))
        return code;
    if (a.n_positional < 1)
        return ovp_cli_usage_error("check", "give a results folder (RESULTS/NAME/SCALE)");
    char err[1024];
    int worst = 0;
    for (size_t i = 0; i < a.n_positional; i++) {
        int st = ovp_results_check(a.positional[i], err, sizeof err);
        if (st) {
            fprintf(stderr, "ovp check: %s\n", err);
            code = ovp_runstatus_exit_code(st);
            worst = code > worst ? code : worst;
        } else {
            printf("%s: complete\n", a.positional[i]);
        }
    }
    return worst;
}
