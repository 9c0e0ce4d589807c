/* verify/models/relu2inst_gram.c: where an instance's H∞ quantities are computed (--gram):
 * LAPACK in this process, or ScaLAPACK over every MPI rank (kernels/dist/distgram.h); what
 * that costs a rank in memory; yᵀ(H∞)⁻¹y on either path. */
#include "relu2inst_gram.h"
#include "gram.h"
#include "linalg.h"
#include "ranks.h"
#include "sysinfo.h"

#ifdef OVP_HAVE_SCALAPACK
#include "distgram.h"
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most ranks the refusal looks for: beyond it the advice is "a cluster". */
#define MAX_RANKS_HINT 4096

int ovp_relu2inst_gram_choose(const char *gram, size_t n, size_t d, ovp_relu2inst_gram *g,
                              char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    g->ranks = g->prow = g->pcol = 1;
    const int ranks = ovp_ranks_ranks();
    int want = gram && strcmp(gram, "distributed") == 0;
    if (!want && (!gram || strcmp(gram, "auto") == 0))
        want = ranks > 1 && n >= OVP_RELU2INST_DIST_MIN_N;
    if (!want)
        return OVP_OK;
#ifdef OVP_HAVE_SCALAPACK
    if (ranks < 2) {
        snprintf(err, errlen, "--gram distributed spreads H_inf over MPI ranks, and this run has one: start it "
                              "with mpirun -n N (N >= 2), or give --gram local");
        return OVP_EINVAL;
    }
    char why[256];
    if (ovp_distgram_check(n, d, ranks, 0, why, sizeof why)) {
        snprintf(err, errlen, "--gram distributed on %d ranks: %s", ranks, why);
        return OVP_EINVAL;
    }
    g->distributed = 1;
    g->ranks = ranks;
    g->block = OVP_DISTGRAM_NB_DEFAULT;
    return ovp_distgram_grid_shape(ranks, &g->prow, &g->pcol);
#else
    (void)d;
    snprintf(err, errlen, "--gram distributed needs ScaLAPACK, and this ovp was built without it: install "
                          "libscalapack-openmpi-dev (scripts/bootstrap.sh) and rebuild, or give --gram local");
    return OVP_EINVAL;
#endif
}

int ovp_relu2inst_check_spec(const ovp_relu2inst_spec *spec, char *err, size_t errlen)
{
    ovp_relu2inst_gram g;
    return ovp_relu2inst_gram_choose(spec->gram, spec->n, spec->d, &g, err, errlen);
}

double ovp_relu2inst_gram_bytes(size_t n, size_t d, const ovp_relu2inst_gram *g, int data_only)
{
    const double nd = (double)n * (double)d, nn = (double)n * (double)n;
    double local = 8.0 * (nd + 3 * nn); /* X, K, H∞ and the eigensolver's copy */
    if (!g->distributed)
        return local;
    double share = 0.0;
#ifdef OVP_HAVE_SCALAPACK
    share = (double)ovp_distgram_rank_bytes(n, d, g->ranks, g->block, OVP_DISTGRAM_AUTO);
#endif
    return data_only ? share : share + 8.0 * 2 * nn; /* the tasks still need K and H∞ */
}

double ovp_relu2inst_shared_bytes(const ovp_relu2inst_spec *spec, char *what, size_t whatlen, const char *name)
{
    ovp_relu2inst_gram g;
    char err[256];
    if (ovp_relu2inst_gram_choose(spec->gram, spec->n, spec->d, &g, err, sizeof err))
        memset(&g, 0, sizeof g); /* refused again, with its message, when the instance is built */
    double bytes = ovp_relu2inst_gram_bytes(spec->n, spec->d, &g, spec->data_only);
    int at = snprintf(what, whatlen, "%s with n = %zu, d = %zu%s", name, spec->n, spec->d,
                      g.distributed ? " per rank" : "");
#ifdef OVP_HAVE_SCALAPACK
    const double avail = ovp_sysinfo_memory_available();
    if (bytes > avail && at > 0 && (size_t)at < whatlen) {
        int need = ovp_distgram_ranks_needed(spec->n, spec->d, 0, OVP_DISTGRAM_AUTO, (size_t)avail, MAX_RANKS_HINT);
        if (need > 0)
            snprintf(what + at, whatlen - (size_t)at,
                     " in one process (H_inf spread over %d ranks with this much memory each would fit: mpirun -n %d "
                     "ovp verify %s ... --gram distributed --data-only)",
                     need, need, name);
    }
#else
    (void)at;
#endif
    return bytes;
}

