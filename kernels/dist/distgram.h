/* kernels/dist/distgram.h: H∞ of the two-layer ReLU model distributed over MPI
 * ranks, for datasets whose n×n Gram matrix does not fit one process (issue 18,
 * docs/distributed.md).
 *
 * H∞_ij = x_iᵀx_j (π − θ_ij)/2π (Du et al. 2019, eq. 3.1) lives in ScaLAPACK's
 * 2-D block-cyclic layout (ScaLAPACK Users' Guide §4.3) on a P_r × P_c BLACS
 * grid over all ranks of the communicator. Each rank computes only its own
 * blocks, entry by entry with ovp_gram_hinf_entry (kernels/models/gram.h), from X,
 * which every rank holds whole (n×d row-major, unit-norm rows: 8nd bytes, the
 * dataset's own size; 376 MB for n = 60,000, d = 784). No rank holds H∞.
 *
 * Every function below is collective over the communicator: all ranks call it
 * with the same arguments and get the same status (local failures such as an
 * allocation are agreed by an all-reduce, so no rank is left waiting).
 * Statuses: OVP_EINVAL (bad size, grid or block size; see ovp_distgram_check),
 * OVP_ENOMEM, OVP_ELAPACK (a ScaLAPACK/ELPA error; the info is in
 * ovp_status_lapack_info), OVP_EDOM (H∞ not positive definite where a solve
 * needs it). */
#ifndef OVP_DISTGRAM_H
#define OVP_DISTGRAM_H

#include "mat.h"
#include "status.h"

#include <mpi.h>
#include <stddef.h>

/* The block size: 64 rows × 64 columns. ScaLAPACK's reduction and Cholesky run
 * their panels at this width, so it trades BLAS-3 efficiency (a 64-wide dgemm
 * is already near peak with OpenBLAS) against load balance (the last block row
 * and column: at most 64 of n rows idle a grid row) and the pdsyevr workspace
 * (2·nb² doubles); 64 is the ScaLAPACK Users' Guide's usual choice (§5.2.2). */
#define OVP_DISTGRAM_NB_DEFAULT 64

/* The eigensolver of ovp_distgram_eig_ends. AUTO: ELPA when the build has it,
 * else pdsyevr. Measured on this machine (2 ranks, docs/distributed.md): a tie at
 * n = 2000 (3.1 s vs 3.2 s), ELPA 1.6–2× faster at n = 8000 (147 s vs 233–298 s),
 * but ELPA's peak is about 6 local matrices per rank against pdsyevr's 2–3: pdsyevr
 * is kept as the low-memory choice. */
typedef enum { OVP_DISTGRAM_AUTO = 0, OVP_DISTGRAM_PDSYEVR = 1, OVP_DISTGRAM_ELPA = 2 } ovp_distgram_solver;

typedef struct {
    MPI_Comm comm;
    int rank, ranks;
    int blacs, ctxt;              /* BLACS system handle and grid context */
    int nprow, npcol, myrow, mycol;
    int n, d, nb;
    int mloc, nloc, lld;          /* this rank's local rows and columns, leading dimension */
    int desc[9];                  /* ScaLAPACK descriptor of H∞ */
    double *h;                    /* H∞'s local blocks, column-major mloc×nloc (both triangles) */
    double *work;                 /* a second local matrix: the solvers reduce or factor this copy */
    const double *x;              /* X as given to ovp_distgram_assemble (not owned) */
    size_t ldx;
} ovp_distgram;

/* The grid for `ranks` ranks, as square as possible with every rank used:
 * P_r = the largest divisor of ranks with P_r ≤ √ranks, P_c = ranks/P_r
 * (1×2 for 2, 2×2 for 4, 2×3 for 6, 1×p for a prime p). OVP_EINVAL for ranks < 1. */
OVP_MUST_CHECK int ovp_distgram_grid_shape(int ranks, int *nprow, int *npcol);

