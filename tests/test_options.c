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
    cr_assert(ovp_parse_uint("0", &v) && v == 0);
    cr_assert(ovp_parse_uint("18446744073709551615", &v) && v == UINT64_MAX);
    static const char *bad[] = {"", " 1", "1 ", "+1", "-0", "0x10", "1/3", "1.0", "18446744073709551616",
                                "99999999999999999999999"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        v = 7;
        cr_assert_not(ovp_parse_uint(bad[k], &v), "'%s' accepted", bad[k]);
        cr_assert_eq(v, 7, "'%s' wrote the output", bad[k]);
    }
    cr_assert_not(ovp_parse_uint(NULL, &v));
}

Test(options, parse_real_is_whole_text_decimal)
{
    double x = 0;
    cr_assert(ovp_parse_real("-12.5e+2", &x) && x == -1250);
    cr_assert(ovp_parse_real("0", &x) && x == 0);
    static const char *bad[] = {"", "-", "+1", " 1", "1 ", "0x1p3", "inf", "-inf", "nan", "1e", "1.", ".1",
                                "1e999", "1,5", "1..2", "--1"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        cr_assert_not(ovp_parse_real(bad[k], &x), "'%s' accepted", bad[k]);
}
