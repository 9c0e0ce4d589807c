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

/* Runs setup, the tasks (on `threads` threads) and reduce, in memory.
 * On success the run holds the claims and *outs the task outputs (free with
 * ovp_task_outs_free). Used by tests. */
OVP_MUST_CHECK int ovp_harness_execute(const ovp_harness *h, ovp_run *r, const void *config, int threads,
                                       ovp_task_out ***outs, size_t *n_tasks, char *err, size_t errlen);
void ovp_task_outs_free(ovp_task_out **outs, size_t n);

/* How `ovp verify` and `ovp merge` execute a harness. */
typedef struct {
    int threads;
    const char *results_dir;       /* finished tasks kept in results_dir/tasks (NULL: none) */
    const char *options;           /* canonical text of the keyed options (ovp_cli_options_key) */
    int argc;                      /* the options that rebuild the config, */
    char *const *argv;             /* recorded for `ovp merge` */
    int fresh;                     /* recompute tasks already finished */
    size_t shard, shards;          /* this process: tasks with i % shards == shard */
    int merge;                     /* compute nothing: load finished tasks */
    const char *const *sources;    /* more results dirs to load them from */
    size_t n_sources;
    struct ovp_engine_report *report; /* loaded/computed/missing counts (may be NULL) */
} ovp_exec;

/* Setup, the engine (resume, shard, MPI), and reduce on rank 0. Returns OVP_OK
 * with the outputs on rank 0 (*outs NULL on other ranks), OVP_EPARTIAL after a
 * shard, or a failure with a message. */
OVP_MUST_CHECK int ovp_harness_run(const ovp_harness *h, ovp_run *r, const void *config, const ovp_exec *x,
                                   ovp_task_out ***outs, size_t *n_tasks, char *err, size_t errlen);

#endif
