/* tests/test_options.c: the option parser accepts what --help promises and
 * refuses everything else with a message naming the option. */
#include "options.h"

#include <criterion/criterion.h>
#include <string.h>

static const ovp_opt_spec specs[] = {
    {"size", OVP_OPT_UINT, "N", "", 1, 1000, NULL},
    {"rate", OVP_OPT_REAL, "X", "", 1e-300, 10, NULL},
    {"name", OVP_OPT_STRING, "S", "", 0, 0, NULL},
    {"mode", OVP_OPT_CHOICE, "a|b", "", 0, 0, "a|bb"},
    {"list", OVP_OPT_UINT_LIST, "N,..", "", 1, 0, NULL},
    {"flag", OVP_OPT_FLAG, NULL, "", 0, 0, NULL},
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
