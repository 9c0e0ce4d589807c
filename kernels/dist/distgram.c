/* kernels/dist/distgram.c: H∞ in ScaLAPACK's block-cyclic layout, its end
 * eigenvalues, its Cholesky decision and yᵀ(H∞)⁻¹y. */
#include "distgram.h"
#include "distelpa.h"
#include "gram.h"
#include "scalapack.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int i0 = 0, i1 = 1;

static int refuse(char *why, size_t len, const char *fmt, ...)
{
    if (why && len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, len, fmt, ap);
        va_end(ap);
    }
    return OVP_EINVAL;
}

/* A status every rank agrees on: the worst (largest) one. */
static int agree(const ovp_distgram *g, int st)
{
    int all = st;
    if (MPI_Allreduce(&st, &all, 1, MPI_INT, MPI_MAX, g->comm) != MPI_SUCCESS)
        return OVP_EINVAL;
    return all;
}

static int lapack_status(int info)
{
    ovp_status_set_lapack_info(info);
    return OVP_ELAPACK;
}

int ovp_distgram_grid_shape(int ranks, int *nprow, int *npcol)
{
    if (ranks < 1)
        return OVP_EINVAL;
    int r = 1;
    for (int p = 1; (long)p * p <= ranks; p++)
        if (ranks % p == 0)
            r = p;
    *nprow = r;
    *npcol = ranks / r;
    return OVP_OK;
}

int ovp_distgram_check(size_t n, size_t d, int ranks, int nb, char *why, size_t len)
{
    if (n < 1 || d < 1)
        return refuse(why, len, "H∞ needs n ≥ 1 samples of d ≥ 1 features (n = %zu, d = %zu)", n, d);
    if (n > (size_t)INT_MAX / 2 || d > (size_t)INT_MAX)
        return refuse(why, len, "n = %zu exceeds ScaLAPACK's 32-bit indices", n);
    if (ranks < 1)
        return refuse(why, len, "%d ranks: the grid needs at least 1", ranks);
    if (nb == 0)
        nb = OVP_DISTGRAM_NB_DEFAULT;
    if (nb < 0 || (size_t)nb > n)
        return refuse(why, len, "block size %d: it must be between 1 and n = %zu", nb, n);
    int pr, pc;
    if (ovp_distgram_grid_shape(ranks, &pr, &pc))
        return OVP_EINVAL;
    size_t blocks = (n + (size_t)nb - 1) / (size_t)nb, need = (size_t)(pr > pc ? pr : pc);
    if (blocks < need)
        return refuse(why, len,
                      "%d ranks (a %d×%d grid) with block size %d: n = %zu makes %zu blocks per side, fewer than "
                      "the grid's %zu, so a rank would own nothing; use fewer ranks or a block size ≤ %zu",
                      ranks, pr, pc, nb, n, blocks, need, n / need);
    return OVP_OK;
}

/* pdsyevr's LWORK for jobz = N (its header): 2 + 5n + max(18·nn, np0·mq0 + 2·nb²)
 * + (2 + ⌈n/P⌉)·nn, nn = max(n, nb, 2); LIWORK ≤ 12·nn + 2·n. In doubles. */
static size_t syevr_lwork(int n, int nb, int nprow, int npcol, size_t np0mq0)
{
    size_t nn = (size_t)(n > nb ? n : nb), P = (size_t)nprow * (size_t)npcol;
    if (nn < 2)
        nn = 2;
    size_t a = 18 * nn, b = np0mq0 + 2 * (size_t)nb * (size_t)nb;
    return 2 + 5 * (size_t)n + (a > b ? a : b) + (2 + ((size_t)n + P - 1) / P) * nn;
}

static ovp_distgram_solver resolve(ovp_distgram_solver solver)
{
#ifdef OVP_HAVE_ELPA
    return solver == OVP_DISTGRAM_AUTO ? OVP_DISTGRAM_ELPA : solver;
#else
    return solver == OVP_DISTGRAM_AUTO ? OVP_DISTGRAM_PDSYEVR : solver;
#endif
}

/* ELPA's workspace in local matrices, measured (ovp bench --filter dist peak RSS). */
enum { ELPA_LOCAL_MATRICES = 4 };

