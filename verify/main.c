/* verify/main.c: the `ovp` executable. Under mpirun (or srun) it joins the MPI
 * job and `ovp verify` spreads its tasks over the ranks. */
#include "bench.h"
#include "cli.h"
#include "ranks.h"

static const ovp_cli_command extra[] = {
    {"bench", "time the kernels against a dgemm roofline; compare with a baseline", ovp_bench_main},
};

int main(int argc, char **argv)
{
    ovp_mpi_init(&argc, &argv);
    int code = ovp_cli_main(argc, argv, extra, sizeof extra / sizeof *extra);
    ovp_mpi_finalize();
    return code;
}
