/* verify/harness.h: what a harness is, to the driver.
 *
 * A harness verifies one paper. The driver calls, in order:
 *   configure  options (and --data) -> a config, refusing bad input with a message;
 *   setup      config -> shared read-only state (data, Gram matrices, λ₀...)
 *              and the number of independent tasks;
 *   task       one (config, seed) unit of work, any thread or rank, into its output;
 *   reduce     all task outputs, in task order -> claims and quantities.
 * Tests call the same functions with a hand-built config (negative controls). */
#ifndef OVP_HARNESS_H
#define OVP_HARNESS_H

#include "theorems/claims.h"
#include "options.h"
#include "run.h"
#include "status.h"
#include "tasks.h"

typedef struct ovp_harness {
    const ovp_paper *paper;            /* name, citation, claims */
    const char *summary;               /* a paragraph for `ovp verify NAME --help` */
    const char *scales;                /* "ci: ...\npaper: ..." */
    const ovp_table_spec *tables;
    size_t n_tables;
    const ovp_opt_spec *options;       /* harness-specific options */
    size_t n_options;
    const char *const *figures;        /* plot script stems under plots/, NULL-terminated */

    /* Returns OVP_OK, or a status with a message in err (bad input: exit 2). */
    int (*configure)(const ovp_args *args, ovp_run *r, void **config, char *err, size_t errlen);
    int (*setup)(ovp_run *r, const void *config, void **state, size_t *n_tasks, char *err, size_t errlen);
    ovp_task_fn task;
    ovp_task_label_fn task_label;
    ovp_task_cost_fn task_cost;        /* relative cost of a task, for the ETA; may be NULL */
    int (*reduce)(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n_tasks);
    void (*free_state)(void *state);
    void (*free_config)(void *config);
} ovp_harness;

/* The registry: every harness, in `ovp list` order. */
extern const ovp_harness *const ovp_harnesses[];
extern const size_t ovp_n_harnesses;
const ovp_harness *ovp_harness_find(const char *name);

/* Scales every harness offers; the first is the default. */
extern const char *const ovp_scales[];
#define OVP_DEFAULT_SCALE "ci"

#endif