/* Whether (n, d, ranks, nb) can run; OVP_OK or OVP_EINVAL with the reason in
 * why (len bytes, may be NULL). nb = 0 means OVP_DISTGRAM_NB_DEFAULT. Refused:
 * n or d < 1, n beyond ScaLAPACK's 32-bit indices, ranks < 1, nb < 0 or nb > n,
 * and a grid with a process row or column that would own no block
 * (⌈n/nb⌉ < max(P_r, P_c)): fewer ranks or a smaller block. Not collective. */
OVP_MUST_CHECK int ovp_distgram_check(size_t n, size_t d, int ranks, int nb, char *why, size_t len);

/* Sets up the grid on comm (MPI initialised) and allocates the local blocks.
 * On failure nothing is left to free. */
OVP_MUST_CHECK int ovp_distgram_init(ovp_distgram *g, MPI_Comm comm, size_t n, size_t d, int nb, char *why,
                                     size_t len);

/* Fills this rank's blocks of H∞ from X (n×d, the same on every rank): per block
 * one dgemm of the rows it needs (n²d/P flops per rank) and the entry formula.
 * X must stay alive and unchanged while g is used. */
OVP_MUST_CHECK int ovp_distgram_assemble(ovp_distgram *g, const ovp_mat *X);

/* λ_min(H∞) and λ_max(H∞) by one distributed reduction to tridiagonal form
 * (4/3 n³ flops in all) of a copy, eigenvalues only: ScaLAPACK pdsyevr
 * (jobz = N) or ELPA's eigenvalue solver. H∞ is kept. The end eigenvalues
 * share the reduction, which is ≥ 99% of the work; restricting the range (il = iu)
 * saves only the O(n²) tridiagonal stage, so both ends come from one call. Error
 * bound: ovp_gram_lambda_error(n, d, λ_max) (Weyl, as on one process; both
 * solvers are backward stable with p(n) = n). ELPA when the build has none: OVP_EINVAL. */
OVP_MUST_CHECK int ovp_distgram_eig_ends(ovp_distgram *g, ovp_distgram_solver solver, double *lambda_min,
                                         double *lambda_max);

/* The decision λ_min(H∞) ≥ c, strictly λ_min > c: *pd = 1 when pdpotrf of
 * H∞ − cI (a copy) succeeds, 0 when it reports a non-positive pivot (info > 0).
 * n³/3 flops. H∞ is kept. */
OVP_MUST_CHECK int ovp_distgram_pd_above(ovp_distgram *g, double c, int *pd);

/* yᵀ(H∞)⁻¹y (Arora et al. 2019, Thm 5.1) for y (n entries, the same on every
 * rank) by pdpotrf + pdpotrs on a copy: n³/3 flops. OVP_EDOM when H∞ is not
 * positive definite. H∞ is kept. */
OVP_MUST_CHECK int ovp_distgram_quad_inv(ovp_distgram *g, const double *y, double *q);

void ovp_distgram_free(ovp_distgram *g);

/* Peak bytes on the busiest rank (grid position (0,0), which owns the most
 * blocks) for (n, d, ranks, nb) with the given eigensolver (AUTO as in
 * ovp_distgram_eig_ends): X (8nd) and the row norms (8n), H∞'s blocks and the
 * working copy (2·8·mloc·nloc), and the solver's workspace: pdsyevr's LWORK
 * formula (np0·mq0 + ⌈n/P⌉·n doubles, about two more local matrices; measured
 * peaks stay below it), ELPA's as measured, four more local matrices (peak RSS
 * 5.4–5.6 local matrices at n = 2000 and 8000). The Cholesky cases need only
 * the two local matrices. MPI's own buffers (~30 MB) are not counted. 0 when
 * ovp_distgram_check refuses. */
size_t ovp_distgram_rank_bytes(size_t n, size_t d, int ranks, int nb, ovp_distgram_solver solver);

/* The least rank count, from 1 to max_ranks, whose ovp_distgram_rank_bytes fits
 * budget bytes per rank; 0 when none does (X alone may not fit). For the refusal
 * "needs N ranks". */
int ovp_distgram_ranks_needed(size_t n, size_t d, int nb, ovp_distgram_solver solver, size_t budget, int max_ranks);

#endif