size_t ovp_distgram_rank_bytes(size_t n, size_t d, int ranks, int nb, ovp_distgram_solver solver)
{
    if (ovp_distgram_check(n, d, ranks, nb, NULL, 0))
        return 0;
    if (nb == 0)
        nb = OVP_DISTGRAM_NB_DEFAULT;
    int pr, pc, N = (int)n;
    if (ovp_distgram_grid_shape(ranks, &pr, &pc))
        return 0;
    /* Grid position (0,0) owns the most rows and columns. */
    size_t np0 = (size_t)numroc_(&N, &nb, &i0, &i0, &pr), mq0 = (size_t)numroc_(&N, &nb, &i0, &i0, &pc);
    size_t local = np0 * mq0;
    size_t ws = resolve(solver) == OVP_DISTGRAM_ELPA ? 8 * ELPA_LOCAL_MATRICES * local
                                                     : 8 * syevr_lwork(N, nb, pr, pc, local) + 4 * 14 * n;
    return 8 * (n * d + n) + 8 * 2 * local + ws;
}

int ovp_distgram_ranks_needed(size_t n, size_t d, int nb, ovp_distgram_solver solver, size_t budget, int max_ranks)
{
    for (int p = 1; p <= max_ranks; p++) {
        size_t b = ovp_distgram_rank_bytes(n, d, p, nb, solver);
        if (b > 0 && b <= budget)
            return p;
    }
    return 0;
}

int ovp_distgram_init(ovp_distgram *g, MPI_Comm comm, size_t n, size_t d, int nb, char *why, size_t len)
{
    memset(g, 0, sizeof *g);
    int ranks, rank;
    if (MPI_Comm_size(comm, &ranks) != MPI_SUCCESS || MPI_Comm_rank(comm, &rank) != MPI_SUCCESS)
        return refuse(why, len, "not a usable MPI communicator");
    int st = ovp_distgram_check(n, d, ranks, nb, why, len);
    if (st)
        return st;
    g->comm = comm;
    g->rank = rank;
    g->ranks = ranks;
    g->n = (int)n;
    g->d = (int)d;
    g->nb = nb ? nb : OVP_DISTGRAM_NB_DEFAULT;
    if (ovp_distgram_grid_shape(ranks, &g->nprow, &g->npcol))
        return OVP_EINVAL;
    /* Row-major grid: rank = myrow·P_c + mycol. */
    g->blacs = Csys2blacs_handle(comm);
    g->ctxt = g->blacs;
    Cblacs_gridinit(&g->ctxt, "Row", g->nprow, g->npcol);
    int pr, pc;
    Cblacs_gridinfo(g->ctxt, &pr, &pc, &g->myrow, &g->mycol);
    if (pr != g->nprow || pc != g->npcol || g->myrow < 0) {
        Cfree_blacs_system_handle(g->blacs);
        st = refuse(why, len, "BLACS could not make a %d×%d grid", g->nprow, g->npcol);
        memset(g, 0, sizeof *g);
        return st;
    }
    g->mloc = numroc_(&g->n, &g->nb, &g->myrow, &i0, &g->nprow);
    g->nloc = numroc_(&g->n, &g->nb, &g->mycol, &i0, &g->npcol);
    /* lld = mloc exactly: ELPA takes the local leading dimension to be local_nrows. */
    g->lld = g->mloc > 1 ? g->mloc : 1;
    int info = 0;
    descinit_(g->desc, &g->n, &g->n, &g->nb, &g->nb, &i0, &i0, &g->ctxt, &g->lld, &info);
    st = info ? lapack_status(info) : OVP_OK;
    if (!st) {
        size_t cnt = (size_t)g->lld * (size_t)(g->nloc > 0 ? g->nloc : 1);
        g->h = malloc(cnt * sizeof *g->h);
        g->work = malloc(cnt * sizeof *g->work);
        if (!g->h || !g->work)
            st = OVP_ENOMEM;
    }
    st = agree(g, st);
    if (st) {
        if (st == OVP_ENOMEM)
            refuse(why, len, "out of memory for H∞'s local blocks (%d×%d per rank, twice)", g->mloc, g->nloc);
        ovp_distgram_free(g);
    }
    return st;
}

