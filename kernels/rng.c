/* kernels/rng.c: stream keys and the few samplers the models need. */
#include "rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h ^ 0xff; /* separator, so ("ab","c") differs from ("a","bc") */
}

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t ovp_rng_key(const char *experiment, const char *config, uint64_t seed)
{
    uint64_t h = fnv1a(fnv1a(0xcbf29ce484222325ULL, experiment), config);
    return splitmix64(h ^ splitmix64(seed));
}

gsl_rng *ovp_rng_stream(const char *experiment, const char *config, uint64_t seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return NULL;
    uint64_t k = ovp_rng_key(experiment, config, seed);
    /* MT19937 takes a 32-bit seed; fold the key so every bit matters. GSL maps
     * seed 0 to its default seed, so avoid it. */
    unsigned long s = (unsigned long)((k ^ (k >> 32)) & 0xffffffffUL);
    gsl_rng_set(r, s ? s : 1UL);
    return r;
}

void ovp_rng_gaussian(gsl_rng *r, double sigma, double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = gsl_ran_gaussian_ziggurat(r, sigma);
}

void ovp_rng_gaussian_mat(gsl_rng *r, double sigma, ovp_mat *A)
{
    for (size_t i = 0; i < A->rows; i++)
        ovp_rng_gaussian(r, sigma, &OVP_AT(A, i, 0), A->cols);
}

void ovp_rng_sphere_rows(gsl_rng *r, ovp_mat *X)
{
    for (size_t i = 0; i < X->rows; i++) {
        double *x = &OVP_AT(X, i, 0), s;
        do { /* a Gaussian vector is zero with probability 0; redraw if it is */
            ovp_rng_gaussian(r, 1.0, x, X->cols);
            s = 0.0;
            for (size_t j = 0; j < X->cols; j++)
                s += x[j] * x[j];
        } while (s == 0.0);
        double inv = 1.0 / sqrt(s);
        for (size_t j = 0; j < X->cols; j++)
            x[j] *= inv;
    }
}

void ovp_rng_signs(gsl_rng *r, double *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        a[i] = gsl_rng_uniform(r) < 0.5 ? -1.0 : 1.0;
}
