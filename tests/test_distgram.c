/* tests/test_distgram.c: the distributed H∞ kernel (kernels/dist, issue 18).
 * Two modes in one binary. Without arguments: Criterion unit tests of what needs
 * no MPI run (grid shape, refusals, the memory model). With --mpi N D under
 * mpirun (tests/test_distgram.sh, label mpi): λ_min, λ_max (pdsyevr and ELPA),
 * the Cholesky decision on both sides of λ₀ and yᵀ(H∞)⁻¹y against the
 * single-process LAPACK path, and the refusal of unusable layouts on this
 * communicator; exit status 0 when all agree. */
#include <criterion/criterion.h>

#ifdef OVP_HAVE_SCALAPACK
#include "distgram.h"
#include "gram.h"
#include "linalg.h"
#include "rng.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Distributed vs LAPACK: two backward-stable computations of a condition-one
 * quantity differ by a few n·u·‖H‖; 1e-10 is the acceptance. */
#define DIST_RTOL 1e-10

Test(distgram, grid_is_as_square_as_possible)
{
    int r, c;
    const int ranks[] = {1, 2, 4, 6, 7, 12, 16}, rows[] = {1, 1, 2, 2, 1, 3, 4};
    for (size_t i = 0; i < sizeof ranks / sizeof ranks[0]; i++) {
        cr_assert_eq(ovp_distgram_grid_shape(ranks[i], &r, &c), OVP_OK);
        cr_assert(r == rows[i] && r * c == ranks[i], "%d ranks: %d×%d", ranks[i], r, c);
    }
    cr_assert_eq(ovp_distgram_grid_shape(0, &r, &c), OVP_EINVAL);
}

Test(distgram, unusable_layouts_are_refused_with_a_reason)
{
    char why[256] = "";
    cr_assert_eq(ovp_distgram_check(2000, 32, 4, 0, why, sizeof why), OVP_OK);
    cr_assert_eq(ovp_distgram_check(2000, 32, 4, -8, why, sizeof why), OVP_EINVAL);
    cr_assert(strstr(why, "block size -8"), "%s", why);
    cr_assert_eq(ovp_distgram_check(100, 32, 2, 101, why, sizeof why), OVP_EINVAL);
    /* 100 rows in blocks of 64 make 2 block columns: a 1×3 grid would leave a rank empty. */
    cr_assert_eq(ovp_distgram_check(100, 32, 3, 64, why, sizeof why), OVP_EINVAL);
    cr_assert(strstr(why, "fewer ranks or a block size ≤ 33"), "%s", why);
    cr_assert_eq(ovp_distgram_check(100, 32, 0, 64, why, sizeof why), OVP_EINVAL);
    cr_assert_eq(ovp_distgram_check(0, 32, 2, 64, why, sizeof why), OVP_EINVAL);
}

Test(distgram, memory_model_shrinks_with_ranks_and_names_the_count_that_fits)
{
    const size_t n = 60000, d = 784;
    const ovp_distgram_solver pdsyevr = OVP_DISTGRAM_PDSYEVR;
    size_t one = ovp_distgram_rank_bytes(n, d, 1, 0, pdsyevr), sixteen = ovp_distgram_rank_bytes(n, d, 16, 0, pdsyevr);
    /* One rank: H∞, its copy and pdsyevr's workspace (two more), about 4·8n² = 115 GB. */
    cr_assert(one > 4 * 8 * n * n && one < 4.1 * 8 * n * n, "%zu", one);
    cr_assert(sixteen < one / 15 && sixteen > one / 16, "%zu vs %zu", sixteen, one);
    size_t elpa = ovp_distgram_rank_bytes(n, d, 1, 0, OVP_DISTGRAM_ELPA);
    cr_assert(elpa > 6 * 8 * n * n && elpa < 6.1 * 8 * n * n, "%zu", elpa);
    size_t budget = (size_t)24 << 30;
    int p = ovp_distgram_ranks_needed(n, d, 0, pdsyevr, budget, 1024);
    cr_assert(p > 1 && ovp_distgram_rank_bytes(n, d, p, 0, pdsyevr) <= budget, "%d", p);
    cr_assert(ovp_distgram_rank_bytes(n, d, p - 1, 0, pdsyevr) > budget, "%d", p);
    cr_assert_eq(ovp_distgram_ranks_needed(n, d, 0, pdsyevr, 1000, 1024), 0); /* X alone exceeds it */
}

/* ----------------------------------------------------------------- under mpirun */

static int fails;

static void agree(const char *what, double dist, double ref, int rank)
{
    double rel = fabs(dist - ref) / fabs(ref);
    int ok = rel <= DIST_RTOL;
    if (rank == 0)
        printf("%s %-28s distributed %.17g  LAPACK %.17g  rel %.2e\n", ok ? "ok  " : "FAIL", what, dist, ref, rel);
    fails += !ok;
}

static void expect(const char *what, int ok, int rank)
{
    if (rank == 0)
        printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    fails += !ok;
}

