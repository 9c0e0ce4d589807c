/* verify/dulee2018/dulee2018_stats.c: the group statistics of the landscape experiment: what
 * every landscape task emits as named values (counts and the worst excess of each bound, with
 * where it occurred) and reduce merges back. */
#include "dulee2018_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const dulee2018_group_names[N_GROUPS] = {"none", "t31", "t32", "below", "phase"};

void dulee2018_stats_init(group_stats *g)
{
    memset(g, 0, sizeof *g);
    worst w = {NAN, NAN, -INFINITY, NAN, NAN, NAN};
#define INIT(f) g->f = w;
    WORST_FIELDS(INIT)
#undef INIT
    g->max_gap = -INFINITY;
    g->pbound_tol_share = -INFINITY;
    g->saddle_rcert = INFINITY;
}

void dulee2018_worst_update(worst *w, double obs, double bound, double n, double k, double seed)
{
    double e = obs - bound;
    if (e > w->excess || isnan(e))
        *w = (worst){obs, bound, isnan(e) ? INFINITY : e, n, k, seed};
}

void dulee2018_worst_update_rel(worst *w, double obs, double bound, double n, double k, double seed)
{
    double e = (obs - bound) / bound;
    if (e > w->excess || isnan(e))
        *w = (worst){obs, bound, isnan(e) ? INFINITY : e, n, k, seed};
}

void dulee2018_stats_emit(ovp_task_out *out, int group, const group_stats *g)
{
    char name[48];
#define EMIT(f)                                                                   \
    snprintf(name, sizeof name, "%s.%s", dulee2018_group_names[group], #f);       \
    ovp_task_set(out, name, g->f);
    COUNT_FIELDS(EMIT)
#undef EMIT
#define EMIT(f)                                                                    \
    snprintf(name, sizeof name, "%s.%s.obs", dulee2018_group_names[group], #f);    \
    ovp_task_set(out, name, g->f.obs);                                             \
    snprintf(name, sizeof name, "%s.%s.bound", dulee2018_group_names[group], #f);  \
    ovp_task_set(out, name, g->f.bound);                                           \
    snprintf(name, sizeof name, "%s.%s.excess", dulee2018_group_names[group], #f); \
    ovp_task_set(out, name, g->f.excess);                                          \
    snprintf(name, sizeof name, "%s.%s.where", dulee2018_group_names[group], #f);  \
    ovp_task_set(out, name, g->f.n * 1e6 + g->f.k * 1e3 + g->f.seed);
    WORST_FIELDS(EMIT)
#undef EMIT
    snprintf(name, sizeof name, "%s.max_gap", dulee2018_group_names[group]);
    ovp_task_set(out, name, g->max_gap);
    snprintf(name, sizeof name, "%s.pbound_tol_share", dulee2018_group_names[group]);
    ovp_task_set(out, name, g->pbound_tol_share);
    snprintf(name, sizeof name, "%s.saddle_rcert", dulee2018_group_names[group]);
    ovp_task_set(out, name, g->saddle_rcert);
}

/* Adds one task's emitted statistics of a group into g. */
void dulee2018_stats_merge(group_stats *g, const ovp_task_out *o, int group)
{
    char name[48];
#define MERGE(f)                                                                  \
    snprintf(name, sizeof name, "%s.%s", dulee2018_group_names[group], #f);       \
    g->f += ovp_task_get(o, name);
    COUNT_FIELDS(MERGE)
#undef MERGE
#define MERGE(f)                                                                                \
    {                                                                                           \
        double v[4];                                                                            \
        static const char *const part[] = {"obs", "bound", "excess", "where"};                  \
        for (int q = 0; q < 4; q++) {                                                           \
            snprintf(name, sizeof name, "%s.%s.%s", dulee2018_group_names[group], #f, part[q]); \
            v[q] = ovp_task_get(o, name);                                                       \
        }                                                                                       \
        if (v[2] > g->f.excess)                                                                 \
            g->f = (worst){v[0], v[1], v[2], floor(v[3] / 1e6),                                 \
                           fmod(floor(v[3] / 1e3), 1e3), fmod(v[3], 1e3)};                      \
    }
    WORST_FIELDS(MERGE)
#undef MERGE
    snprintf(name, sizeof name, "%s.max_gap", dulee2018_group_names[group]);
    g->max_gap = fmax(g->max_gap, ovp_task_get(o, name));
    snprintf(name, sizeof name, "%s.pbound_tol_share", dulee2018_group_names[group]);
    g->pbound_tol_share = fmax(g->pbound_tol_share, ovp_task_get(o, name));
    snprintf(name, sizeof name, "%s.saddle_rcert", dulee2018_group_names[group]);
    g->saddle_rcert = fmin(g->saddle_rcert, ovp_task_get(o, name));
}
