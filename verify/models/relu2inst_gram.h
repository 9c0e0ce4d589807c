/* verify/models/relu2inst_gram.h: the --gram path of a two-layer ReLU instance (internal to
 * verify/models; the public part is in relu2inst.h).
 *
 * local: K, H∞ and its eigenvalues by LAPACK in each process (what every run did before
 * issue 18). distributed: H∞ assembled and λ₀, λ_max, yᵀ(H∞)⁻¹y computed by ScaLAPACK over
 * every MPI rank (kernels/dist/distgram.h); with --data-only no rank holds K or H∞, which is
 * what lets a dataset beyond one node's memory through (docs/distributed.md). */
#ifndef OVP_RELU2INST_GRAM_H
#define OVP_RELU2INST_GRAM_H

#include "relu2inst.h"

/* The path for --gram's choice (NULL: auto) on n×d data: distributed when asked, or
 * under auto when more than one MPI rank runs and n ≥ OVP_RELU2INST_DIST_MIN_N. OVP_EINVAL with the fix when
 * distributed is asked but cannot run (one rank, no ScaLAPACK in the build, a grid
 * ovp_distgram_check refuses). Not collective: every rank decides the same. */
OVP_MUST_CHECK int ovp_relu2inst_gram_choose(const char *gram, size_t n, size_t d,
                                             ovp_relu2inst_gram *g, char *err, size_t errlen);

/* Peak bytes per rank of the instance's matrices on path g (relu2inst.h's
 * ovp_relu2inst_shared_bytes, which also words the refusal). */
double ovp_relu2inst_gram_bytes(size_t n, size_t d, const ovp_relu2inst_gram *g, int data_only);

/* The distributed path of ovp_relu2inst_build: H∞ assembled over the ranks, λ₀ and
 * λ_max from one distributed reduction; the grid is kept in in->dist for yᵀ(H∞)⁻¹y.
 * Collective. err says why on failure. */
OVP_MUST_CHECK int ovp_relu2inst_gram_build(ovp_relu2inst *in, char *err, size_t errlen);
void ovp_relu2inst_gram_free(ovp_relu2inst *in);

/* The path into the run's parameters: gram, and when distributed gram_ranks,
 * gram_grid ("2 x 2"), gram_block and gram_bytes_per_rank. */
void ovp_relu2inst_gram_record(ovp_run *r, const ovp_relu2inst *in);

#endif
