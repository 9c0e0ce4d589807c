/* tests/test_options.c: the option parser accepts what --help promises and
 * refuses everything else with a message naming the option; the engine turns
 * a harness's declared options, scales and --data into its config. */
#include "config.h"
#include "args.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const ovp_opt_spec specs[] = {
    {"size", OVP_OPT_UINT, "N", "", 1, 1000, NULL},
    {"rate", OVP_OPT_REAL, "X", "", 1e-300, 10, NULL},
    {"name", OVP_OPT_STRING, "S", "", 0, 0, NULL},
    {"mode", OVP_OPT_CHOICE, "a|b", "", 0, 0, "a|bb"},
    {"list", OVP_OPT_UINT_LIST, "N,..", "", 1, 0, NULL},
    {"flag", OVP_OPT_FLAG, NULL, "", 0, 0, NULL},
    {"seed", OVP_OPT_UINT, "S", "", 0, 0x1p64, NULL},
    {"half", OVP_OPT_UINT, "N", "", 0, 0x1p63, NULL},
    {"xs", OVP_OPT_REAL_LIST, "X,..", "", -10, 10, NULL},
};

static int parse(int argc, char **argv, ovp_args *a, char *err)
{
    const ovp_opt_spec *g[1] = {specs};
    size_t n[1] = {sizeof specs / sizeof *specs};
    return ovp_args_parse(a, argc, argv, g, n, 1, err, 256);
}

Test(options, accepts_both_spellings_lists_flags_and_positionals)
{
    char *argv[] = {"run", "--size", "12", "--rate=0.5", "--name", "x y", "--mode=bb",
                    "--list", "1,20,300", "--flag", "more"};
    ovp_args a;
    char err[256] = "";
    cr_assert_eq(parse(11, argv, &a, err), 0, "%s", err);
    cr_assert_eq(ovp_args_uint(&a, "size", 0), 12);
    cr_assert_eq(ovp_args_real(&a, "rate", 0), 0.5);
    cr_assert_str_eq(ovp_args_text(&a, "name", ""), "x y");
    cr_assert_str_eq(ovp_args_text(&a, "mode", ""), "bb");
    const ovp_opt_value *l = ovp_args_get(&a, "list");
    cr_assert(l && l->n_list == 3 && l->list[2] == 300);
    cr_assert(ovp_args_flag(&a, "flag"));
    cr_assert_eq(a.n_positional, 2);
    cr_assert_eq(ovp_args_uint(&a, "absent", 7), 7, "fallback for an absent option");
}

