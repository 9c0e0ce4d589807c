/* verify/main.c: the `ovp` executable. Under mpirun (or srun) it joins the MPI
 * job and `ovp verify` spreads its tasks over the ranks. */
#define _GNU_SOURCE
#include "bench.h"
#include "blascore.h"
#include "cli.h"
#include "ranks.h"
#include "runstatus.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const ovp_cli_command extra[] = {
    {"bench", "time the kernels against a dgemm roofline; compare with a baseline", ovp_bench_main},
};

/* `ovp --blas-core auto|NAME COMMAND ...`. OpenBLAS reads OPENBLAS_CORETYPE when
 * it is loaded, before main, so the option sets it and re-executes ovp; the
 * marker variable keeps the re-executed ovp from doing it again. Returns -1 to
 * go on (the option removed from argv), else an exit code. */
static int blas_core_option(int *argc, char **argv)
{
    const char *opt = *argc > 1 ? argv[1] : "";
    if (strncmp(opt, "--blas-core", 11) != 0 || (opt[11] && opt[11] != '='))
        return -1;
    int used = opt[11] == '=' ? 1 : 2;
    const char *request = opt[11] == '=' ? opt + 12 : (*argc > 2 ? argv[2] : "");
    if (!*request || *argc < used + 2) {
        fprintf(stderr, "ovp: --blas-core needs auto or an OpenBLAS core, then a command "
                        "(ovp --blas-core auto verify du2019)\n");
        return OVP_EXIT_USAGE;
    }
    const char *marker = getenv(OVP_BLASCORE_MARKER), *env = getenv("OPENBLAS_CORETYPE");
    const char *loaded = ovp_blascore_loaded();
    if (marker) {
        if (!env || strcmp(marker, env) != 0) {
            fprintf(stderr, "ovp: --blas-core: %s=%s is set but OPENBLAS_CORETYPE is %s; not re-executing "
                            "again\n", OVP_BLASCORE_MARKER, marker, env ? env : "unset");
            return OVP_EXIT_RUNTIME;
        }
        if (strcasecmp(loaded, marker) != 0) /* OpenBLAS ignores a core it cannot run */
            fprintf(stderr, "ovp: warning: --blas-core asked OpenBLAS for its %s core but it runs %s\n", marker,
                    loaded);
    } else {
        ovp_cpu_features f;
        ovp_blascore_cpu(&f);
        const char *core;
        char err[512];
        if (ovp_blascore_choose(request, &f, loaded, env, &core, err, sizeof err)) {
            fprintf(stderr, "ovp: %s\n", err);
            return OVP_EXIT_USAGE;
        }
        if (core) {
            if (setenv("OPENBLAS_CORETYPE", core, 1) || setenv(OVP_BLASCORE_MARKER, core, 1)) {
                perror("ovp: --blas-core: setenv");
                return OVP_EXIT_RUNTIME;
            }
            execv("/proc/self/exe", argv);
            perror("ovp: --blas-core: re-executing /proc/self/exe");
            return OVP_EXIT_RUNTIME;
        }
        fprintf(stderr, "ovp: --blas-core auto: no AVX on this CPU; OpenBLAS's %s core is the right one\n", loaded);
    }
    memmove(argv + 1, argv + 1 + used, (size_t)(*argc - used) * sizeof *argv); /* with the NULL */
    *argc -= used;
    return -1;
}

int main(int argc, char **argv)
{
    int code = blas_core_option(&argc, argv); /* before MPI and before any BLAS call */
    if (code >= 0)
        return code;
    /* GSL's default handler aborts; every GSL status is checked where it is returned
     * (kernels/models/relu2flow.c's odeiv2 calls), so an error comes back as a status instead. */
    gsl_set_error_handler_off();
    ovp_ranks_init(&argc, &argv);
    ovp_bench_set_ranks(ovp_ranks_rank(), ovp_ranks_ranks()); /* under several, bench runs its collective cases */
    code = ovp_cli_main(argc, argv, extra, sizeof extra / sizeof *extra);
    ovp_ranks_finalize();
    return code;
}
