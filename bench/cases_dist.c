/* bench/cases_dist.c: the distributed H∞ kernel (kernels/dist/distgram.h) over
 * the MPI ranks, built only with ScaLAPACK (OVP_HAVE_SCALAPACK); docs/distributed.md.
 *
 * Every case is collective: `mpirun -n P ovp bench --filter dist` runs it on all
 * ranks at once. Its setup draws the same seeded unit rows X (n×d) and ±1
 * labels y on every rank, lays out the BLACS grid and assembles H∞ once
 * (untimed: the assembly case's warm-up, the other cases' input); the timed
 * call is one kernel. Flop models, the leading term over all ranks:
 * assembly 2n²d (the dgemm of the rows), λ_min and λ_max (4/3)n³ (the
 * reduction to tridiagonal form), the Cholesky decision and yᵀ(H∞)⁻¹y n³/3. */
#include "bench.h"
#include "distgram.h"
#include "rng.h"
#include "status.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ASSEMBLY, EIG_PDSYEVR, EIG_ELPA, PD_ABOVE, QUAD_INV, N_KINDS };
enum { MAX_SIZES = 8, D_DEFAULT = 32 };

static const char *const kernel_names[N_KINDS] = {"dist.assembly", "dist.lambda0.pdsyevr", "dist.lambda0.elpa",
                                                  "dist.pd_above", "dist.quad_inv"};

typedef struct {
    ovp_distgram g;
    int have_grid, kind;
    ovp_mat X;
    double *y;
} dist_ctx;

static void dist_barrier(void)
{
    MPI_Barrier(MPI_COMM_WORLD);
}

static double dist_max(double x)
{
    double out = x;
    MPI_Allreduce(&x, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return out;
}

static ovp_bench_collective world = {0, 1, dist_barrier, dist_max};

const ovp_bench_collective *ovp_bench_dist_collective(void)
{
    int on = 0;
    MPI_Initialized(&on);
    if (on) {
        MPI_Comm_rank(MPI_COMM_WORLD, &world.rank);
        MPI_Comm_size(MPI_COMM_WORLD, &world.ranks);
    }
    return &world;
}

int ovp_bench_dist_layout(int ranks, ovp_bench_dist_layout_info *info)
{
    info->ranks = ranks;
    info->nb = OVP_DISTGRAM_NB_DEFAULT;
    return ovp_distgram_grid_shape(ranks, &info->nprow, &info->npcol);
}

static size_t sizes[MAX_SIZES], n_sizes, dim = D_DEFAULT;

void ovp_bench_dist_configure(const size_t *n, size_t k, size_t d)
{
    n_sizes = k < MAX_SIZES ? k : MAX_SIZES;
    for (size_t i = 0; i < n_sizes; i++)
        sizes[i] = n[i];
    dim = d ? d : D_DEFAULT;
}

static void dist_teardown(void *p)
{
    dist_ctx *c = p;
    if (c->have_grid)
        ovp_distgram_free(&c->g);
    ovp_mat_free(&c->X);
    free(c->y);
    free(c);
}

static int dist_setup(const ovp_bench_case *bc, void **ctx, double *flops)
{
    size_t n = (size_t)bc->p[0], d = (size_t)bc->p[1];
    dist_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return OVP_ENOMEM;
    *ctx = c; /* ovp_bench_measure tears it down if setup fails */
    for (int k = 0; k < N_KINDS; k++)
        if (!strcmp(bc->kernel, kernel_names[k]))
            c->kind = k;
    /* A local failure here is agreed below: no rank may enter the grid alone. */
    int st = ovp_mat_alloc(n, d, &c->X);
    if (!st && !(c->y = malloc(n * sizeof *c->y)))
        st = OVP_ENOMEM;
    if (!st) {
        gsl_rng *r = ovp_rng_stream("dist_bench", "rows", n); /* the stream of docs/distributed.md's tables */
        ovp_rng_sphere_rows(r, &c->X);
        ovp_rng_signs(r, c->y, n);
        gsl_rng_free(r);
    }
    if ((st = (int)dist_max(st)))
        return st;
    char why[256];
    if ((st = ovp_distgram_init(&c->g, MPI_COMM_WORLD, n, d, 0, why, sizeof why))) {
        if (world.rank == 0) /* the same refusal on every rank */
            fprintf(stderr, "ovp bench: %s/n%zu on %d ranks: %s\n", bc->kernel, n, world.ranks, why);
        return st;
    }
    c->have_grid = 1;
    double nn = (double)n;
    *flops = c->kind == ASSEMBLY ? 2 * nn * nn * (double)d
             : c->kind == EIG_PDSYEVR || c->kind == EIG_ELPA ? 4.0 / 3.0 * nn * nn * nn
                                                               : nn * nn * nn / 3.0;
    return ovp_distgram_assemble(&c->g, &c->X);
}

static int dist_run(void *p)
{
    dist_ctx *c = p;
    double lmin, lmax, q;
    int pd;
    switch (c->kind) {
    case ASSEMBLY: return ovp_distgram_assemble(&c->g, &c->X);
    case EIG_PDSYEVR: return ovp_distgram_eig_ends(&c->g, OVP_DISTGRAM_PDSYEVR, &lmin, &lmax);
    case EIG_ELPA: return ovp_distgram_eig_ends(&c->g, OVP_DISTGRAM_ELPA, &lmin, &lmax);
    /* λ_min > 0: H∞ is positive definite for distinct unit rows, so pdpotrf runs to
     * the end, the same work as for any c below λ₀, and no eigensolve is needed first. */
    case PD_ABOVE: return ovp_distgram_pd_above(&c->g, 0.0, &pd);
    default: return ovp_distgram_quad_inv(&c->g, c->y, &q);
    }
}

const ovp_bench_case *ovp_bench_cases_dist(int quick, size_t *n)
{
    static ovp_bench_case cases[MAX_SIZES * N_KINDS];
    const size_t def = quick ? 256 : 2000, *list = n_sizes ? sizes : &def;
    size_t k = 0;
    for (size_t s = 0; s < (n_sizes ? n_sizes : 1); s++)
        for (int kind = 0; kind < N_KINDS; kind++) {
#ifndef OVP_HAVE_ELPA
            if (kind == EIG_ELPA)
                continue;
#endif
            /* the rank count is in the name: --compare matches only runs on as many ranks */
            cases[k++] = (ovp_bench_case){kernel_names[kind], NULL, (double)list[s],
                                          {(double)list[s], (double)dim, (double)ovp_bench_dist_collective()->ranks},
                                          "n%.0f_d%.0f_p%.0f", dist_setup, dist_run, dist_teardown, &world};
        }
    *n = k;
    return cases;
}
