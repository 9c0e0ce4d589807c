/* verify/cli/cli_common.c: what the commands share: the usage message, the
 * options prologue, the listings of harnesses and claims, and the run folder
 * of a (tagged) run. */
#include "cli_internal.h"
#include "runstatus.h"

#include <string.h>

int ovp_cli_usage_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "ovp %s: %s\n(see 'ovp %s --help')\n", cmd, msg, cmd);
    return OVP_EXIT_USAGE;
}

int ovp_cli_parse_command(const char *cmd, int argc, char **argv, const ovp_opt_spec *opts, size_t n,
                          void (*help)(void), ovp_args *a, int *code)
{
    char err[1024];
    const ovp_opt_spec *groups[1] = {opts};
    size_t sizes[1] = {n};
    int parsed = ovp_args_parse(a, argc, argv, opts ? groups : NULL, opts ? sizes : NULL, opts ? 1 : 0, err,
                                sizeof err);
    if (a->help) {
        help();
        *code = 0;
        return 1;
    }
    if (parsed) {
        *code = ovp_cli_usage_error(cmd, err);
        return 1;
    }
    return 0;
}

void ovp_cli_print_harness_names(FILE *f)
{
    for (size_t i = 0; i < ovp_n_harnesses; i++)
        fprintf(f, "%s%s", i ? ", " : "", ovp_harnesses[i]->paper->harness);
}

void ovp_cli_print_indented(FILE *f, const char *text, const char *prefix)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(f, "%s%.*s\n", prefix, len, p);
        p += len + (nl ? 1 : 0);
    }
}

void ovp_cli_print_claims(FILE *f, const ovp_paper *paper, const char *prefix)
{
    size_t w = 8; /* the longest id, for aligned statements */
    for (size_t k = 0; k < paper->n_claims; k++)
        w = strlen(paper->claims[k].id) > w ? strlen(paper->claims[k].id) : w;
    for (size_t k = 0; k < paper->n_claims; k++)
        fprintf(f, "%s%-*s  %s\n", prefix, (int)w, paper->claims[k].id, paper->claims[k].statement);
}

int ovp_cli_check_tag(const char *tag, char *err, size_t errlen)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    size_t n = strlen(tag);
    if (n == 0 || n > OVP_CLI_MAX_TAG || strspn(tag, safe) != n || strcmp(tag, ".") == 0 ||
        strcmp(tag, "..") == 0) {
        snprintf(err, errlen, "--tag '%.40s' is not a safe folder name: use 1 to %d of A-Z a-z 0-9 . _ - "
                 "(not . or ..), e.g. --tag lambda-1e-3", tag, OVP_CLI_MAX_TAG);
        return OVP_EXIT_USAGE;
    }
    /* A tagged run lives inside the untagged run's folder, beside its tasks/. */
    if (strcmp(tag, "tasks") == 0) {
        snprintf(err, errlen, "--tag tasks would be the checkpoint folder of the untagged run: choose another tag");
        return OVP_EXIT_USAGE;
    }
    return 0;
}

int ovp_cli_run_dir(const char *root, const char *harness, const char *scale, const char *tag, char *buf,
                    size_t len)
{
    int n = tag ? snprintf(buf, len, "%s/%s/%s/%s", root, harness, scale, tag)
                : snprintf(buf, len, "%s/%s/%s", root, harness, scale);
    return n < 0 || (size_t)n >= len ? OVP_EINVAL : OVP_OK;
}
