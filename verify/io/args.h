/* verify/io/args.h: a small, strict command-line option parser.
 * Options are "--name VALUE" or "--name=VALUE"; everything else is positional.
 * Numbers are parsed strictly (see ovp_args_parse_uint, ovp_args_parse_real) and
 * range-checked; any error yields one message naming the option and the value. Pure: no I/O, no exit; fuzzed by tests/fuzz/fuzz_cli.c. */
#ifndef OVP_ARGS_H
#define OVP_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
    OVP_OPT_FLAG,      /* --name */
    OVP_OPT_STRING,    /* --name TEXT */
    OVP_OPT_CHOICE,    /* --name one|of|these */
    OVP_OPT_UINT,      /* --name N, integer in [min, max] */
    OVP_OPT_REAL,      /* --name X, finite real in [min, max] */
    OVP_OPT_UINT_LIST, /* --name N1,N2,..., each in [min, max] */
    OVP_OPT_REAL_LIST  /* --name X1,X2,..., each in [min, max] */
} ovp_opt_type;

typedef struct {
    const char *name;    /* without the dashes */
    ovp_opt_type type;
    const char *metavar; /* "N", "ci|paper", ... */
    const char *help;    /* one line; mention the default */
    double min, max;     /* inclusive range of numbers (ignored for text); no upper
                          * bound when max <= 0 (integers) or max <= min (reals).
                          * Integers are compared exactly, bounds rounded inward;
                          * a max of 0x1p64 means 2^64-1. */
    const char *choices; /* "ci|paper" for OVP_OPT_CHOICE */
} ovp_opt_spec;

#define OVP_MAX_LIST 64

typedef struct {
    const ovp_opt_spec *spec;
    int set;
    const char *text; /* the raw value (points into argv) */
    double real;
    uint64_t uint;
    double list[OVP_MAX_LIST];
    size_t n_list;
} ovp_opt_value;

#define OVP_MAX_OPTIONS 48
#define OVP_MAX_POSITIONAL 16

typedef struct {
    ovp_opt_value values[OVP_MAX_OPTIONS];
    size_t n_values;
    const char *positional[OVP_MAX_POSITIONAL];
    size_t n_positional;
    int help; /* -h or --help seen */
} ovp_args;

/* Parses argv[0..argc) against the specs of n_groups option groups (e.g.
 * common + harness-specific). Returns 0, or 2 with a message in err. */
int ovp_args_parse(ovp_args *a, int argc, char *const *argv, const ovp_opt_spec *const *groups,
                   const size_t *group_sizes, size_t n_groups, char *err, size_t errlen);

/* The value of an option if it was given, else NULL. */
const ovp_opt_value *ovp_args_get(const ovp_args *a, const char *name);
uint64_t ovp_args_uint(const ovp_args *a, const char *name, uint64_t fallback);
double ovp_args_real(const ovp_args *a, const char *name, double fallback);
const char *ovp_args_text(const ovp_args *a, const char *name, const char *fallback);
int ovp_args_flag(const ovp_args *a, const char *name);

/* 1 when the whole text is a decimal integer in [0, 2^64-1]: digits only, no
 * sign, space or hex (so " 1", "+1", "0x10" are refused). *out is set only then. */
int ovp_args_parse_uint(const char *text, uint64_t *out);

/* 1 when the whole text is a finite decimal number: an optional '-', digits,
 * an optional fraction (".5" needs its 0), an optional exponent with an
 * optional sign ("1e+3"); no spaces, leading '+', hex, inf or nan, and no
 * overflow or underflow. *out is set only then. */
int ovp_args_parse_real(const char *text, double *out);

/* Prints "  --name METAVAR  help" lines. */
void ovp_args_print_help(FILE *f, const ovp_opt_spec *specs, size_t n);

#endif