#ifdef OVP_HAVE_SCALAPACK
int ovp_relu2inst_gram_build(ovp_relu2inst *in, char *err, size_t errlen)
{
    ovp_distgram *g = calloc(1, sizeof *g);
    char why[256] = "";
    int st = g ? ovp_distgram_init(g, MPI_COMM_WORLD, in->n, in->d, in->gram.block, why, sizeof why) : OVP_ENOMEM;
    if (st) {
        free(g);
        snprintf(err, errlen, "distributed H_inf on %d ranks: %s%s%s", in->gram.ranks, ovp_status_str(st),
                 why[0] ? ": " : "", why);
        return st;
    }
    in->dist = g;
    if (!(st = ovp_distgram_assemble(g, &in->X)))
        st = ovp_distgram_eig_ends(g, OVP_DISTGRAM_AUTO, &in->lambda0, &in->lambda_max);
    if (st)
        snprintf(err, errlen, "distributed eigenvalues of H_inf (n = %zu, %d ranks): %s (info %d)", in->n,
                 in->gram.ranks, ovp_status_str(st), ovp_status_lapack_info());
    in->gram.bytes_per_rank = (double)ovp_distgram_rank_bytes(in->n, in->d, in->gram.ranks, in->gram.block, OVP_DISTGRAM_AUTO);
    return st;
}

void ovp_relu2inst_gram_free(ovp_relu2inst *in)
{
    if (in->dist) {
        ovp_distgram_free(in->dist);
        free(in->dist);
    }
    in->dist = NULL;
}
#else
int ovp_relu2inst_gram_build(ovp_relu2inst *in, char *err, size_t errlen)
{
    (void)in;
    snprintf(err, errlen, "built without ScaLAPACK");
    return OVP_EINVAL;
}

void ovp_relu2inst_gram_free(ovp_relu2inst *in) { in->dist = NULL; }
#endif

int ovp_relu2inst_y_hinf_inv_y(const ovp_relu2inst *in, const double *y, double *quad)
{
    *quad = NAN;
#ifdef OVP_HAVE_SCALAPACK
    if (in->gram.distributed)
        return ovp_distgram_quad_inv(in->dist, y, quad);
#endif
    ovp_work ws = {0};
    double *b = malloc(in->n * sizeof *b);
    if (!b)
        return OVP_ENOMEM;
    memcpy(b, y, in->n * sizeof *b);
    int st = ovp_linalg_spd_solve(&in->Hinf, b, &ws); /* on a copy: H∞ is kept */
    if (!st) {
        double q = 0.0;
        for (size_t i = 0; i < in->n; i++)
            q += y[i] * b[i];
        *quad = q;
    }
    free(b);
    ovp_work_free(&ws);
    return st;
}

void ovp_relu2inst_gram_record(ovp_run *r, const ovp_relu2inst *in)
{
    if (!in->gram.distributed) {
        ovp_run_param_str(r, "gram", "local (LAPACK, one process)");
        return;
    }
    ovp_run_param_str(r, "gram", "distributed (ScaLAPACK, 2-D block-cyclic)");
    ovp_run_param_num(r, "gram_ranks", in->gram.ranks);
    char grid[32];
    snprintf(grid, sizeof grid, "%d x %d", in->gram.prow, in->gram.pcol);
    ovp_run_param_str(r, "gram_grid", grid);
    ovp_run_param_num(r, "gram_block", in->gram.block);
    ovp_run_param_num(r, "gram_bytes_per_rank", in->gram.bytes_per_rank);
}
