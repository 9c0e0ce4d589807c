/* verify/engine/checkpoint.h: finished tasks on disk, for resume, shards and merge.
 *
 * DIR/NAME/SCALE/tasks/ holds
 *   run.txt          what the tasks were computed for: harness, scale, key, task
 *                    count, and the options that rebuild the config (`ovp merge`);
 *   task-<i>.txt     one finished task each, in its exact text form, stamped
 *                    with the key and a checksum, written under a temporary
 *                    name and renamed.
 * The key hashes everything that changes a task's bits: harness, scale, seed,
 * every parameter, the BLAS library, its core (OpenBLAS's kernel family) and
 * its thread count, and the ovp binary
 * itself, and the text of every option given that is not result-neutral. A
 * run finds the tasks already done for its key and skips them. Every file is
 * checked on its own: a task file of another key (copied in, or left by another
 * run) or with a wrong checksum is discarded and recomputed, never mixed in. */
#ifndef OVP_CHECKPOINT_H
#define OVP_CHECKPOINT_H

#include "run.h"
#include "status.h"
#include "task.h"

#include <stdint.h>

#define OVP_MAX_RUN_ARGS 64

typedef struct {
    char dir[4096];     /* .../tasks */
    char harness[64], scale[16];
    char key[20];       /* 16 hex digits */
    size_t n_tasks;
    int n_args;
    char *args[OVP_MAX_RUN_ARGS]; /* owned */
} ovp_checkpoint;

/* The key of a run after setup (params recorded), for `n_tasks` tasks.
 * `options` is the canonical text of every option given that is not declared
 * result-neutral (verify/cli/cmd_verify.c), so an option a harness forgets to record as a
 * parameter still changes the key. */
void ovp_checkpoint_key(const ovp_run *r, const char *options, size_t n_tasks, char key[20]);
/* The same for a given BLAS identity (ovp_blasinfo_blas) and core
 * (ovp_blascore_loaded); ovp_checkpoint_key passes the loaded ones. */
void ovp_checkpoint_key_blas(const ovp_run *r, const char *options, size_t n_tasks, const char *blas,
                             const char *core, char key[20]);

/* Opens (creating) results_dir/tasks for this run. With `fresh`, or when the
 * directory holds tasks of another key, the old task files are removed
 * (*discarded counts them). Writes run.txt. */
OVP_MUST_CHECK int ovp_checkpoint_open(ovp_checkpoint *c, const char *results_dir, const ovp_run *r,
                                       const char *key, size_t n_tasks, int argc, char *const *argv,
                                       int fresh, size_t *discarded, char *err, size_t errlen);

/* The checkpoint of results_dir as another process (an MPI rank) opened it:
 * no files are touched. */
void ovp_checkpoint_attach(ovp_checkpoint *c, const char *results_dir, const char *key, size_t n_tasks);

/* Reads results_dir/tasks/run.txt (for `ovp merge`). */
OVP_MUST_CHECK int ovp_checkpoint_read(ovp_checkpoint *c, const char *results_dir, char *err, size_t errlen);

void ovp_checkpoint_close(ovp_checkpoint *c);

/* What a saved task file held. */
typedef enum {
    OVP_SAVED_NONE,    /* no file */
    OVP_SAVED_OK,      /* *out holds the task */
    OVP_SAVED_STALE,   /* a task of another run (its key differs): recompute */
    OVP_SAVED_DAMAGED  /* checksum, form or index wrong: recompute */
} ovp_saved;
/* Task `index` if it is on disk and carries this checkpoint's key and a valid
 * checksum. */
ovp_saved ovp_checkpoint_load(const ovp_checkpoint *c, size_t index, size_t n_tables, ovp_task_out **out);

/* Saves a finished task atomically. */
OVP_MUST_CHECK int ovp_checkpoint_save(const ovp_checkpoint *c, const ovp_task_out *t, char *err,
                                       size_t errlen);

#endif
