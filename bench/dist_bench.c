/* bench/dist_bench.c: `ovp-bench-dist`, the distributed H∞ kernel timed under
 * mpirun (docs/distributed.md). Not part of `ovp bench`, which runs one process.
 *
 *   mpirun -n P ovp-bench-dist [--d D] [--nb NB] [--reps R] [--cases A,B,...] [N...]
 *
 * For each N (default 2000 8000 16000; seeded unit rows, d = 32): assembly,
 * λ_min/λ_max by pdsyevr and by ELPA, the Cholesky decision and yᵀ(H∞)⁻¹y, each
 * R times (default 3); --cases keeps the named ones (assembly always runs
 * first, untimed when not named: the others read its H∞). A case's time is the slowest rank's wall time
 * (MPI_Wtime between barriers); printed: median and min over the repetitions,
 * the flop rate of the case's leading term, and every rank's peak resident set
 * so far (getrusage ru_maxrss, gathered to rank 0), so run sizes in increasing
 * order. One line per case, `key=value` fields. */
#include "distgram.h"
#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

enum { MAX_REPS = 50 };

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    ovp_distgram *g;
    const ovp_mat *X;
    const double *y;
    double lambda_min;
} bench_ctx;

static int run_case(bench_ctx *c, const char *name)
{
    double lmax, q;
    int pd;
    if (!strcmp(name, "assembly"))
        return ovp_distgram_assemble(c->g, c->X);
    if (!strcmp(name, "eig_pdsyevr"))
        return ovp_distgram_eig_ends(c->g, OVP_DISTGRAM_PDSYEVR, &c->lambda_min, &lmax);
    if (!strcmp(name, "eig_elpa"))
        return ovp_distgram_eig_ends(c->g, OVP_DISTGRAM_ELPA, &c->lambda_min, &lmax);
    if (!strcmp(name, "cholesky_decision"))
        return ovp_distgram_pd_above(c->g, 0.5 * c->lambda_min, &pd);
    if (!strcmp(name, "quad_inv"))
        return ovp_distgram_quad_inv(c->g, c->y, &q);
    return OVP_EINVAL;
}

/* The solver a case's memory model counts (the Cholesky cases: pdsyevr's, the smaller). */
static ovp_distgram_solver solver_of(const char *name)
{
    return strcmp(name, "eig_elpa") ? OVP_DISTGRAM_PDSYEVR : OVP_DISTGRAM_ELPA;
}

/* The leading flop count of a case (docs/distributed.md). */
static double case_flops(const char *name, double n, double d)
{
    if (!strcmp(name, "assembly"))
        return 2 * n * n * d;
    if (!strncmp(name, "eig_", 4))
        return 4.0 / 3.0 * n * n * n;
    return n * n * n / 3.0;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    size_t d = 32, sizes[16], nsizes = 0;
    int nb = 0, reps = 3;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--d") && i + 1 < argc)
            d = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--nb") && i + 1 < argc)
            nb = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--cases") && i + 1 < argc)
            only = argv[++i];
        else if (nsizes < 16 && atol(argv[i]) > 0)
            sizes[nsizes++] = strtoul(argv[i], NULL, 10);
        else {
            if (rank == 0)
                fprintf(stderr, "usage: mpirun -n P ovp-bench-dist [--d D] [--nb NB] [--reps R] [--cases A,B] [N...]\n");
            MPI_Finalize();
            return 2;
        }
    }
    if (reps < 1 || reps > MAX_REPS) {
        if (rank == 0)
            fprintf(stderr, "ovp-bench-dist: --reps must be 1..%d\n", MAX_REPS);
        MPI_Finalize();
        return 2;
    }
    if (nsizes == 0) {
        const size_t def[] = {2000, 8000, 16000};
        memcpy(sizes, def, sizeof def);
        nsizes = 3;
    }
    const char *cases[] = {"assembly", "eig_pdsyevr",
#ifdef OVP_HAVE_ELPA
                           "eig_elpa",
#endif
                           "cholesky_decision", "quad_inv"};
    int status = 0;
    long *rss = malloc((size_t)ranks * sizeof *rss);
    for (size_t s = 0; s < nsizes && !status; s++) {
        size_t n = sizes[s];
        char why[256] = "";
        ovp_distgram g;
        ovp_mat X;
        double *y = malloc(n * sizeof *y);
        if (ovp_mat_alloc(n, d, &X) || !y || !rss)
            MPI_Abort(MPI_COMM_WORLD, 3);
        gsl_rng *r = ovp_rng_stream("dist_bench", "rows", n);
        ovp_rng_sphere_rows(r, &X);
        ovp_rng_signs(r, y, n);
        gsl_rng_free(r);
        status = ovp_distgram_init(&g, MPI_COMM_WORLD, n, d, nb, why, sizeof why);
        if (status) {
            if (rank == 0)
                fprintf(stderr, "ovp-bench-dist: n = %zu: %s (%s)\n", n, ovp_status_str(status), why);
            break;
        }
        bench_ctx ctx = {&g, &X, y, 0.0};
        for (size_t c = 0; c < sizeof cases / sizeof cases[0] && !status; c++) {
            double t[MAX_REPS];
            if (only && !strstr(only, cases[c])) {
                if (c == 0)
                    status = run_case(&ctx, cases[c]);
                continue;
            }
            /* Assembly first: the other cases read its H∞. */
            for (int k = 0; k < reps && !status; k++) {
                MPI_Barrier(MPI_COMM_WORLD);
                double t0 = MPI_Wtime();
                status = run_case(&ctx, cases[c]);
                double dt = MPI_Wtime() - t0;
                MPI_Allreduce(&dt, &t[k], 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
            }
            if (status) {
                if (rank == 0)
                    fprintf(stderr, "ovp-bench-dist: n = %zu, %s: %s (info %d)\n", n, cases[c], ovp_status_str(status),
                            ovp_status_lapack_info());
                break;
            }
            qsort(t, (size_t)reps, sizeof t[0], cmp_double);
            double med = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            long mine = ru.ru_maxrss; /* KiB on Linux */
            MPI_Gather(&mine, 1, MPI_LONG, rss, 1, MPI_LONG, 0, MPI_COMM_WORLD);
            if (rank == 0) {
                printf("n=%zu d=%zu case=%s ranks=%d grid=%dx%d nb=%d reps=%d median_s=%.3f min_s=%.3f gflops=%.2f "
                       "model_rank_mib=%.0f peak_rss_mib=",
                       n, d, cases[c], ranks, g.nprow, g.npcol, g.nb, reps, med, t[0],
                       case_flops(cases[c], (double)n, (double)d) / med * 1e-9,
                       (double)ovp_distgram_rank_bytes(n, d, ranks, nb, solver_of(cases[c])) / 1048576.0);
                for (int k = 0; k < ranks; k++)
                    printf("%s%.0f", k ? "," : "", (double)rss[k] / 1024.0);
                printf("\n");
                fflush(stdout);
            }
        }
        ovp_distgram_free(&g);
        ovp_mat_free(&X);
        free(y);
    }
    free(rss);
    MPI_Finalize();
    return status ? 1 : 0;
}
