/* verify/cli/cmd_list.c: `ovp list`: every harness, its claims and its scales. */
#include "cli_internal.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

static const ovp_opt_spec list_options[] = {
    {"names", OVP_OPT_FLAG, NULL, "only the harness names, one a line (for scripts)", 0, 0, NULL},
    {"json", OVP_OPT_FLAG, NULL, "the same list as one JSON object (for tools)", 0, 0, NULL},
};
#define N_LIST_OPTIONS (sizeof list_options / sizeof *list_options)

static void list_help(void)
{
    printf("usage: ovp list [--names | --json]\n\n"
           "Lists every harness, the claims it checks (ids as in THEOREMS.md) and its scales.\n"
           "With --names, each harness's name on a line of its own and nothing else, so a\n"
           "script can loop over every harness ('for h in $(ovp list --names)').\n"
           "With --json, one object {\"harnesses\": [...]}, each harness with its name,\n"
           "citation, topic, claims (id, statement), scales (name, description) and\n"
           "figures (plot script stems).\n\noptions:\n");
    ovp_args_print_help(stdout, list_options, N_LIST_OPTIONS);
}

/* The description of scale `name` in a harness's scales text ("ci     n = 100, ...\n"
 * "paper  ..."), continuation lines (indented) joined with one space; "" if absent. */
static void scale_description(const char *text, const char *name, char *out, size_t len)
{
    size_t used = 0, nlen = strlen(name);
    int in = 0;
    out[0] = '\0';
    for (const char *p = text ? text : ""; *p;) {
        const char *nl = strchr(p, '\n');
        size_t linelen = nl ? (size_t)(nl - p) : strlen(p);
        const char *body = NULL;
        if (strncmp(p, name, nlen) == 0 && nlen < linelen && (p[nlen] == ' ' || p[nlen] == '\t'))
            body = p + nlen, in = 1;
        else if (in && (p[0] == ' ' || p[0] == '\t'))
            body = p;
        else
            in = 0;
        if (body) {
            while (*body == ' ' || *body == '\t')
                body++;
            size_t blen = linelen - (size_t)(body - p);
            int n = snprintf(out + used, len - used, "%s%.*s", used ? " " : "", (int)blen, body);
            used = n < 0 || (size_t)n >= len - used ? len - 1 : used + (size_t)n;
        }
        p += linelen + (nl ? 1 : 0);
    }
}

static void list_json(FILE *f)
{
    ovp_json j;
    char desc[1024];
    ovp_json_init(&j, f);
    ovp_json_begin_object(&j);
    ovp_json_key(&j, "harnesses");
    ovp_json_begin_array(&j);
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        const ovp_harness *h = ovp_harnesses[i];
        ovp_json_begin_object(&j);
        ovp_json_key(&j, "name");
        ovp_json_string(&j, h->paper->harness);
        ovp_json_key(&j, "citation");
        ovp_json_string(&j, h->paper->citation);
        ovp_json_key(&j, "topic");
        ovp_json_string(&j, h->paper->topic);
        ovp_json_key(&j, "claims");
        ovp_json_begin_array(&j);
        for (size_t k = 0; k < h->paper->n_claims; k++) {
            ovp_json_begin_object(&j);
            ovp_json_key(&j, "id");
            ovp_json_string(&j, h->paper->claims[k].id);
            ovp_json_key(&j, "statement");
            ovp_json_string(&j, h->paper->claims[k].statement);
            ovp_json_end_object(&j);
        }
        ovp_json_end_array(&j);
        /* The scales the harness declares (its config), described by its scales text. */
        ovp_json_key(&j, "scales");
        ovp_json_begin_array(&j);
        for (size_t k = 0; h->config && k < h->config->n_scales; k++) {
            const char *name = h->config->scales[k].name;
            scale_description(h->scales, name, desc, sizeof desc);
            ovp_json_begin_object(&j);
            ovp_json_key(&j, "name");
            ovp_json_string(&j, name);
            ovp_json_key(&j, "description");
            ovp_json_string(&j, desc);
            ovp_json_end_object(&j);
        }
        ovp_json_end_array(&j);
        ovp_json_key(&j, "figures");
        ovp_json_begin_array(&j);
        for (const char *const *fig = h->figures; fig && *fig; fig++)
            ovp_json_string(&j, *fig);
        ovp_json_end_array(&j);
        ovp_json_end_object(&j);
    }
    ovp_json_end_array(&j);
    ovp_json_end_object(&j);
    fputc('\n', f);
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
    if (names_only && ovp_args_flag(&a, "json"))
        return ovp_cli_usage_error("list", "--names and --json exclude each other");
    if (ovp_args_flag(&a, "json")) {
        list_json(stdout);
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : OVP_EXIT_RUNTIME;
    }
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
