/* verify/results.h: a run's files: DIR/<harness>/<scale>/{summary.json, <table>.csv}.
 * CSVs are tidy (one row per observation) and merged from task outputs in task
 * order; every file is written atomically. */
#ifndef OVP_RESULTS_H
#define OVP_RESULTS_H

#include "run.h"
#include "tasks.h"

#include <stdio.h>

/* DIR/harness/scale into buf. */
int ovp_results_dir(const char *out, const char *harness, const char *scale, char *buf, size_t len);

/* Writes the CSV of each table: header, then every task's rows in task order. */
int ovp_results_write_tables(const char *dir, const ovp_table_spec *tables, size_t n_tables,
                             ovp_task_out *const *outs, size_t n_tasks, char *err, size_t errlen);

/* Writes summary.json (claims, quantities, notes, provenance with wall time). */
int ovp_results_write_summary(const char *dir, const ovp_run *r, char *err, size_t errlen);

/* Prints the verdict table: claim, scope, regime, bound, observed, margin, verdict. */
void ovp_results_print_table(FILE *f, const ovp_run *r);

#endif