void ovp_distgram_free(ovp_distgram *g)
{
    free(g->h);
    free(g->work);
    if (g->ranks > 0) {
        Cblacs_gridexit(g->ctxt);
        Cfree_blacs_system_handle(g->blacs);
    }
    memset(g, 0, sizeof *g);
}

/* The global index of local row (or column) l, block size nb, on grid coordinate p of np. */
static int global_of(int l, int nb, int p, int np) { return ((l / nb) * np + p) * nb + l % nb; }

int ovp_distgram_assemble(ovp_distgram *g, const ovp_mat *X)
{
    int st = (X->rows != (size_t)g->n || X->cols != (size_t)g->d) ? OVP_EINVAL : OVP_OK;
    st = agree(g, st);
    if (st)
        return st;
    g->x = X->data;
    g->ldx = X->ld;
    size_t n = (size_t)g->n, d = (size_t)g->d, ld = X->ld;
    double *norm = malloc(n * sizeof *norm);
    if (!norm)
        return agree(g, OVP_ENOMEM);
    for (size_t i = 0; i < n; i++)
        norm[i] = sqrt(cblas_ddot((int)d, X->data + i * ld, 1, X->data + i * ld, 1));
    /* Block by block: a block's rows (columns) are nb consecutive rows of X. */
    for (int lj = 0; lj < g->nloc; lj += g->nb) {
        int gj = global_of(lj, g->nb, g->mycol, g->npcol), bn = g->nloc - lj < g->nb ? g->nloc - lj : g->nb;
        for (int li = 0; li < g->mloc; li += g->nb) {
            int gi = global_of(li, g->nb, g->myrow, g->nprow), bm = g->mloc - li < g->nb ? g->mloc - li : g->nb;
            double *blk = g->h + (size_t)li + (size_t)lj * (size_t)g->lld;
            /* blk = X_I X_Jᵀ, column-major; X row-major is X_Iᵀ column-major. */
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, bm, bn, (int)d, 1.0, X->data + (size_t)gi * ld,
                        (int)ld, X->data + (size_t)gj * ld, (int)ld, 0.0, blk, g->lld);
            for (int jj = 0; jj < bn; jj++)
                for (int ii = 0; ii < bm; ii++) {
                    /* Both triangles (ELPA reads both), each from its upper-triangle pair (i ≤ j). */
                    size_t a = (size_t)(gi + ii), b = (size_t)(gj + jj);
                    if (a > b) {
                        size_t t = a;
                        a = b;
                        b = t;
                    }
                    double *e = blk + ii + (size_t)jj * (size_t)g->lld;
                    *e = ovp_gram_hinf_entry(X->data + a * ld, X->data + b * ld, norm[a], norm[b], d, *e);
                }
        }
    }
    free(norm);
    return agree(g, OVP_OK);
}

static void copy_h(ovp_distgram *g)
{
    memcpy(g->work, g->h, (size_t)g->lld * (size_t)(g->nloc > 0 ? g->nloc : 1) * sizeof *g->work);
}

static int eig_pdsyevr(ovp_distgram *g, double *lmin, double *lmax)
{
    int n = g->n, m = 0, nz = 0, info = 0, lwork = -1, liwork = -1, iwq = 0;
    double vl = 0, vu = 0, wq = 0;
    double *w = malloc((size_t)n * sizeof *w);
    if (!w)
        return agree(g, OVP_ENOMEM);
    copy_h(g);
    /* jobz = N, range = A: the eigenvalues of the tridiagonal matrix cost O(n²). */
    pdsyevr_("N", "A", "U", &n, g->work, &i1, &i1, g->desc, &vl, &vu, &i1, &n, &m, &nz, w, NULL, &i1, &i1,
             g->desc, &wq, &lwork, &iwq, &liwork, &info);
    int st = info ? lapack_status(info) : OVP_OK;
    double *work = NULL;
    int *iwork = NULL;
    if (!st) {
        lwork = (int)wq + 1;
        liwork = iwq;
        work = malloc((size_t)lwork * sizeof *work);
        iwork = malloc((size_t)(liwork > 1 ? liwork : 1) * sizeof *iwork);
        if (!work || !iwork)
            st = OVP_ENOMEM;
    }
    st = agree(g, st);
    if (!st) {
        pdsyevr_("N", "A", "U", &n, g->work, &i1, &i1, g->desc, &vl, &vu, &i1, &n, &m, &nz, w, NULL, &i1, &i1,
                 g->desc, work, &lwork, iwork, &liwork, &info);
        st = info ? lapack_status(info) : (m != n ? lapack_status(-1000 - m) : OVP_OK);
        if (!st) {
            *lmin = w[0];
            *lmax = w[n - 1];
        }
    }
    free(work);
    free(iwork);
    free(w);
    return agree(g, st);
}

