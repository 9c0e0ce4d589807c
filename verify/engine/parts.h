/* verify/engine/parts.h: a harness made of several experiments ("parts"), each a
 * contiguous run of tasks with its own task, label and reduce functions.
 * The harness state begins with an ovp_parts; ovp_parts_task, _label and
 * _reduce route global task i to its part, so no harness writes the dispatch. */
#ifndef OVP_PARTS_H
#define OVP_PARTS_H

#include "run.h"
#include "status.h"
#include "task.h"

typedef struct {
    size_t n_tasks;
    int (*task)(const void *state, size_t i, ovp_task_out *out);
    void (*label)(const void *state, size_t i, char *buf, size_t len);
    /* called for every part, also an empty one (n = 0) */
    int (*reduce)(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n);
} ovp_part;

#define OVP_MAX_PARTS 8

typedef struct {
    ovp_part part[OVP_MAX_PARTS];
    size_t n;
} ovp_parts;

/* Appends a part; returns its index. */
size_t ovp_parts_add(ovp_parts *p, ovp_part part);
size_t ovp_parts_total(const ovp_parts *p);

/* Harness callbacks for a state whose first member is an ovp_parts. A harness with claims over
 * several parts gives its own reduce, which calls ovp_parts_reduce and then makes them. */
OVP_MUST_CHECK int ovp_parts_task(const void *state, size_t i, ovp_task_out *out);
void ovp_parts_label(const void *state, size_t i, char *buf, size_t len);
OVP_MUST_CHECK int ovp_parts_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n_tasks);

#endif
