/* tests/test_runkey.c: every option of every harness either changes the run
 * key or is declared result-neutral, in the one table of verify/cli/cmd_verify.c. A new
 * option cannot be forgotten: it is keyed unless someone lists it as neutral.
 * (Issue 10: oymak2019 --trace-every changed results but not the key, so task
 * files of one value were reused for another.) */
#include "blascore.h"
#include "blasinfo.h"
#include "checkpoint.h"
#include "cli.h"
#include "harness.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A valid value for the option, as text; "" for a flag. */
static void some_value(const ovp_opt_spec *o, char *buf, size_t len)
{
    double x = isfinite(o->min) ? o->min : 1;
    switch (o->type) {
    case OVP_OPT_FLAG:
        buf[0] = '\0';
        break;
    case OVP_OPT_STRING:
        snprintf(buf, len, "%s", strcmp(o->name, "shard") == 0 ? "1/1" : "x.csv");
        break;
    case OVP_OPT_CHOICE: { /* the last choice, so not the default where that is first */
        const char *bar = strrchr(o->choices, '|');
        snprintf(buf, len, "%s", bar ? bar + 1 : o->choices);
        break;
    }
    case OVP_OPT_UINT:
    case OVP_OPT_UINT_LIST:
        snprintf(buf, len, "%llu", (unsigned long long)(x < 1 ? (o->max >= 2 ? 2 : 1) : x));
        break;
    case OVP_OPT_REAL:
    case OVP_OPT_REAL_LIST:
        if (isfinite(o->max))
            x = o->min + 0.5 * (o->max - o->min);
        snprintf(buf, len, "%.6g", x);
        break;
    }
}

/* The options that say how to read --data, and so need it. */
static int needs_data(const char *opt)
{
    static const char *const names[] = {"header", "delimiter", "label-col", "drop-cols", "labels"};
    for (size_t k = 0; opt && k < sizeof names / sizeof *names; k++)
        if (strcmp(opt, names[k]) == 0)
            return 1;
    return 0;
}

/* The keyed text of `ovp verify HARNESS [--data x.csv] [--OPT VALUE]`; with_data
 * adds --data (which the data-reading options need). */
static void options_key_data(const ovp_harness *h, int with_data, const char *opt, const char *value,
                             char *key, size_t len)
{
    char name[64], flag[80], val[64], data_flag[] = "--data", data_file[] = "x.csv";
    snprintf(name, sizeof name, "%s", h->paper->harness);
    snprintf(val, sizeof val, "%s", value ? value : "");
    char *argv[5] = {name, NULL, NULL, NULL, NULL};
    int argc = 1;
    if (with_data) {
        argv[argc++] = data_flag;
        argv[argc++] = data_file;
    }
    if (opt) {
        snprintf(flag, sizeof flag, "--%s", opt);
        argv[argc++] = flag;
        if (value && *value)
            argv[argc++] = val;
    }
    ovp_args a;
    const ovp_harness *hp;
    int all;
    char err[512];
    cr_assert_eq(ovp_cli_parse_verify(argc, argv, &a, &hp, &all, err, sizeof err), 0,
                 "ovp verify %s --%s %s: %s", name, opt ? opt : "", val, err);
    cr_assert_eq(ovp_cli_options_key(&a, key, len), 0);
}

static void options_key(const ovp_harness *h, const char *opt, const char *value, char *key, size_t len)
{
    options_key_data(h, needs_data(opt), opt, value, key, len);
}

static size_t check_options(const ovp_harness *h, const ovp_opt_spec *specs, size_t n, const char *base_all)
{
    size_t keyed = 0;
    for (size_t k = 0; k < n; k++) {
        char value[64], key[8192];
        const char *base = base_all;
        some_value(&specs[k], value, sizeof value);
        options_key(h, specs[k].name, value, key, sizeof key);
        char with_data_only[8192];
        if (needs_data(specs[k].name)) { /* compare with --data alone */
            options_key_data(h, 1, NULL, NULL, with_data_only, sizeof with_data_only);
            base = with_data_only;
        }
        if (ovp_cli_option_is_neutral(specs[k].name)) {
            cr_assert_str_eq(key, base, "%s --%s is declared result-neutral, yet changes the key",
                             h->paper->harness, specs[k].name);
        } else {
            cr_assert_str_neq(key, base, "%s --%s %s changes results but not the run key",
                              h->paper->harness, specs[k].name, value);
            keyed++;
        }
    }
    return keyed;
}

