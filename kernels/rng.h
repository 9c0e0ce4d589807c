/* kernels/rng.h: seeded GSL random streams.
 * One stream per (experiment, config, seed): the stream a task draws from
 * depends only on its identity, never on which thread or rank runs it. */
#ifndef OVP_RNG_H
#define OVP_RNG_H

#include "mat.h"

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* 64-bit key of a stream: FNV-1a of the two strings, mixed with the seed by splitmix64. */
uint64_t ovp_rng_key(const char *experiment, const char *config, uint64_t seed);

/* A new MT19937 generator seeded from ovp_rng_key. NULL when out of memory.
 * Free with gsl_rng_free. */
gsl_rng *ovp_rng_stream(const char *experiment, const char *config, uint64_t seed);

/* x_i ~ N(0, sigma²), i < n (ziggurat). */
void ovp_rng_gaussian(gsl_rng *r, double sigma, double *x, size_t n);

/* Fills A with iid N(0, sigma²) entries. */
void ovp_rng_gaussian_mat(gsl_rng *r, double sigma, ovp_mat *A);

/* Rows of X uniform on the unit sphere S^{cols−1}. */
void ovp_rng_sphere_rows(gsl_rng *r, ovp_mat *X);

/* a_i uniform on {−1, +1}. */
void ovp_rng_signs(gsl_rng *r, double *a, size_t n);

#endif