int ovp_distgram_eig_ends(ovp_distgram *g, ovp_distgram_solver solver, double *lambda_min, double *lambda_max)
{
    *lambda_min = *lambda_max = NAN;
    solver = resolve(solver);
    if (solver == OVP_DISTGRAM_PDSYEVR)
        return eig_pdsyevr(g, lambda_min, lambda_max);
    if (solver != OVP_DISTGRAM_ELPA)
        return OVP_EINVAL;
#ifdef OVP_HAVE_ELPA
    double *w = malloc((size_t)g->n * sizeof *w);
    if (!w)
        return agree(g, OVP_ENOMEM);
    copy_h(g);
    int st = ovp_distelpa_eigenvalues(g, g->work, w);
    if (!st) {
        *lambda_min = w[0];
        *lambda_max = w[g->n - 1];
    }
    free(w);
    return agree(g, st);
#else
    return OVP_EINVAL;
#endif
}

/* pdpotrf of the working copy, which holds H∞ − cI: *pd = 0 for info > 0. */
static int factor(ovp_distgram *g, double c, int *pd)
{
    copy_h(g);
    for (int lj = 0; lj < g->nloc; lj++) {
        int gj = global_of(lj, g->nb, g->mycol, g->npcol);
        for (int li = 0; li < g->mloc; li++)
            if (global_of(li, g->nb, g->myrow, g->nprow) == gj)
                g->work[li + (size_t)lj * (size_t)g->lld] -= c;
    }
    int info = 0;
    pdpotrf_("U", &g->n, g->work, &i1, &i1, g->desc, &info);
    /* info is global: every rank sees the same. */
    *pd = info == 0;
    return info < 0 ? lapack_status(info) : OVP_OK;
}

int ovp_distgram_pd_above(ovp_distgram *g, double c, int *pd)
{
    *pd = 0;
    return agree(g, factor(g, c, pd));
}

int ovp_distgram_quad_inv(ovp_distgram *g, const double *y, double *q)
{
    *q = NAN;
    int pd = 0, st = agree(g, factor(g, 0.0, &pd));
    if (st)
        return st;
    if (!pd) /* pdpotrf's info is global: every rank returns here */
        return OVP_EDOM;
    /* b: y as an n×1 block-cyclic vector, held by grid column 0. */
    int descb[OVP_DESC_LEN], info = 0;
    descinit_(descb, &g->n, &i1, &g->nb, &g->nb, &i0, &i0, &g->ctxt, &g->lld, &info);
    if (info)
        return agree(g, lapack_status(info));
    double *b = calloc((size_t)g->lld, sizeof *b);
    if (!b)
        return agree(g, OVP_ENOMEM);
    if (g->mycol == 0)
        for (int li = 0; li < g->mloc; li++)
            b[li] = y[global_of(li, g->nb, g->myrow, g->nprow)];
    pdpotrs_("U", &g->n, &i1, g->work, &i1, &i1, g->desc, b, &i1, &i1, descb, &info);
    st = info ? lapack_status(info) : OVP_OK;
    double part = 0.0, sum = 0.0;
    if (g->mycol == 0)
        for (int li = 0; li < g->mloc; li++)
            part += y[global_of(li, g->nb, g->myrow, g->nprow)] * b[li];
    free(b);
    st = agree(g, st);
    if (st)
        return st;
    if (MPI_Allreduce(&part, &sum, 1, MPI_DOUBLE, MPI_SUM, g->comm) != MPI_SUCCESS)
        return OVP_EINVAL;
    *q = sum;
    return OVP_OK;
}
