/* verify/safran2021/safran2021_internal.h: what the P4 harness's files share: the state,
 * the tables, the task kinds and the parts. */
#ifndef OVP_VERIFY_SAFRAN2021_INTERNAL_H
#define OVP_VERIFY_SAFRAN2021_INTERNAL_H

#include "mat.h"
#include "parts.h"
#include "poprelu_descent.h"
#include "safran2021.h"
#include "status.h"

enum { T_CELLS, T_RUNS, T_MINIMA, T_GLOBAL, T_LOCAL, T_FRACTION, SAFRAN_N_TABLES };

extern const ovp_table_spec safran2021_tables[SAFRAN_N_TABLES];

typedef enum {
    TASK_CELL,   /* one (n, k) cell of the spurious-minima table, with P4.d at k = n */
    TASK_GLOBAL, /* P4.a at one n: V = I and random teachers */
    TASK_LOCAL,  /* P4.b and P4.c at one n: k = n (contrast), or k = n + 1 .. local_k_max */
    TASK_RATE    /* P4.P21 at one n above the table: k = n, runs_2021 runs, classes only */
} task_kind;

typedef struct {
    task_kind kind;
    size_t n, k;
    int contrast; /* TASK_LOCAL: the k = n contrast (else the over-parameterized case) */
} task_desc;

/* The parts, in task order: the table's cells (and P4.P21's rate-only ones), P4.b/c, P4.a. */
enum { PART_CELLS, PART_LOCAL, PART_GLOBAL };

typedef struct {
    ovp_parts parts; /* first: routes tasks to the cells, P4.b/c and P4.a */
    safran2021_config cfg;
    task_desc *tasks; /* every task, in task order: the parts' runs one after another */
} safran2021_state;

/* Task i of a part. */
static inline const task_desc *safran2021_task(const safran2021_state *s, size_t part, size_t i)
{
    for (size_t k = 0; k < part; k++)
        i += s->parts.part[k].n_tasks;
    return &s->tasks[i];
}

/* The runs of a k = n cell that P4.P21 counts: the first min(runs, runs_2021). */
size_t safran2021_runs_2021(const safran2021_config *c);

/* The parts' task and reduce functions (ovp_part); index is the task's within its part. */
OVP_MUST_CHECK int safran2021_cell_task(const void *state, size_t index, ovp_task_out *out);
OVP_MUST_CHECK int safran2021_local_task(const void *state, size_t index, ovp_task_out *out);
OVP_MUST_CHECK int safran2021_global_task(const void *state, size_t index, ovp_task_out *out);
OVP_MUST_CHECK int safran2021_cells_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n);
OVP_MUST_CHECK int safran2021_local_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n);
OVP_MUST_CHECK int safran2021_global_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n);

/* The harness's reduce: the parts' (ovp_parts_reduce), then the claims over all the cells. */
OVP_MUST_CHECK int safran2021_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs,
                                     size_t n_tasks);

/* The GD step of a cell: --step, or the 2021 protocol's 5/k. */
double safran2021_cell_step(const safran2021_config *c, size_t k);

/* The table's GD + Newton protocol for k students. */
ovp_poprelu_descent_opts safran2021_descent_opts(const safran2021_config *c, size_t k);

/* The largest student of P4.b at teacher size n: n + min(local_extra_max, n) (the base
 * points split up to k − n teacher neurons), at least the task's own k. */
static inline size_t safran2021_local_k_max(const safran2021_config *c, size_t n)
{
    size_t j = c->local_extra_max < n ? c->local_extra_max : n;
    return n + (j > c->local_extra ? j : c->local_extra);
}

/* The identity teacher I_n (n×n). */
OVP_MUST_CHECK int safran2021_identity(size_t n, ovp_mat *V);

#endif
