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

/* Prints the verdict table: claim, scope, regime, relation, bound, observed,
 * margin (the ratio, '-' where undefined), slack, verdict. */
void ovp_results_print_table(FILE *f, const ovp_run *r);

/* The exit code of a finished run: 0 when no claim failed, OVP_EXIT_FAIL when
 * a hypotheses-met claim failed (a counterexample or a bug), OVP_EXIT_EMPIRICAL
 * when only empirical claims failed (runstatus.h). */
int ovp_results_exit_code(const ovp_run *r);

/* One claim record as summary.json holds it: strings point into the parsed
 * file ("" when absent), numbers are NaN where it holds null. */
typedef struct {
    const char *id, *scope, *regime, *relation, *verdict, *note;
    double bound, observed, margin, slack;
    double paper_bound, tolerance; /* the bound's parts where the record keeps them apart; NaN otherwise */
} ovp_results_claim;

/* A run's summary.json read back (ovp table, --junit). */
typedef struct {
    const char *harness, *paper, *scale, *verdict;
    double wall_s; /* provenance.wall_s, 0 when absent */
    ovp_results_claim *claims;
    size_t n_claims;
    void *tree; /* the parsed file, which the strings point into */
} ovp_results_summary;

/* Reads dir/summary.json. OVP_EDATA with a message naming the file and the fix
 * when it is missing, not JSON or not a summary; OVP_EIO when it cannot be read. */
OVP_MUST_CHECK int ovp_results_read_summary(const char *dir, ovp_results_summary *s, char *err, size_t errlen);
void ovp_results_summary_free(ovp_results_summary *s);

/* One <testsuite> of a JUnit report: a harness's summary, or (summary NULL) a
 * harness that stopped with exit code `code` before writing one. */
typedef struct {
    const char *harness;
    const ovp_results_summary *summary;
    int code;
} ovp_results_junit_suite;

/* JUnit XML: <testsuites> with one <testsuite> per harness, one <testcase> per
 * claim record (classname "HARNESS.REGIME", name "ID SCOPE"), a failed claim as
 * <failure message=NOTE>, a skipped one as <skipped message=NOTE>, a harness
 * that did not finish as one <error> testcase. Every text is XML-escaped. */
void ovp_results_print_junit(FILE *f, const ovp_results_junit_suite *suites, size_t n);
/* The same into path, written atomically (fs.h); its folder is created. */
OVP_MUST_CHECK int ovp_results_write_junit(const char *path, const ovp_results_junit_suite *suites, size_t n,
                                           char *err, size_t errlen);

#endif
