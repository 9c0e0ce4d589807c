/* verify/engine/engine.h: runs a harness's tasks.
 *
 * Which tasks this process computes: those of its shard (i % shards == shard),
 * split over MPI ranks cyclically, minus those already finished on disk (a
 * resumed run). They run on `threads` threads, each task writing only its own
 * output; finished tasks are saved as they complete. Rank 0 then gathers every
 * output, so outs[] is complete (or, for a shard, complete for that shard) and
 * in task order whatever the threads, ranks or interruptions were. */
#ifndef OVP_ENGINE_H
#define OVP_ENGINE_H

#include "checkpoint.h"
#include "runstatus.h"
#include "task.h"

typedef struct {
    const char *name;           /* for progress lines */
    size_t n_tasks, n_tables;
    ovp_task_fn run;
    ovp_task_label_fn label;    /* may be NULL */
    ovp_task_cost_fn cost;      /* relative cost, for the ETA; NULL: all equal */
    const void *state;
    int threads;
    int quiet;
    const ovp_checkpoint *checkpoint;      /* save to and resume from (NULL: none) */
    const ovp_checkpoint *const *sources;  /* more finished tasks to load (merge) */
    size_t n_sources;
    size_t shard, shards;       /* shards <= 1: every task */
    int load_only;              /* compute nothing: merge */
} ovp_engine;

typedef struct ovp_engine_report {
    size_t loaded, computed, missing;
    size_t stale, damaged;      /* saved task files ignored: another key, bad checksum */
    char key[20];               /* the run key the tasks were computed under */
} ovp_engine_report;

/* Returns OVP_OK with every outs[i] set (rank 0), OVP_EPARTIAL when a shard
 * was asked for and other tasks are missing, or the first failure with its
 * message in err. On ranks other than 0 the outputs are sent to rank 0 and
 * outs[] is left empty. report may be NULL. */
OVP_MUST_CHECK int ovp_engine_run(const ovp_engine *e, ovp_task_out **outs, ovp_engine_report *report,
                                  char *err, size_t errlen);

#endif
