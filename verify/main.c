/* verify/main.c: the `ovp` executable. Under mpirun (or srun) it joins the MPI
 * job and `ovp verify` spreads its tasks over the ranks. */
#include "cli.h"
#include "ranks.h"

int main(int argc, char **argv)
{
    ovp_mpi_init(&argc, &argv);
    int code = ovp_cli_main(argc, argv, NULL, 0);
    ovp_mpi_finalize();
    return code;
}