/* The single-process path the harnesses run today (verify/models/relu2inst.c). */
static int reference(const ovp_mat *X, const double *y, double ref[3])
{
    size_t n = X->rows;
    ovp_mat H, A;
    ovp_work ws = {0};
    if (ovp_mat_alloc(n, n, &H) || ovp_mat_alloc(n, n, &A))
        return 1;
    int st = ovp_gram_inner(X, &H);
    st = st ? st : ovp_gram_hinf(X, &H, &H);
    st = st ? st : ovp_mat_copy(&H, &A);
    st = st ? st : ovp_linalg_eig_min(&A, &ref[0], &ws);
    st = st ? st : ovp_mat_copy(&H, &A);
    st = st ? st : ovp_linalg_eig_max(&A, &ref[1], &ws);
    double *x = malloc(n * sizeof *x);
    if (!st && x) {
        memcpy(x, y, n * sizeof *x);
        st = ovp_linalg_spd_solve(&H, x, &ws);
        ref[2] = 0;
        for (size_t i = 0; i < n; i++)
            ref[2] += y[i] * x[i];
    }
    free(x);
    ovp_work_free(&ws);
    ovp_mat_free(&A);
    ovp_mat_free(&H);
    return st || !x;
}

static int mpi_main(size_t n, size_t d)
{
    MPI_Init(NULL, NULL);
    int rank, ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    /* Seeded unit rows and ±1 labels, the same on every rank. */
    gsl_rng *r = ovp_rng_stream("distgram", "test", 18);
    ovp_mat X;
    double *y = malloc(n * sizeof *y), ref[3] = {0};
    if (ovp_mat_alloc(n, d, &X) || !y)
        MPI_Abort(MPI_COMM_WORLD, 2);
    ovp_rng_sphere_rows(r, &X);
    ovp_rng_signs(r, y, n);
    gsl_rng_free(r);
    int st = rank == 0 ? reference(&X, y, ref) : 0;
    MPI_Bcast(&st, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Bcast(ref, 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    expect("single-process reference", st == 0, rank);

    char why[256] = "";
    ovp_distgram g;
    st = ovp_distgram_init(&g, MPI_COMM_WORLD, n, d, 0, why, sizeof why);
    expect("init", st == OVP_OK, rank);
    if (st == OVP_OK) {
        if (rank == 0)
            printf("     %d ranks, %d×%d grid, block %d, n = %zu, d = %zu\n", ranks, g.nprow, g.npcol, g.nb, n, d);
        expect("assemble", ovp_distgram_assemble(&g, &X) == OVP_OK, rank);
        double lmin, lmax;
        st = ovp_distgram_eig_ends(&g, OVP_DISTGRAM_PDSYEVR, &lmin, &lmax);
        expect("pdsyevr", st == OVP_OK, rank);
        agree("lambda_min (pdsyevr)", lmin, ref[0], rank);
        agree("lambda_max (pdsyevr)", lmax, ref[1], rank);
#ifdef OVP_HAVE_ELPA
        st = ovp_distgram_eig_ends(&g, OVP_DISTGRAM_ELPA, &lmin, &lmax);
        if (st && rank == 0)
            printf("     ELPA: status %d, error %d\n", st, ovp_status_lapack_info());
        expect("ELPA", st == OVP_OK, rank);
        agree("lambda_min (ELPA)", lmin, ref[0], rank);
        agree("lambda_max (ELPA)", lmax, ref[1], rank);
#endif
        /* The decision on both sides of λ₀, well outside its error bound. */
        int pd = -1;
        st = ovp_distgram_pd_above(&g, 0.99 * ref[0], &pd);
        expect("Cholesky: c = 0.99 lambda_0 gives positive definite", st == OVP_OK && pd == 1, rank);
        st = ovp_distgram_pd_above(&g, 1.01 * ref[0], &pd);
        expect("Cholesky: c = 1.01 lambda_0 gives not positive definite", st == OVP_OK && pd == 0, rank);
        double q;
        st = ovp_distgram_quad_inv(&g, y, &q);
        expect("pdpotrf + pdpotrs", st == OVP_OK, rank);
        agree("y^T (H^inf)^-1 y", q, ref[2], rank);
        ovp_distgram_free(&g);
    }
    /* Refusals on this communicator: a bad block size, and a grid with ranks
     * that would own no block (n = 64 is one 64-block for ≥ 2 ranks). */
    st = ovp_distgram_init(&g, MPI_COMM_WORLD, n, d, -1, why, sizeof why);
    expect("block size -1 refused (OVP_EINVAL)", st == OVP_EINVAL && why[0], rank);
    st = ovp_distgram_init(&g, MPI_COMM_WORLD, 64, d, 64, why, sizeof why);
    expect("n = 64 on more ranks than blocks refused (OVP_EINVAL)", ranks == 1 || (st == OVP_EINVAL && why[0]), rank);
    if (rank == 0)
        printf("     refusal: %s\n", why);
    free(y);
    ovp_mat_free(&X);
    int all = 0;
    MPI_Allreduce(&fails, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Finalize();
    return all ? 1 : 0;
}

#else

Test(distgram, built_without_scalapack) { cr_assert(1, "kernels/dist is not built: no MPI or ScaLAPACK"); }

#endif

/* Criterion's main, unless called as the MPI worker. */
int main(int argc, char **argv)
{
#ifdef OVP_HAVE_SCALAPACK
    if (argc == 4 && strcmp(argv[1], "--mpi") == 0)
        return mpi_main((size_t)strtoul(argv[2], NULL, 10), (size_t)strtoul(argv[3], NULL, 10));
#endif
    struct criterion_test_set *tests = criterion_initialize();
    int result = 0;
    if (criterion_handle_args(argc, argv, true))
        result = !criterion_run_all_tests(tests);
    criterion_finalize(tests);
    return result;
}
