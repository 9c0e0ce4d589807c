/* verify/engine/results.h: a run's files: DIR/<harness>/<scale>/{summary.json, <table>.csv}.
 * CSVs are tidy (one row per observation) and merged from task outputs in task
 * order; the set is written as a whole (ovp_results_write). */
#ifndef OVP_RESULTS_H
#define OVP_RESULTS_H

#include "run.h"
#include "status.h"
#include "task.h"

#include <stdio.h>

/* DIR/harness/scale into buf. */
OVP_MUST_CHECK int ovp_results_dir(const char *out, const char *harness, const char *scale, char *buf,
                                   size_t len);

/* Writes the run's set of files as a whole: the CSV of each table (header, then
 * every task's rows in task order) and summary.json (claims, quantities, notes,
 * provenance with the run key and wall time, and `files`: each CSV's size and
 * FNV-1a digest). Everything is first written under temporary names; only
 * when all are complete is the old summary.json removed, the CSVs renamed, and
 * the summary renamed last. So after a failure (a full disk, a kill) the folder
 * holds the previous complete set, or CSVs with no summary, which every reader
 * refuses (ovp_results_check) and the next run replaces. */
OVP_MUST_CHECK int ovp_results_write(const char *dir, const ovp_run *r, const char *key,
                                     const ovp_table_spec *tables, size_t n_tables, ovp_task_out *const *outs,
                                     size_t n_tasks, char *err, size_t errlen);

/* OVP_OK when dir holds a complete set: summary.json exists and every file it
 * lists is there with its digest. Otherwise OVP_EDATA with a message that
 * names the file and the fix. */
OVP_MUST_CHECK int ovp_results_check(const char *dir, char *err, size_t errlen);

/* Prints the verdict table: claim, scope, regime, bound, observed, margin, verdict. */
void ovp_results_print_table(FILE *f, const ovp_run *r);

#endif
