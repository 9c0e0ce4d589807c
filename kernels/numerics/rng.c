/* kernels/numerics/rng.c: Philox4x64-10 as a GSL generator, stream keys, and the few
 * samplers the models need. The layout is documented in rng.h. */
#include "rng.h"
#include "status.h"

#include <Random123/philox.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <nettle/sha2.h>
#include <string.h>

/* gsl_rng_get returns unsigned long: the full 64-bit words need it to be 64 bits. */
_Static_assert(sizeof(unsigned long) * 8 >= 64, "ovp's generator needs a 64-bit unsigned long");

typedef struct {
    uint64_t key[2];
    uint64_t ctr[4]; /* the next block to compute: (i, seed, carry, carry) */
    uint64_t buf[4]; /* philox(key, previous ctr) */
    unsigned next;   /* next unused word of buf; 4 when buf is spent */
} philox_state;

static void philox_position(philox_state *s, const uint64_t key[2], const uint64_t ctr[4])
{
    memcpy(s->key, key, sizeof s->key);
    memcpy(s->ctr, ctr, sizeof s->ctr);
    memset(s->buf, 0, sizeof s->buf);
    s->next = 4;
}

static unsigned long philox_get(void *vstate)
{
    philox_state *s = vstate;
    if (s->next == 4) {
        philox4x64_ctr_t c = {{s->ctr[0], s->ctr[1], s->ctr[2], s->ctr[3]}};
        philox4x64_key_t k = {{s->key[0], s->key[1]}};
        philox4x64_ctr_t out = philox4x64_R(10, c, k);
        memcpy(s->buf, out.v, sizeof s->buf);
        s->next = 0;
        /* The block index is word 0; it carries into words 2 and 3, never into
         * word 1 (the seed), so streams of distinct seeds never meet. */
        if (++s->ctr[0] == 0 && ++s->ctr[2] == 0)
            ++s->ctr[3];
    }
    return (unsigned long)s->buf[s->next++];
}

static double philox_get_double(void *vstate)
{
    return (double)(philox_get(vstate) >> 11) * 0x1.0p-53; /* 53 bits, in [0, 1) */
}

/* GSL's seed: the stream of the all-zero key with seed s (see rng.h). */
static void philox_set(void *vstate, unsigned long s)
{
    const uint64_t key[2] = {0, 0}, ctr[4] = {0, (uint64_t)s, 0, 0};
    philox_position(vstate, key, ctr);
}

static const gsl_rng_type philox_type = {
    "philox4x64-10", 0xffffffffffffffffUL, 0, sizeof(philox_state),
    &philox_set, &philox_get, &philox_get_double,
};

const gsl_rng_type *ovp_rng_philox4x64 = &philox_type;

void ovp_rng_key(const char *experiment, const char *config, uint64_t key[2])
{
    const char *parts[2] = {experiment ? experiment : "", config ? config : ""};
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    for (int p = 0; p < 2; p++) /* each string with its NUL: an injective encoding */
        sha256_update(&ctx, strlen(parts[p]) + 1, (const uint8_t *)parts[p]);
    sha256_digest(&ctx, sizeof digest, digest);
    for (int w = 0; w < 2; w++) {
        key[w] = 0;
        for (int b = 0; b < 8; b++)
            key[w] = key[w] << 8 | digest[8 * w + b];
    }
}

int ovp_rng_philox_set(gsl_rng *r, const uint64_t key[2], const uint64_t ctr[4])
{
    if (!r || r->type != ovp_rng_philox4x64 || !key || !ctr)
        return OVP_EINVAL;
    philox_position(gsl_rng_state(r), key, ctr);
    return OVP_OK;
}

gsl_rng *ovp_rng_stream(const char *experiment, const char *config, uint64_t seed)
{
    gsl_rng *r = gsl_rng_alloc(ovp_rng_philox4x64);
    if (!r)
        return NULL;
    uint64_t key[2];
    ovp_rng_key(experiment, config, key);
    const uint64_t ctr[4] = {0, seed, 0, 0};
    philox_position(gsl_rng_state(r), key, ctr);
    return r;
}

const char *ovp_rng_describe(void)
{
    return "philox4x64-10 (Random123 1.14.0), key SHA-256(experiment NUL config NUL)[0:128], "
           "counter (block, seed, 0, 0)";
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
