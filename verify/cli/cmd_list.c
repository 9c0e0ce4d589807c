/* verify/cli/cmd_list.c: `ovp list`: every harness, its claims and its scales. */
#include "cli_internal.h"

#include <stdio.h>

static const ovp_opt_spec list_options[] = {
    {"names", OVP_OPT_FLAG, NULL, "only the harness names, one a line (for scripts)", 0, 0, NULL},
};
#define N_LIST_OPTIONS (sizeof list_options / sizeof *list_options)

static void list_help(void)
{
    printf("usage: ovp list [--names]\n\n"
           "Lists every harness, the claims it checks (ids as in THEOREMS.md) and its scales.\n"
           "With --names, each harness's name on a line of its own and nothing else, so a\n"
           "script can loop over every harness ('for h in $(ovp list --names)').\n\noptions:\n");
    ovp_args_print_help(stdout, list_options, N_LIST_OPTIONS);
}

int ovp_cli_list(int argc, char **argv)
{
    ovp_args a;
    int code;
    if (ovp_cli_parse_command("list", argc, argv, list_options, N_LIST_OPTIONS, list_help, &a, &code))
        return code;
    if (a.n_positional)
        return ovp_cli_usage_error("list", "takes no arguments");
    int names_only = ovp_args_flag(&a, "names");
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        const ovp_harness *h = ovp_harnesses[i];
        if (names_only) {
            puts(h->paper->harness);
            continue;
        }
        printf("%s  %s\n  %s\n  claims:\n", h->paper->harness, h->paper->citation, h->paper->topic);
        ovp_cli_print_claims(stdout, h->paper, "    ");
        printf("  scales:\n");
        ovp_cli_print_indented(stdout, h->scales, "    ");
        putchar('\n');
    }
    return 0;
}
