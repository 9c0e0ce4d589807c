/* verify/engine/task.h: independent tasks and their outputs.
 *
 * A harness splits its work into tasks, one per (config, seed). A task reads
 * the harness's shared, read-only state, draws from its own RNG stream, and
 * writes only to its ovp_task_out: CSV rows for the harness's tables and named
 * values for the reduce step. Outputs are merged in task order, so results
 * are the same whatever the number of threads (or ranks, or shards) that ran
 * them. A task output serialises to text, which is how it is checkpointed and
 * shipped between processes. The engine that runs tasks is verify/engine/engine.h. */
#ifndef OVP_TASK_H
#define OVP_TASK_H

#include "runstatus.h"

#include <stddef.h>

typedef struct {
    const char *name;    /* file stem: "trace" -> trace.csv */
    const char *columns; /* CSV header */
} ovp_table_spec;

typedef struct {
    char *data;
    size_t len, cap;
} ovp_text;

OVP_MUST_CHECK int ovp_task_text_append(ovp_text *t, const char *s, size_t n);
void ovp_task_text_free(ovp_text *t);

typedef struct {
    char name[48];
    double value;
} ovp_task_value;

typedef struct ovp_task_out {
    size_t index;
    size_t n_tables;
    ovp_text *tables;     /* rows of each table, without header */
    ovp_task_value *values;
    size_t n_values, cap_values;
    int status;           /* OVP_OK or the failing status */
    char error[512];
} ovp_task_out;

ovp_task_out *ovp_task_out_new(size_t index, size_t n_tables);
void ovp_task_out_free(ovp_task_out *t);

/* Appends a row of numbers to a table, each in its shortest exact form ("NaN" for NaN). */
void ovp_task_row(ovp_task_out *t, size_t table, size_t n, const double *cells);
/* Appends a printf-formatted row (no newline needed). */
void ovp_task_rowf(ovp_task_out *t, size_t table, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A task's end after a kernel call: OVP_OK when status is, else records the failure
 * as "<fmt...>: <status text> (info <LAPACK info>)" and returns status
 * (for `return ovp_task_check(out, st, "m=%zu", m)`). */
OVP_MUST_CHECK int ovp_task_check(ovp_task_out *t, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Named values for the reduce step. */
void ovp_task_set(ovp_task_out *t, const char *name, double value);
double ovp_task_get(const ovp_task_out *t, const char *name); /* NaN when absent */
/* Records a failure and returns status (for `return ovp_task_fail(...)`). */
int ovp_task_fail(ovp_task_out *t, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Text form of a task output, exact for every double, stamped with the run key
 * (NULL: none) and a checksum; appended to *out. */
OVP_MUST_CHECK int ovp_task_serialize(const ovp_task_out *t, const char *key, ovp_text *out);
/* And back: OVP_OK; OVP_ESTALE when the text carries another key than `key`
 * (NULL: any key); OVP_EDATA when it is damaged (checksum, truncation, form). */
OVP_MUST_CHECK int ovp_task_deserialize(const char *text, size_t len, const char *key, size_t n_tables,
                                        ovp_task_out **t);

typedef int (*ovp_task_fn)(const void *state, size_t index, ovp_task_out *out);
typedef void (*ovp_task_label_fn)(const void *state, size_t index, char *buf, size_t len);
typedef double (*ovp_task_cost_fn)(const void *state, size_t index);

#endif
