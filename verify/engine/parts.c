/* verify/engine/parts.c: routing global task indices to a harness's parts. */
#include "parts.h"
#include "status.h"

size_t ovp_parts_add(ovp_parts *p, ovp_part part)
{
    if (p->n < OVP_MAX_PARTS)
        p->part[p->n++] = part;
    return p->n - 1;
}

size_t ovp_parts_total(const ovp_parts *p)
{
    size_t total = 0;
    for (size_t k = 0; k < p->n; k++)
        total += p->part[k].n_tasks;
    return total;
}

/* The part holding global task *i; *i becomes its index within the part. */
static const ovp_part *locate(const ovp_parts *p, size_t *i)
{
    for (size_t k = 0; k < p->n; k++) {
        if (*i < p->part[k].n_tasks)
            return &p->part[k];
        *i -= p->part[k].n_tasks;
    }
    return NULL;
}

int ovp_parts_task(const void *state, size_t i, ovp_task_out *out)
{
    const ovp_part *part = locate(state, &i);
    return part ? part->task(state, i, out) : ovp_task_fail(out, OVP_EINVAL, "no part holds this task");
}

void ovp_parts_label(const void *state, size_t i, char *buf, size_t len)
{
    const ovp_part *part = locate(state, &i);
    if (part && part->label)
        part->label(state, i, buf, len);
    else if (len)
        buf[0] = '\0';
}

int ovp_parts_reduce(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n_tasks)
{
    const ovp_parts *p = state;
    size_t offset = 0;
    int st = OVP_OK;
    for (size_t k = 0; k < p->n && !st; k++) {
        st = p->part[k].reduce(r, state, outs + offset, p->part[k].n_tasks);
        offset += p->part[k].n_tasks;
    }
    return st == OVP_OK && offset != n_tasks ? OVP_EINVAL : st;
}
