/* kernels/dist/distelpa.c: ELPA's eigenvalue solver on ovp_distgram's layout
 * (ELPA C API 2022.11, elpa.h). Built only with OVP_HAVE_ELPA. */
#include "distelpa.h"

#ifdef OVP_HAVE_ELPA
#include <complex.h>
/* elpa.h declares elpa_allocate0() and friends without prototypes. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wpedantic"
#include <elpa/elpa.h>
#pragma GCC diagnostic pop

static int elpa_status(int err)
{
    ovp_status_set_lapack_info(err);
    return OVP_ELAPACK;
}

int ovp_distelpa_eigenvalues(const ovp_distgram *g, double *a, double *w)
{
    if (elpa_init(ELPA_API_VERSION) != ELPA_OK)
        return elpa_status(ELPA_ERROR);
    int err = ELPA_OK;
    elpa_t e = elpa_allocate(&err);
    if (err != ELPA_OK) {
        elpa_uninit(&err);
        return elpa_status(ELPA_ERROR);
    }
    /* The layout: ELPA takes the BLACS grid's coordinates and the parent
     * communicator (as a Fortran handle) and splits it into rows and columns. */
    const struct {
        const char *name;
        int value;
    } set[] = {{"na", g->n},
               {"nev", g->n},
               {"local_nrows", g->mloc},
               {"local_ncols", g->nloc},
               {"nblk", g->nb},
               {"mpi_comm_parent", (int)MPI_Comm_c2f(g->comm)},
               {"process_row", g->myrow},
               {"process_col", g->mycol},
               {"blacs_context", g->ctxt}};
    for (size_t i = 0; i < sizeof set / sizeof set[0] && err == ELPA_OK; i++)
        elpa_set_integer(e, set[i].name, set[i].value, &err);
    if (err == ELPA_OK)
        err = elpa_setup(e);
    /* Two-stage (full → band → tridiagonal): BLAS-3 throughout the reduction. */
    if (err == ELPA_OK)
        elpa_set_integer(e, "solver", ELPA_SOLVER_2STAGE, &err);
    if (err == ELPA_OK)
        elpa_eigenvalues(e, a, w, &err);
    int st = err == ELPA_OK ? OVP_OK : elpa_status(err);
    int derr = ELPA_OK;
    elpa_deallocate(e, &derr);
    elpa_uninit(&derr);
    return st;
}
#endif
