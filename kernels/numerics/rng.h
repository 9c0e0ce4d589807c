/* kernels/numerics/rng.h: keyed random streams, Philox4x64-10 behind GSL's gsl_rng.
 *
 * One stream per (experiment, config, seed): the stream a task draws from
 * depends only on its identity, never on which thread or rank runs it, and
 * the whole identity keys it, with no folding into a shorter seed.
 *
 * The generator is Philox4x64-10, the counter-based generator of
 *   J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random
 *   numbers: as easy as 1, 2, 3", SC'11 (2011), doi:10.1145/2063384.2063405,
 * from Random123 1.14.0 (Debian librandom123-dev, header-only): a keyed
 * bijection of 256-bit counters, philox(K, C) = four 64-bit words.
 *
 * The stream of (experiment, config, seed) is
 *     K = the first 128 bits of SHA-256(experiment || 0x00 || config || 0x00),
 *         as two big-endian words (K[0] = the first 16 hex digits that
 *         `printf 'exp\0config\0' | sha256sum` prints, K[1] the next 16);
 *     C_i = (i, seed, 0, 0), i = 0, 1, 2, ...
 *     outputs: philox(K, C_0)[0..3], philox(K, C_1)[0..3], ...
 * The NUL after each string makes the encoding injective ("a","bc") and
 * ("ab","c") hash different bytes. For one key, distinct seeds give distinct
 * counters, so their blocks are distinct for ever (philox(K, .) is a
 * bijection); distinct (experiment, config) give distinct keys unless SHA-256
 * collides on 128 bits (about N²/2¹²⁹ for N configs). The block index i
 * carries into counter word 2 (then 3) after 2⁶⁴ blocks; word 1, the seed,
 * never changes.
 *
 * Every GSL sampler works on these streams: gsl_rng_get returns a full 64-bit
 * word (min 0, max 2⁶⁴−1), gsl_rng_uniform returns (w >> 11)·2⁻⁵³ in [0, 1)
 * with 53 random bits. */
#ifndef OVP_RNG_H
#define OVP_RNG_H

#include "mat.h"
#include "status.h"

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The GSL generator type "philox4x64-10". gsl_rng_alloc(ovp_rng_philox4x64)
 * and gsl_rng_set(r, s) give the stream with the all-zero key and counters
 * (i, s, 0, 0): GSL's set() takes one unsigned long, so it cannot carry a
 * stream's whole key; use ovp_rng_stream for keyed streams. */
extern const gsl_rng_type *ovp_rng_philox4x64;

/* The 128-bit Philox key of (experiment, config), as above. NULL reads as "". */
void ovp_rng_key(const char *experiment, const char *config, uint64_t key[2]);

/* A new generator on the stream of (experiment, config, seed), at its start.
 * NULL when out of memory. Free with gsl_rng_free. */
gsl_rng *ovp_rng_stream(const char *experiment, const char *config, uint64_t seed);

/* Positions r, a generator of type ovp_rng_philox4x64, at counter ctr under
 * key: the next four gsl_rng_get return philox(key, ctr)[0..3], then the block
 * of ctr with word 0 incremented, and so on. OVP_EINVAL if r has another type. */
OVP_MUST_CHECK int ovp_rng_philox_set(gsl_rng *r, const uint64_t key[2], const uint64_t ctr[4]);

/* The generator and stream layout, for provenance ("rng" in summary.json and
 * bench JSON). A static string. */
const char *ovp_rng_describe(void);

/* x_i ~ N(0, sigma²), i < n (ziggurat). */
void ovp_rng_gaussian(gsl_rng *r, double sigma, double *x, size_t n);

/* Fills A with iid N(0, sigma²) entries. */
void ovp_rng_gaussian_mat(gsl_rng *r, double sigma, ovp_mat *A);

/* Rows of X uniform on the unit sphere S^{cols−1}. */
void ovp_rng_sphere_rows(gsl_rng *r, ovp_mat *X);

/* a_i uniform on {−1, +1}. */
void ovp_rng_signs(gsl_rng *r, double *a, size_t n);

#endif
