/* verify/cli/cmd_list.c: `ovp list`: every harness, its claims and its scales. */
#include "cli_internal.h"

#include <stdio.h>

int ovp_cli_list(int argc, char **argv)
{
    ovp_args a;
    char err[512];
    if (ovp_args_parse(&a, argc, argv, NULL, NULL, 0, err, sizeof err))
        return ovp_cli_usage_error("list", err);
    if (a.help) {
        puts("usage: ovp list\n\nLists every harness, the claims it checks (ids as in THEOREMS.md) and its scales.");
        return 0;
    }
    if (a.n_positional)
        return ovp_cli_usage_error("list", "takes no arguments");
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        const ovp_harness *h = ovp_harnesses[i];
        printf("%s  %s\n  %s\n  claims:\n", h->paper->harness, h->paper->citation, h->paper->topic);
        ovp_cli_print_claims(stdout, h->paper, "    ");
        printf("  scales:\n");
        ovp_cli_print_indented(stdout, h->scales, "    ");
        putchar('\n');
    }
    return 0;
}