Test(runkey, every_option_of_every_harness_is_keyed_or_declared_neutral)
{
    size_t n_common, keyed = 0;
    const ovp_opt_spec *common = ovp_cli_verify_options(&n_common);
    cr_assert_gt(ovp_n_harnesses, 0);
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        const ovp_harness *h = ovp_harnesses[i];
        char base[8192];
        options_key(h, NULL, NULL, base, sizeof base);
        cr_assert_str_eq(base, "", "no option given: nothing keyed");
        keyed += check_options(h, common, n_common, base);
        keyed += check_options(h, h->options, h->n_options, base);
    }
    cr_assert_gt(keyed, 20, "the harness options were enumerated (%zu keyed)", keyed);
}

Test(runkey, neutral_table_names_real_options_only)
{
    size_t n;
    const ovp_opt_spec *common = ovp_cli_verify_options(&n);
    size_t neutral = 0;
    for (size_t k = 0; k < n; k++)
        neutral += ovp_cli_option_is_neutral(common[k].name);
    cr_assert_eq(neutral, 6, "out, threads, shard, fresh, quiet, junit (and nothing a harness adds)");
    for (size_t i = 0; i < ovp_n_harnesses; i++)
        for (size_t k = 0; k < ovp_harnesses[i]->n_options; k++)
            cr_assert_not(ovp_cli_option_is_neutral(ovp_harnesses[i]->options[k].name), "%s --%s",
                          ovp_harnesses[i]->paper->harness, ovp_harnesses[i]->options[k].name);
}

/* The regression itself, end to end through the key: --trace-every. */
Test(runkey, trace_every_changes_the_key)
{
    const ovp_harness *h = ovp_harness_find("oymak2019");
    cr_assert_not_null(h);
    char a[8192], b[8192], ka[20], kb[20];
    options_key(h, "trace-every", "2", a, sizeof a);
    options_key(h, "trace-every", "3", b, sizeof b);
    ovp_run r;
    ovp_run_init(&r, h->paper, "ci", 1);
    ovp_checkpoint_key(&r, a, 10, ka);
    ovp_checkpoint_key(&r, b, 10, kb);
    cr_assert_str_neq(ka, kb);
    /* the order options are given in does not matter */
    char c[8192], d[8192];
    const ovp_harness *hp;
    int all;
    char err[256];
    ovp_args x, y;
    char *argv1[] = {"oymak2019", "--n", "20", "--trace-every", "3"};
    char *argv2[] = {"oymak2019", "--trace-every", "3", "--n", "20"};
    cr_assert_eq(ovp_cli_parse_verify(5, argv1, &x, &hp, &all, err, sizeof err), 0, "%s", err);
    cr_assert_eq(ovp_cli_parse_verify(5, argv2, &y, &hp, &all, err, sizeof err), 0, "%s", err);
    cr_assert_eq(ovp_cli_options_key(&x, c, sizeof c), OVP_OK);
    cr_assert_eq(ovp_cli_options_key(&y, d, sizeof d), OVP_OK);
    cr_assert_str_eq(c, d);
    ovp_run_free(&r);
}

/* The core changes the last bits, so it is part of the run key. */
Test(runkey, blas_core_changes_the_key)
{
    const ovp_harness *h = ovp_harness_find("du2019");
    cr_assert_not_null(h);
    ovp_run r;
    ovp_run_init(&r, h->paper, "ci", 1);
    char a[20], b[20], c[20], loaded[1024];
    ovp_checkpoint_key_blas(&r, "", 10, "libopenblas.so.0", "Haswell", a);
    ovp_checkpoint_key_blas(&r, "", 10, "libopenblas.so.0", "Cooperlake", b);
    cr_assert_str_neq(a, b);
    ovp_blasinfo_blas(loaded, sizeof loaded);
    ovp_checkpoint_key_blas(&r, "", 10, loaded, ovp_blascore_loaded(), a);
    ovp_checkpoint_key(&r, "", 10, c);
    cr_assert_str_eq(a, c, "ovp_checkpoint_key keys the loaded core");
    ovp_run_free(&r);
}