Test(options, refuses_bad_values_with_a_message_naming_the_option)
{
    static const struct {
        const char *args[3];
        const char *message;
    } cases[] = {
        {{"--size", "0"}, "--size must be an integer in [1, 1000], not '0'"},
        {{"--size", "-3"}, "not '-3'"},
        {{"--size", "12x"}, "not '12x'"},
        {{"--size", "1001"}, "not '1001'"},
        {{"--size", " 5"}, "not ' 5'"},
        {{"--rate", "nan"}, "--rate must be a number in"},
        {{"--rate", "inf"}, "not 'inf'"},
        {{"--rate", "0"}, "not '0'"},
        {{"--rate", ""}, "not ''"},
        {{"--mode", "c"}, "--mode must be one of a|bb, not 'c'"},
        {{"--mode", "b"}, "not 'b'"},
        {{"--list", "1,,2"}, "--list takes a comma-separated list"},
        {{"--list", "1,0"}, "comma-separated"},
        {{"--name", ""}, "--name needs a non-empty value"},
        {{"--flag=1"}, "--flag takes no value"},
        {{"--size"}, "--size needs a value (N)"},
        {{"--nope", "1"}, "unknown option '--nope'"},
        {{"-x"}, "unknown option '-x'"},
        /* integers: decimal digits only */
        {{"--size", "+5"}, "--size must be an integer in [1, 1000], not '+5'"},
        {{"--size", "\t5"}, "not '\t5'"},
        {{"--size", "5 "}, "not '5 '"},
        {{"--size", "0x10"}, "not '0x10'"},
        {{"--size", "1e2"}, "not '1e2'"},
        {{"--list", "1,+2"}, "--list takes a comma-separated list"},
        {{"--list", "1,\t2"}, "comma-separated"},
        /* 2^64 does not fit; 2^63 + 1 is above a max of 2^63 (equal to it as a double) */
        {{"--seed", "18446744073709551616"}, "--seed must be an integer in [0, 18446744073709551615], not"},
        {{"--seed", "-1"}, "not '-1'"},
        {{"--half", "9223372036854775809"}, "--half must be an integer in [0, 9223372036854775808]"},
        /* reals: decimal only; '+' only in the exponent */
        {{"--rate", "0x8"}, "--rate must be a number in [1e-300, 10], not '0x8'"},
        {{"--rate", "0x1p-2"}, "not '0x1p-2'"},
        {{"--rate", "+0.5"}, "not '+0.5'"},
        {{"--rate", "\t0.5"}, "not '\t0.5'"},
        {{"--rate", " 0.5"}, "not ' 0.5'"},
        {{"--rate", "0.5 "}, "not '0.5 '"},
        {{"--rate", ".5"}, "not '.5'"},
        {{"--rate", "5."}, "not '5.'"},
        {{"--rate", "1e"}, "not '1e'"},
        {{"--rate", "1e+"}, "not '1e+'"},
        {{"--rate", "infinity"}, "not 'infinity'"},
        {{"--rate", "1e-400"}, "not '1e-400'"},
        {{"--xs", "1,0x1"}, "--xs takes a comma-separated list"},
        {{"--xs", "1,+2"}, "comma-separated"},
        {{"--xs", "1e999"}, "comma-separated"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *argv[3];
        int argc = 0;
        for (; argc < 3 && cases[k].args[argc]; argc++)
            argv[argc] = (char *)cases[k].args[argc];
        ovp_args a;
        char err[256] = "";
        cr_assert_eq(parse(argc, argv, &a, err), 2, "case %zu accepted", k);
        cr_assert(strstr(err, cases[k].message), "case %zu: '%s' lacks '%s'", k, err, cases[k].message);
    }
}

Test(options, an_option_given_twice_is_refused)
{
    char *argv[] = {"--size", "1", "--size", "2"};
    ovp_args a;
    char err[256] = "";
    cr_assert_eq(parse(4, argv, &a, err), 2);
    cr_assert(strstr(err, "--size given twice"), "'%s'", err);
}

Test(options, help_is_recognised_anywhere)
{
    char *argv[] = {"x", "--size", "3", "-h"};
    ovp_args a;
    char err[256];
    cr_assert_eq(parse(4, argv, &a, err), 0);
    cr_assert(a.help);
}

Test(options, integers_up_to_2_64_minus_1_are_exact)
{
    char *argv[] = {"--seed", "18446744073709551615", "--half", "9223372036854775808", "--size", "0012"};
    ovp_args a;
    char err[256] = "";
    cr_assert_eq(parse(6, argv, &a, err), 0, "%s", err);
    cr_assert_eq(ovp_args_uint(&a, "seed", 0), UINT64_MAX);
    cr_assert_eq(ovp_args_uint(&a, "half", 0), (uint64_t)1 << 63);
    cr_assert_eq(ovp_args_uint(&a, "size", 0), 12, "leading zeros are still decimal");
}

Test(options, reals_take_a_sign_fraction_and_exponent)
{
    char *argv[] = {"--rate", "5e-1", "--xs", "-1.5,2E+0,3e-1,0,-0.25,7"};
    ovp_args a;
    char err[256] = "";
    cr_assert_eq(parse(4, argv, &a, err), 0, "%s", err);
    cr_assert_eq(ovp_args_real(&a, "rate", 0), 0.5);
    const ovp_opt_value *xs = ovp_args_get(&a, "xs");
    cr_assert(xs && xs->n_list == 6);
    cr_assert(xs->list[0] == -1.5 && xs->list[1] == 2 && xs->list[2] == 0.3 && xs->list[4] == -0.25);
}

Test(options, parse_uint_is_whole_text_decimal)
{
    uint64_t v = 99;
    cr_assert(ovp_args_parse_uint("0", &v) && v == 0);
    cr_assert(ovp_args_parse_uint("18446744073709551615", &v) && v == UINT64_MAX);
    static const char *bad[] = {"", " 1", "1 ", "+1", "-0", "0x10", "1/3", "1.0", "18446744073709551616",
                                "99999999999999999999999"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        v = 7;
        cr_assert_not(ovp_args_parse_uint(bad[k], &v), "'%s' accepted", bad[k]);
        cr_assert_eq(v, 7, "'%s' wrote the output", bad[k]);
    }
    cr_assert_not(ovp_args_parse_uint(NULL, &v));
}

Test(options, parse_real_is_whole_text_decimal)
{
    double x = 0;
    cr_assert(ovp_args_parse_real("-12.5e+2", &x) && x == -1250);
    cr_assert(ovp_args_parse_real("0", &x) && x == 0);
    static const char *bad[] = {"", "-", "+1", " 1", "1 ", "0x1p3", "inf", "-inf", "nan", "1e", "1.", ".1",
                                "1e999", "1,5", "1..2", "--1"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        cr_assert_not(ovp_args_parse_real(bad[k], &x), "'%s' accepted", bad[k]);
}

/* ---------------------------------------------------------------- declared configuration */

typedef struct {
    size_t size;
    double rate;
    double list[OVP_MAX_LIST];
    size_t n_list;
    const char *name, *mode;
    int flag;
    const double *X, *y;
    size_t n, d;
    int finished;
    uint64_t seed;
} toy_config;

static const toy_config toy_ci = {.size = 3, .rate = 0.5, .list = {1, 2}, .n_list = 2, .name = "none"};

static void toy_derive(void *config) { ((toy_config *)config)->n_list = 1; }

static const ovp_config_scale toy_scales[] = {{"ci", &toy_ci, NULL}, {"paper", &toy_ci, toy_derive}};

static const ovp_config_field toy_fields[] = {
    OVP_CONFIG_FIELD(toy_config, "size", size),       OVP_CONFIG_FIELD(toy_config, "rate", rate),
    OVP_CONFIG_LIST(toy_config, "list", list, n_list), OVP_CONFIG_LIST(toy_config, "xs", list, n_list),
    OVP_CONFIG_FIELD(toy_config, "name", name),       OVP_CONFIG_FIELD(toy_config, "mode", mode),
    OVP_CONFIG_FIELD(toy_config, "flag", flag),
};

static int toy_finish(const ovp_args *args, ovp_run *r, void *config, char *err, size_t errlen)
{
    toy_config *c = config;
    (void)args, (void)r;
    if (c->size == 13) {
        snprintf(err, errlen, "13 is refused by finish");
        return OVP_EINVAL;
    }
    c->finished = 1;
    return OVP_OK;
}

static double toy_bytes(const void *config, int threads, char *what, size_t whatlen)
{
    const toy_config *c = config;
    snprintf(what, whatlen, "toy with size %zu", c->size);
    return c->size == 999 ? 1e30 : 8.0 * (double)threads;
}

static const ovp_config_spec toy_spec = {
    .size = sizeof(toy_config),
    .seed = offsetof(toy_config, seed),
    .scales = toy_scales,
    .n_scales = 2,
    .fields = toy_fields,
    .n_fields = sizeof toy_fields / sizeof *toy_fields,
    .data = {.synthetic = (const char *const[]){"size", NULL},
             .synthetic_error = "--%s is synthetic",
             .X = offsetof(toy_config, X),
             .y = offsetof(toy_config, y),
             .n = offsetof(toy_config, n),
             .d = offsetof(toy_config, d)},
    .finish = toy_finish,
    .bytes = toy_bytes,
};

static const ovp_opt_spec toy_data_specs[] = {{"data", OVP_OPT_STRING, "FILE", "", 0, 0, NULL}};

/* Configures the toy harness (spec, or toy_spec) on argv at a scale; the status, config in *out. */
static int toy_configure(const ovp_config_spec *spec, const char *scale, int argc, char **argv, void **out,
                         char *err)
{
    ovp_harness h = {.paper = ovp_harnesses[0]->paper, .options = specs, .n_options = sizeof specs / sizeof *specs,
                     .config = spec ? spec : &toy_spec};
    const ovp_opt_spec *g[2] = {specs, toy_data_specs};
    size_t n[2] = {sizeof specs / sizeof *specs, 1};
    ovp_args a;
    cr_assert_eq(ovp_args_parse(&a, argc, argv, g, n, 2, err, 256), 0, "%s", err);
    ovp_run r;
    ovp_run_init(&r, h.paper, scale, 42);
    r.quiet = 1;
    int st = ovp_config_apply(&h, &a, &r, out, err, 256);
    ovp_run_free(&r);
    return st;
}

Test(config, a_scale_is_its_defaults_with_the_seed_and_derived_values)
{
    ovp_harness h = {.config = &toy_spec};
    toy_config c;
    cr_assert_eq(ovp_config_for_scale(&h, "ci", 7, &c), OVP_OK);
    cr_assert(c.size == 3 && c.rate == 0.5 && c.n_list == 2 && c.list[1] == 2 && c.seed == 7);
    cr_assert_eq(ovp_config_for_scale(&h, "paper", 8, &c), OVP_OK);
    cr_assert(c.n_list == 1 && c.seed == 8, "derive ran after the copy");
    cr_assert_eq(ovp_config_for_scale(&h, "huge", 7, &c), OVP_EINVAL);
    cr_assert(c.size == 0 && c.seed == 0, "an unknown scale leaves a zeroed config");
}

Test(config, options_are_written_into_their_fields_by_type)
{
    char *argv[] = {"--size", "12", "--rate=0.25", "--name", "x", "--mode", "bb", "--list", "4,5,6", "--flag"};
    void *p = NULL;
    char err[256] = "";
    cr_assert_eq(toy_configure(NULL, "ci", 10, argv, &p, err), OVP_OK, "%s", err);
    const toy_config *c = p;
    cr_assert(c->size == 12 && c->rate == 0.25 && c->flag == 1 && c->finished && c->seed == 42);
    cr_assert_str_eq(c->name, "x");
    cr_assert_str_eq(c->mode, "bb");
    cr_assert(c->n_list == 3 && c->list[0] == 4 && c->list[2] == 6);
    ovp_config_free(&(ovp_harness){.config = &toy_spec}, p);

    char *none[] = {"--xs", "-1"};
    cr_assert_eq(toy_configure(NULL, "ci", 2, none, &p, err), OVP_OK, "%s", err);
    c = p;
    cr_assert(c->size == 3 && c->rate == 0.5 && !c->flag && c->n_list == 1 && c->list[0] == -1,
              "options not given keep the scale's defaults");
    ovp_config_free(&(ovp_harness){.config = &toy_spec}, p);
}

Test(config, refusals_come_with_one_message_and_no_config)
{
    void *p = (void *)1;
    char err[256] = "";
    cr_assert_eq(toy_configure(NULL, "huge", 0, NULL, &p, err), OVP_EINVAL);
    cr_assert_str_eq(err, "unknown scale 'huge'");
    cr_assert_null(p);
    char *thirteen[] = {"--size", "13"};
    cr_assert_eq(toy_configure(NULL, "ci", 2, thirteen, &p, err), OVP_EINVAL);
    cr_assert_str_eq(err, "13 is refused by finish");
    char *big[] = {"--size", "999"};
    cr_assert_eq(toy_configure(NULL, "ci", 2, big, &p, err), OVP_EINVAL);
    cr_assert(strstr(err, "toy with size 999 needs about"), "%s", err);
    cr_assert_null(p);

    ovp_config_spec refusing = toy_spec;
    refusing.data = (ovp_config_data){.refusal = "toy takes no --data"};
    char *data[] = {"--data", "x.csv"};
    cr_assert_eq(toy_configure(&refusing, "ci", 2, data, &p, err), OVP_EINVAL);
    cr_assert_str_eq(err, "toy takes no --data");
    char *synthetic[] = {"--data", "x.csv", "--size", "4"};
    cr_assert_eq(toy_configure(NULL, "ci", 4, synthetic, &p, err), OVP_EINVAL);
    cr_assert_str_eq(err, "--size is synthetic", "refused before the file is read");
}

Test(config, data_sets_its_fields_and_the_engine_owns_the_rows)
{
    char path[] = "/tmp/ovp_test_config_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("a,b,y\n1,2,1\n3,4,-1\n5,6,1\n", f);
    fclose(f);
    char *argv[] = {"--data", path, "--rate", "2"};
    void *p = NULL;
    char err[256] = "";
    int st = toy_configure(NULL, "ci", 4, argv, &p, err);
    unlink(path);
    cr_assert_eq(st, OVP_OK, "%s", err);
    const toy_config *c = p;
    cr_assert(c->n == 3 && c->d == 2 && c->X && c->y && c->rate == 2 && c->finished);
    cr_assert(c->X[2] == 3 && c->y[1] == -1);
    ovp_config_free(&(ovp_harness){.config = &toy_spec}, p);
}

/* Every harness's declaration is whole: each field binds one of its options, and
 * every scale of ovp_scales has defaults. */
Test(config, every_harness_binds_its_own_options_and_has_every_scale)
{
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        const ovp_harness *h = ovp_harnesses[i];
        const ovp_config_spec *s = h->config;
        cr_assert_not_null(s, "%s", h->paper->harness);
        char err[256] = "";
        cr_assert_eq(ovp_config_check_fields(h, err, sizeof err), OVP_OK, "%s", err);
        for (const char *const *sc = ovp_scales; *sc; sc++) {
            void *c = malloc(s->size);
            cr_assert_eq(ovp_config_for_scale(h, *sc, 1, c), OVP_OK, "%s %s", h->paper->harness, *sc);
            free(c);
        }
        cr_assert(s->data.refusal || s->data.synthetic_error, "%s: --data taken or refused", h->paper->harness);
    }
}

Test(config, a_binding_to_no_option_or_to_a_field_of_another_type_is_refused)
{
    char err[256];
    static const ovp_config_field typo[] = {OVP_CONFIG_FIELD(toy_config, "sise", size)};
    static const ovp_config_field wrong_type[] = {OVP_CONFIG_FIELD(toy_config, "size", rate)}; /* uint into double */
    static const ovp_config_field wrong_count[] = {{"list", offsetof(toy_config, list), offsetof(toy_config, flag),
                                                    OVP_CTYPE_DOUBLES, OVP_CTYPE_INT}};
    const ovp_config_field *bad[] = {typo, wrong_type, wrong_count};
    const char *why[] = {"--sise names no option", "--size binds a field of another C type",
                         "--list binds a list without a size_t count"};
    for (size_t k = 0; k < 3; k++) {
        ovp_config_spec spec = toy_spec;
        spec.fields = bad[k];
        spec.n_fields = 1;
        void *p = NULL;
        cr_assert_eq(toy_configure(&spec, "ci", 0, NULL, &p, err), OVP_EINVAL, "case %zu", k);
        cr_assert_not_null(strstr(err, why[k]), "%s", err);
        cr_assert_null(p);
    }
}
