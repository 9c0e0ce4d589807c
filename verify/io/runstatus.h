/* verify/io/runstatus.h: the statuses of files and runs (beyond the kernels'),
 * the words for every status, and the one mapping from a status to the exit
 * code of `ovp` and its commands. */
#ifndef OVP_RUNSTATUS_H
#define OVP_RUNSTATUS_H

#include "status.h"

/* The kernel codes (status.h) are 0-4 and 6; these fill the gap and continue
 * them, so no two codes of the two enums collide. */
enum {
    OVP_EIO = 5,      /* file could not be read or written */
    OVP_EPARTIAL = 7, /* only part of the work was done, as asked (a shard) */
    OVP_ESTALE = 8,   /* a saved result belongs to another run (its key differs) */
    OVP_EBUSY = 9     /* another process holds the resource (a results folder) */
};

/* Exit codes: 0 success (every claim held); FAIL a hypotheses-met claim failed,
 * a counterexample or a bug (bench: a regression); USAGE bad input or usage;
 * RUNTIME LAPACK, I/O, memory; EMPIRICAL only empirical claims failed (a
 * conjecture tested where the theorem's assumptions do not hold). */
enum { OVP_EXIT_FAIL = 1, OVP_EXIT_USAGE = 2, OVP_EXIT_RUNTIME = 3, OVP_EXIT_EMPIRICAL = 4 };

/* Short English description of any status code: the kernel codes by
 * ovp_status_str, the file and run codes here; "unknown error" otherwise. */
const char *ovp_runstatus_text(int status);

/* The exit code of a command that stops on `status`: 0 for OVP_OK,
 * OVP_EXIT_USAGE for bad input (OVP_EINVAL, OVP_EDATA, OVP_EDOM),
 * OVP_EXIT_RUNTIME for every other code (OVP_EPARTIAL included: a shard's
 * partial run that was not asked for is a failure). */
int ovp_runstatus_exit_code(int status);

/* The more severe of two exit codes, for a command that runs several things
 * (`ovp verify all`): 0 < EMPIRICAL < FAIL < USAGE < RUNTIME < any other code. */
int ovp_runstatus_exit_worst(int a, int b);
/* A code's place in that order (0 for 0), to compare codes across MPI ranks. */
int ovp_runstatus_exit_severity(int code);

#endif
