/* verify/engine/execute.h: a harness from setup to reduce, through the task
 * engine (engine.h): what `ovp verify`, `ovp merge` and the tests call. */
#ifndef OVP_EXECUTE_H
#define OVP_EXECUTE_H

#include "harness.h"
#include "runstatus.h"

/* Runs setup, the tasks (on `threads` threads) and reduce, in memory.
 * On success the run holds the claims and *outs the task outputs (free with
 * ovp_execute_outs_free). Used by tests. */
OVP_MUST_CHECK int ovp_execute_local(const ovp_harness *h, ovp_run *r, const void *config, int threads,
                                     ovp_task_out ***outs, size_t *n_tasks, char *err, size_t errlen);
void ovp_execute_outs_free(ovp_task_out **outs, size_t n);

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
OVP_MUST_CHECK int ovp_execute_run(const ovp_harness *h, ovp_run *r, const void *config, const ovp_exec *x,
                                   ovp_task_out ***outs, size_t *n_tasks, char *err, size_t errlen);

#endif
