/* verify/models/relu2inst_config.h: the configuration every harness on the two-layer ReLU
 * model declares (du2019, arora2019), written once.
 *
 * A harness's config struct opens with OVP_RELU2INST_CONFIG_MEMBERS; its fields[] bind
 * them with OVP_RELU2INST_CONFIG_FIELDS(T), its options[] declare the shared ones whose
 * text has no scale default with OVP_RELU2INST_OPTIONS, its config spec is
 * OVP_RELU2INST_CONFIG_SPEC (--data as OVP_RELU2INST_CONFIG_DATA(T, why)), and setup
 * builds the instance (verify/models/relu2inst.h) from OVP_RELU2INST_SPEC(stream, cfg). The struct must also have `int refuse_degenerate`
 * and `uint64_t seed` (after its own members, so the shared ones keep their offsets). */
#ifndef OVP_RELU2INST_CONFIG_H
#define OVP_RELU2INST_CONFIG_H

#include "harness.h"
#include "relu2inst.h"

#include <stddef.h>

#define OVP_RELU2INST_CONFIG_MEMBERS                                                                         \
    size_t n, d;                 /* synthetic data: n points uniform on S^{d−1} */                          \
    const double *X, *y;         /* or these (n×d unit-norm rows, n labels); not owned */                   \
    double widths[OVP_MAX_LIST]; /* m values */                                                             \
    size_t n_widths;                                                                                        \
    size_t iters;                /* GD iterations */                                                        \
    size_t replicates;           /* initialisations per width */                                            \
    double step;                 /* η; 0 means 1/λ_max(H∞) */                                               \
    double delta;                /* failure probability in the bounds */                                    \
    const char *gd_form;         /* GD's form: "auto" (NULL too: fewer flops), "primal" or "sample" */     \
    const char *gram;            /* H∞'s path: "local", "distributed" or "auto" (NULL too) */               \
    int data_only                /* --data-only: the data's quantities, no GD tasks */

#define OVP_RELU2INST_CONFIG_FIELDS(T)                                                                       \
    OVP_CONFIG_FIELD(T, "n", n), OVP_CONFIG_FIELD(T, "d", d), OVP_CONFIG_LIST(T, "widths", widths, n_widths), \
        OVP_CONFIG_FIELD(T, "iters", iters), OVP_CONFIG_FIELD(T, "step", step),                               \
        OVP_CONFIG_FIELD(T, "replicates", replicates), OVP_CONFIG_FIELD(T, "delta", delta),                   \
        OVP_CONFIG_FIELD(T, "gd-form", gd_form), OVP_CONFIG_FIELD(T, "gram", gram),                          \
        OVP_CONFIG_FIELD(T, "data-only", data_only)

/* The sizes' options, with each harness's scale defaults in their help. */
#define OVP_RELU2INST_SIZE_OPTIONS(n_help, d_help, widths_help, iters_help)                                  \
    {"n", OVP_OPT_UINT, "N", "synthetic samples on the unit sphere " n_help, 1, 1e6, NULL},                 \
        {"d", OVP_OPT_UINT, "D", "input dimension of synthetic data " d_help, 1, 1e6, NULL},                \
        {"widths", OVP_OPT_UINT_LIST, "M1,M2,..", "hidden widths m " widths_help, 1, 1e8, NULL},            \
        {"iters", OVP_OPT_UINT, "K", "GD iterations " iters_help, 1, 1e7, NULL}

#define OVP_RELU2INST_OPTIONS                                                                                \
    {"step", OVP_OPT_REAL, "ETA", "GD step (default 1/lambda_max(H_inf))", 1e-300, 1e300, NULL},            \
        {"replicates", OVP_OPT_UINT, "R", "initialisations per width (default 1)", 1, 1e4, NULL},           \
        {"delta", OVP_OPT_REAL, "DELTA", "failure probability in the bounds (default 0.01)", 1e-300, 1, NULL}, \
        {"gd-form", OVP_OPT_CHOICE, "auto|primal|sample",                                                    \
         "GD's form: primal, W <- W - eta grad (4ndm flops a step), or sample space, Z <- Z - eta K B "      \
         "(2n^2 m); default auto, the one with fewer flops (primal when 2d < n); both give the same "        \
         "iterates up to rounding",                                                                          \
         0, 0, "auto|primal|sample"},                                                                        \
        {"gram", OVP_OPT_CHOICE, "local|distributed|auto",                                                  \
         "where H_inf, lambda0 and y'H_inf^-1 y are computed: local, LAPACK in each process; distributed, "  \
         "ScaLAPACK or ELPA over every MPI rank in a 2-D block-cyclic layout (with --data-only no rank holds "  \
         "H_inf whole); default auto, "  \
         "distributed under mpirun with more than one rank when n >= 20000 (docs/distributed.md)",            \
         0, 0, "local|distributed|auto"},                                                                    \
        {"data-only", OVP_OPT_FLAG, NULL,                                                                    \
         "compute what depends on the data alone (lambda0 and its certificate, the widths the theorems "     \
         "ask, y'H_inf^-1 y) and run no GD: for datasets whose n x n matrices fit only distributed",         \
         0, 0, NULL}

#define OVP_RELU2INST_CONFIG_DATA(T, why)                                                                    \
    {                                                                                                       \
        .unit_norm_why = (why), .synthetic = (const char *const[]){"n", "d", NULL},                        \
        .synthetic_error = "--n and --d describe synthetic data; with --data they come from the file",     \
        .X = offsetof(T, X), .y = offsetof(T, y), .n = offsetof(T, n), .d = offsetof(T, d)                  \
    }

/* The whole ovp_config_spec of harness type T over the file's static scales[] and fields[]. */
#define OVP_RELU2INST_CONFIG_SPEC(T, why, finish_, bytes_)                                                   \
    {                                                                                                       \
        .size = sizeof(T), .seed = offsetof(T, seed), .scales = scales,                                     \
        .n_scales = sizeof scales / sizeof *scales, .fields = fields,                                       \
        .n_fields = sizeof fields / sizeof *fields, .data = OVP_RELU2INST_CONFIG_DATA(T, why),              \
        .finish = (finish_), .bytes = (bytes_)                                                              \
    }

#define OVP_RELU2INST_SPEC(stream_, cfg)                                                                     \
    ((ovp_relu2inst_spec){.stream = (stream_), .seed = (cfg)->seed, .n = (cfg)->n, .d = (cfg)->d,          \
                          .X = (cfg)->X, .y = (cfg)->y, .step = (cfg)->step, .delta = (cfg)->delta,         \
                          .refuse_degenerate = (cfg)->refuse_degenerate, .gd_form = (cfg)->gd_form,         \
                          .gram = (cfg)->gram, .data_only = (cfg)->data_only,                               \
                          .borrow_X = 1 /* the config's data outlive the run's state */})

#endif
