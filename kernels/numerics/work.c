/* kernels/numerics/work.c: grow-only workspace. */
#include "work.h"
#include "status.h"

#include <stdlib.h>

int ovp_work_reserve(ovp_work *w, size_t nd, size_t ni)
{
    if (nd > w->nd) {
        double *p = realloc(w->d, nd * sizeof *p);
        if (!p)
            return OVP_ENOMEM;
        w->d = p;
        w->nd = nd;
    }
    if (ni > w->ni) {
        int *q = realloc(w->i, ni * sizeof *q);
        if (!q)
            return OVP_ENOMEM;
        w->i = q;
        w->ni = ni;
    }
    return OVP_OK;
}

void ovp_work_free(ovp_work *w)
{
    free(w->d);
    free(w->i);
    *w = (ovp_work){0};
}
