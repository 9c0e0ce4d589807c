/* verify/main.c: the `ovp` executable. Under mpirun (or srun) it joins the MPI
 * job and `ovp verify` spreads its tasks over the ranks. */
#include "bench.h"
#include "cli.h"
#include "ranks.h"

#include <gsl/gsl_errno.h>

static const ovp_cli_command extra[] = {
    {"bench", "time the kernels against a dgemm roofline; compare with a baseline", ovp_bench_main},
};

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; every GSL status is checked where it is returned
     * (kernels/models/relu2flow.c's odeiv2 calls), so an error comes back as a status instead. */
    gsl_set_error_handler_off();
    ovp_ranks_init(&argc, &argv);
    int code = ovp_cli_main(argc, argv, extra, sizeof extra / sizeof *extra);
    ovp_ranks_finalize();
    return code;
}
