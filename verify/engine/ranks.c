/* verify/engine/ranks.c: MPI collectives for the task engine, or one-rank stubs. */
#include "ranks.h"
#include "status.h"

#include <stdio.h>
#include <stdlib.h>

#ifdef OVP_HAVE_MPI
#include <mpi.h>

static int active;

/* Launchers set these; a plain `ovp` run never initialises MPI. */
static int under_launcher(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "SLURM_STEP_NUM_TASKS"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}

int ovp_ranks_init(int *argc, char ***argv)
{
    if (!under_launcher())
        return 1;
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return 1;
    active = 1;
    return ovp_ranks_ranks();
}

void ovp_ranks_finalize(void)
{
    if (active)
        MPI_Finalize();
    active = 0;
}

int ovp_ranks_rank(void)
{
    int r = 0;
    if (active)
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int ovp_ranks_ranks(void)
{
    int n = 1;
    if (active)
        MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

int ovp_ranks_max(int value)
{
    int out = value;
    if (active)
        MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out;
}

size_t ovp_ranks_sum(size_t value)
{
    unsigned long long in = value, out = value;
    if (active)
        MPI_Allreduce(&in, &out, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    return (size_t)out;
}

int ovp_ranks_gather(ovp_task_out **outs, const int *owner, size_t n, size_t n_tables, char *err,
                     size_t errlen)
{
    if (!active)
        return OVP_OK;
    int rank = ovp_ranks_rank(), st = OVP_OK;
    for (size_t i = 0; i < n; i++) {
        if (owner[i] == 0)
            continue;
        if (rank == owner[i]) {
            ovp_text txt = {0};
            unsigned long long len = 0;
            if (outs[i] && ovp_task_serialize(outs[i], NULL, &txt) == OVP_OK)
                len = txt.len;
            MPI_Send(&len, 1, MPI_UNSIGNED_LONG_LONG, 0, 0, MPI_COMM_WORLD);
            if (len)
                MPI_Send(txt.data, (int)len, MPI_CHAR, 0, 1, MPI_COMM_WORLD);
            ovp_task_text_free(&txt);
        } else if (rank == 0) {
            unsigned long long len = 0;
            MPI_Recv(&len, 1, MPI_UNSIGNED_LONG_LONG, owner[i], 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (!len) {
                if (!st)
                    snprintf(err, errlen, "rank %d sent no output for task %zu", owner[i], i);
                st = OVP_EDATA;
                continue;
            }
            char *buf = malloc(len);
            if (!buf) {
                MPI_Abort(MPI_COMM_WORLD, 3);
                return OVP_ENOMEM;
            }
            MPI_Recv(buf, (int)len, MPI_CHAR, owner[i], 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (ovp_task_deserialize(buf, len, NULL, n_tables, &outs[i]) && !st) {
                snprintf(err, errlen, "task %zu from rank %d did not parse", i, owner[i]);
                st = OVP_EDATA;
            }
            free(buf);
        }
    }
    return st;
}

#else /* one rank */

int ovp_ranks_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 1;
}
void ovp_ranks_finalize(void) {}
int ovp_ranks_rank(void) { return 0; }
int ovp_ranks_ranks(void) { return 1; }
int ovp_ranks_max(int value) { return value; }
size_t ovp_ranks_sum(size_t value) { return value; }
int ovp_ranks_gather(ovp_task_out **outs, const int *owner, size_t n, size_t n_tables, char *err,
                     size_t errlen)
{
    (void)outs, (void)owner, (void)n, (void)n_tables, (void)err, (void)errlen;
    return OVP_OK;
}

#endif
