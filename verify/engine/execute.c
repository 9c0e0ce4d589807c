/* verify/engine/execute.c: a harness from setup to reduce, through the task engine. */
#include "execute.h"
#include "engine.h"
#include "harness.h"
#include "ranks.h"
#include "runstatus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ovp_execute_outs_free(ovp_task_out **outs, size_t n)
{
    if (!outs)
        return;
    for (size_t i = 0; i < n; i++)
        ovp_task_out_free(outs[i]);
    free(outs);
}

int ovp_execute_local(const ovp_harness *h, ovp_run *r, const void *config, int threads,
                      ovp_task_out ***outs, size_t *n_tasks, char *err, size_t errlen)
{
    ovp_exec x = {.threads = threads};
    return ovp_execute_run(h, r, config, &x, outs, n_tasks, err, errlen);
}

/* Opens the checkpoint (rank 0 creates or clears it, the others attach after)
 * and, for a merge, the sources; all must hold tasks of this run's key. */
static int open_checkpoints(const ovp_harness *h, ovp_run *r, const ovp_exec *x, size_t n_tasks,
                            const char *key, ovp_checkpoint *cp, ovp_checkpoint *src, char *err,
                            size_t errlen)
{
    if (x->merge) {
        for (size_t k = 0; k <= x->n_sources; k++) {
            const char *dir = k == 0 ? x->results_dir : x->sources[k - 1];
            ovp_checkpoint *c = k == 0 ? cp : &src[k - 1];
            int st = ovp_checkpoint_read(c, dir, err, errlen);
            if (st)
                return st;
            if (strcmp(c->key, key) != 0) {
                snprintf(err, errlen,
                         "the tasks in %s were computed for another configuration or build "
                         "(key %s; this build and these options give %s)", dir, c->key, key);
                return OVP_EDATA;
            }
        }
        return OVP_OK;
    }
    int st = OVP_OK;
    if (ovp_ranks_rank() == 0) {
        size_t discarded = 0;
        st = ovp_checkpoint_open(cp, x->results_dir, r, key, n_tasks, x->argc, x->argv, x->fresh,
                                 &discarded, err, errlen);
        if (!st && discarded && !r->quiet)
            fprintf(stderr, "[%s] discarded %zu finished tasks of %s\n", h->paper->harness, discarded,
                    x->fresh ? "an earlier run (--fresh)" : "another configuration or build");
    }
    if (ovp_ranks_max(st)) /* also the barrier before the other ranks attach */
        return st ? st : OVP_EIO;
    if (ovp_ranks_rank() != 0)
        ovp_checkpoint_attach(cp, x->results_dir, key, n_tasks);
    return OVP_OK;
}

int ovp_execute_run(const ovp_harness *h, ovp_run *r, const void *config, const ovp_exec *x,
                    ovp_task_out ***outs_p, size_t *n_tasks_p, char *err, size_t errlen)
{
    void *state = NULL;
    size_t n_tasks = 0;
    *outs_p = NULL;
    *n_tasks_p = 0;
    int st = h->setup(r, config, &state, &n_tasks, err, errlen);
    if (st)
        return st;
    ovp_task_out **outs = calloc(n_tasks ? n_tasks : 1, sizeof *outs);
    ovp_checkpoint cp = {0}, *src = calloc(x->n_sources + 1, sizeof *src);
    if (!outs || !src) {
        free(outs);
        free(src);
        h->free_state(state);
        snprintf(err, errlen, "out of memory");
        return OVP_ENOMEM;
    }
    const ovp_checkpoint **src_ptrs = calloc(x->n_sources + 1, sizeof *src_ptrs);
    for (size_t k = 0; src_ptrs && k < x->n_sources; k++)
        src_ptrs[k] = &src[k];
    char key[20];
    ovp_checkpoint_key(r, x->options, n_tasks, key);
    if (x->results_dir)
        st = open_checkpoints(h, r, x, n_tasks, key, &cp, src, err, errlen);
    if (!st) {
        ovp_engine e = {
            .name = h->paper->harness,
            .n_tasks = n_tasks,
            .n_tables = h->n_tables,
            .run = h->task,
            .label = h->task_label,
            .cost = h->task_cost,
            .state = state,
            .threads = x->threads,
            .quiet = r->quiet || ovp_ranks_rank() != 0,
            .checkpoint = x->results_dir ? &cp : NULL,
            .sources = src_ptrs,
            .n_sources = x->merge ? x->n_sources : 0,
            .shard = x->shard,
            .shards = x->shards,
            .load_only = x->merge,
        };
        st = ovp_engine_run(&e, outs, x->report, err, errlen);
        if (x->report)
            memcpy(x->report->key, key, sizeof key);
    }
    if (!st && ovp_ranks_rank() == 0 && (st = h->reduce(r, state, outs, n_tasks)))
        snprintf(err, errlen, "summarising the tasks: %s", ovp_runstatus_text(st));
    h->free_state(state);
    ovp_checkpoint_close(&cp);
    for (size_t k = 0; k < x->n_sources; k++)
        ovp_checkpoint_close(&src[k]);
    free(src);
    free(src_ptrs);
    if (st || ovp_ranks_rank() != 0) {
        ovp_execute_outs_free(outs, n_tasks);
        return st;
    }
    *outs_p = outs;
    *n_tasks_p = n_tasks;
    return OVP_OK;
}
