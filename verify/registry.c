/* verify/registry.c: the list of harnesses. */
#include "harness.h"
#include "status.h"

#include <stdlib.h>
#include <string.h>

extern const ovp_harness ovp_harness_du2019;
extern const ovp_harness ovp_harness_safran2021;

const ovp_harness *const ovp_harnesses[] = {
    &ovp_harness_du2019,
    &ovp_harness_safran2021,
};
const size_t ovp_n_harnesses = sizeof ovp_harnesses / sizeof *ovp_harnesses;

const char *const ovp_scales[] = {"ci", "paper", NULL};

const ovp_harness *ovp_harness_find(const char *name)
{
    for (size_t i = 0; i < ovp_n_harnesses; i++)
        if (strcmp(ovp_harnesses[i]->paper->harness, name) == 0)
            return ovp_harnesses[i];
    return NULL;
}

void ovp_task_outs_free(ovp_task_out **outs, size_t n)
{
    if (!outs)
        return;
    for (size_t i = 0; i < n; i++)
        ovp_task_out_free(outs[i]);
    free(outs);
}

int ovp_harness_execute(const ovp_harness *h, ovp_run *r, const void *config, int threads,
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
    if (!outs) {
        h->free_state(state);
        snprintf(err, errlen, "out of memory");
        return OVP_ENOMEM;
    }
    ovp_engine e = {
        .name = h->paper->harness,
        .n_tasks = n_tasks,
        .n_tables = h->n_tables,
        .run = h->task,
        .label = h->task_label,
        .state = state,
        .threads = threads,
        .quiet = r->quiet,
    };
    st = ovp_engine_run(&e, outs, err, errlen);
    if (!st && (st = h->reduce(r, state, outs, n_tasks)))
        snprintf(err, errlen, "summarising the tasks: %s", ovp_strerror(st));
    h->free_state(state);
    if (st) {
        ovp_task_outs_free(outs, n_tasks);
        return st;
    }
    *outs_p = outs;
    *n_tasks_p = n_tasks;
    return 0;
}
