/* verify/engine/ranks.h: the MPI task engine's few collective operations.
 * Built with MPI (OVP_HAVE_MPI), ovp initialises MPI when it was launched by
 * mpirun (or srun), and `ovp verify` spreads the tasks over the ranks; rank 0
 * gathers every task output, reduces and writes. Without MPI, or when not
 * launched by a launcher, these are the trivial one-rank versions. */
#ifndef OVP_RANKS_H
#define OVP_RANKS_H

#include "status.h"
#include "task.h"

/* Initialises MPI when launched under an MPI launcher; returns the rank count. */
int ovp_ranks_init(int *argc, char ***argv);
void ovp_ranks_finalize(void);
int ovp_ranks_rank(void);
int ovp_ranks_ranks(void);

/* Rank 0 receives outs[i] from the rank that owns task i (owner[i] != 0);
 * other ranks send the outputs they own. Exact: the text form travels. */
OVP_MUST_CHECK int ovp_ranks_gather(ovp_task_out **outs, const int *owner, size_t n, size_t n_tables, char *err,
                                    size_t errlen);

/* The largest of every rank's value (status codes, exit codes). */
int ovp_ranks_max(int value);
/* The sum over every rank (task counts for the messages rank 0 prints). */
size_t ovp_ranks_sum(size_t value);

#endif
