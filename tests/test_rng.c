/* tests/test_rng.c: Philox4x64-10 against Random123's known answers, the stream
 * layout of rng.h (key SHA-256(experiment NUL config NUL)[0:128], counter
 * (block, seed, 0, 0)), GSL's samplers on it, and distinct streams. */
#include "rng.h"
#include "status.h"

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The four words of philox(key, ctr), read through the GSL type. */
static void block(const uint64_t key[2], const uint64_t ctr[4], uint64_t out[4])
{
    gsl_rng *r = gsl_rng_alloc(ovp_rng_philox4x64);
    cr_assert_not_null(r);
    cr_assert_eq(ovp_rng_philox_set(r, key, ctr), OVP_OK);
    for (int i = 0; i < 4; i++)
        out[i] = gsl_rng_get(r);
    gsl_rng_free(r);
}

/* Known answers of Philox4x64-10: the three "philox4x64 10" lines of Random123's
 * tests/kat_vectors (github.com/DEShawResearch/random123, tag v1.14.0): counter
 * and key all 0, all 2^64-1, and hex digits of pi. */
Test(rng, philox4x64_10_known_answers)
{
    static const struct {
        uint64_t ctr[4], key[2], out[4];
    } kat[] = {
        {{0, 0, 0, 0},
         {0, 0},
         {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL,
          0x7e68b68aec7ba23bULL}},
        {{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX},
         {UINT64_MAX, UINT64_MAX},
         {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL,
          0xa09caebf594f0ba0ULL}},
        {{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL,
          0x082efa98ec4e6c89ULL},
         {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL},
         {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL,
          0x57bd43b5e52b7fe6ULL}},
    };
    for (size_t v = 0; v < sizeof kat / sizeof kat[0]; v++) {
        uint64_t out[4];
        block(kat[v].key, kat[v].ctr, out);
        for (int i = 0; i < 4; i++)
            cr_assert_eq(out[i], kat[v].out[i], "vector %zu word %d: %016llx", v, i,
                         (unsigned long long)out[i]);
    }
}

Test(rng, gsl_type)
{
    gsl_rng *r = gsl_rng_alloc(ovp_rng_philox4x64);
    cr_assert_str_eq(gsl_rng_name(r), "philox4x64-10");
    cr_assert_eq(gsl_rng_min(r), 0UL);
    cr_assert_eq(gsl_rng_max(r), ULONG_MAX);
    /* gsl_rng_set(r, s): the all-zero key, counter (0, s, 0, 0); seed 0 is the first KAT */
    gsl_rng_set(r, 0);
    cr_assert_eq(gsl_rng_get(r), 0x16554d9eca36314cULL);
    gsl_rng_set(r, 77);
    uint64_t out[4];
    block((uint64_t[]){0, 0}, (uint64_t[]){0, 77, 0, 0}, out);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(gsl_rng_get(r), out[i]);
    gsl_rng_free(r);
    /* another type is refused */
    gsl_rng *mt = gsl_rng_alloc(gsl_rng_mt19937);
    cr_assert_eq(ovp_rng_philox_set(mt, (uint64_t[]){0, 0}, (uint64_t[]){0, 0, 0, 0}), OVP_EINVAL);
    gsl_rng_free(mt);
}

Test(rng, key_is_sha256_prefix)
{
    /* printf 'a\0bc\0' | sha256sum  -> aa795aa4bbb61179 11ef062e271bcb05 ...
     * printf 'ab\0c\0' | sha256sum  -> 629c2f14f654f026 086f2aefe1855533 ... */
    uint64_t k[2], l[2];
    ovp_rng_key("a", "bc", k);
    cr_assert_eq(k[0], 0xaa795aa4bbb61179ULL);
    cr_assert_eq(k[1], 0x11ef062e271bcb05ULL);
    ovp_rng_key("ab", "c", l);
    cr_assert_eq(l[0], 0x629c2f14f654f026ULL);
    cr_assert_eq(l[1], 0x086f2aefe1855533ULL);
    /* NULL reads as "" */
    ovp_rng_key(NULL, "x", k);
    ovp_rng_key("", "x", l);
    cr_assert(k[0] == l[0] && k[1] == l[1]);
}

/* The stream of (e, c, seed) is philox(key(e, c), (i, seed, 0, 0)), i = 0, 1, ... */
static void check_layout(const char *e, const char *c, uint64_t seed)
{
    uint64_t key[2], out[4];
    ovp_rng_key(e, c, key);
    gsl_rng *r = ovp_rng_stream(e, c, seed);
    cr_assert_not_null(r);
    for (uint64_t i = 0; i < 3; i++) {
        block(key, (uint64_t[]){i, seed, 0, 0}, out);
        for (int w = 0; w < 4; w++)
            cr_assert_eq(gsl_rng_get(r), out[w], "seed %llu block %llu word %d",
                         (unsigned long long)seed, (unsigned long long)i, w);
    }
    gsl_rng_free(r);
}

Test(rng, stream_layout_and_extreme_seeds)
{
    check_layout("dulee2018", "m=64,n=32", 12345);
    check_layout("dulee2018", "m=64,n=32", 0);
    check_layout("dulee2018", "m=64,n=32", UINT64_MAX);
    /* seeds 0 and 2^64-1 give different streams, and usable uniforms */
    gsl_rng *a = ovp_rng_stream("x", "y", 0), *b = ovp_rng_stream("x", "y", UINT64_MAX);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        double u = gsl_rng_uniform(a), v = gsl_rng_uniform(b);
        cr_assert(u >= 0.0 && u < 1.0 && v >= 0.0 && v < 1.0);
        differ += u != v;
    }
    cr_assert_gt(differ, 990);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

Test(rng, block_index_carries_past_word_1)
{
    /* after block 2^64-1 comes (0, seed, 1, 0): the seed word never changes */
    uint64_t key[2] = {3, 4}, out[4];
    gsl_rng *r = gsl_rng_alloc(ovp_rng_philox4x64);
    cr_assert_eq(ovp_rng_philox_set(r, key, (uint64_t[]){UINT64_MAX, 9, 0, 0}), OVP_OK);
    for (int w = 0; w < 4; w++)
        gsl_rng_get(r);
    block(key, (uint64_t[]){0, 9, 1, 0}, out);
    for (int w = 0; w < 4; w++)
        cr_assert_eq(gsl_rng_get(r), out[w]);
    gsl_rng_free(r);
}

/* 1 when the first n draws of the two streams are equal. */
static int same_draws(gsl_rng *a, gsl_rng *b, int n)
{
    int same = 1;
    for (int i = 0; i < n; i++)
        same &= gsl_rng_get(a) == gsl_rng_get(b);
    return same;
}

Test(rng, identity_decides_the_stream)
{
    struct {
        const char *e, *c;
        uint64_t s;
        int same; /* as ("exp", "cfg", 7) */
    } cases[] = {
        {"exp", "cfg", 7, 1}, {"exp", "cfg", 8, 0}, {"exp", "cfg2", 7, 0},
        {"exp2", "cfg", 7, 0}, {"expc", "fg", 7, 0}, {"ex", "pcfg", 7, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        gsl_rng *a = ovp_rng_stream("exp", "cfg", 7);
        gsl_rng *b = ovp_rng_stream(cases[k].e, cases[k].c, cases[k].s);
        cr_assert_eq(same_draws(a, b, 1000), cases[k].same, "case %zu", k);
        gsl_rng_free(a);
        gsl_rng_free(b);
    }
    /* ("a","bc") and ("ab","c"): different keys, different streams */
    gsl_rng *a = ovp_rng_stream("a", "bc", 1), *b = ovp_rng_stream("ab", "c", 1);
    cr_assert_not(same_draws(a, b, 4));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

Test(rng, clone_continues_mid_block)
{
    gsl_rng *a = ovp_rng_stream("exp", "clone", 1);
    gsl_rng_get(a);
    gsl_rng_get(a);
    gsl_rng *b = gsl_rng_clone(a);
    cr_assert(same_draws(a, b, 100));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

Test(rng, uniform_and_uniform_int)
{
    gsl_rng *a = ovp_rng_stream("test", "uniform", 1), *b = ovp_rng_stream("test", "uniform", 1);
    for (int i = 0; i < 100000; i++) {
        double u = gsl_rng_uniform(a);
        cr_assert(u >= 0.0 && u < 1.0);
        /* 53 bits: the top 53 of the 64-bit word */
        cr_assert_eq(u, (double)(gsl_rng_get(b) >> 11) * 0x1.0p-53);
        double p = gsl_rng_uniform_pos(a);
        cr_assert(p > 0.0 && p < 1.0);
        (void)gsl_rng_uniform_pos(b);
    }
    static const unsigned long ns[] = {1, 2, 7, 100, 1UL << 40, ULONG_MAX};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        unsigned long hit = 0;
        for (int i = 0; i < 1000; i++) {
            unsigned long v = gsl_rng_uniform_int(a, ns[k]);
            cr_assert_lt(v, ns[k]);
            hit |= v;
        }
        if (ns[k] > 1)
            cr_assert_neq(hit, 0UL, "n = %lu never drew a non-zero value", ns[k]);
    }
    /* every value of a small range is drawn */
    int seen[7] = {0};
    for (int i = 0; i < 700; i++)
        seen[gsl_rng_uniform_int(a, 7)]++;
    for (int v = 0; v < 7; v++)
        cr_assert_gt(seen[v], 0);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

Test(rng, uniform_chi_square)
{
    /* 10^5 uniforms into 100 bins: X² = Σ (O−E)²/E with E = 1000 is χ²(99) for a
     * uniform generator. False-alarm rate 1e-6: the upper 1e-6 quantile of χ²(99),
     * gsl_cdf_chisq_Qinv(1e-6, 99) = 180.79. */
    enum { N = 100000, BINS = 100 };
    gsl_rng *r = ovp_rng_stream("test", "chisq", 1);
    int count[BINS] = {0};
    for (int i = 0; i < N; i++)
        count[(int)(gsl_rng_uniform(r) * BINS)]++;
    double e = (double)N / BINS, x2 = 0.0;
    for (int b = 0; b < BINS; b++)
        x2 += (count[b] - e) * (count[b] - e) / e;
    double limit = gsl_cdf_chisq_Qinv(1e-6, BINS - 1);
    cr_assert(fabs(limit - 180.79) < 0.01, "quantile %g", limit);
    cr_assert_lt(x2, limit, "X^2 = %g", x2);
    gsl_rng_free(r);
}

Test(rng, ziggurat_moments)
{
    /* GSL's ziggurat uses the low 32 bits of gsl_rng_get and gsl_rng_uniform:
     * 10^5 normals have mean within 5/sqrt(n) of 0 and variance within
     * 5·sqrt(2/n) of 1 (each a 5-sigma bound, false alarm about 6e-7). */
    enum { N = 100000 };
    gsl_rng *r = ovp_rng_stream("test", "ziggurat", 1);
    double s = 0.0, s2 = 0.0;
    for (int i = 0; i < N; i++) {
        double x = gsl_ran_gaussian_ziggurat(r, 1.0);
        s += x;
        s2 += x * x;
    }
    double mean = s / N, var = s2 / N - mean * mean;
    cr_assert_lt(fabs(mean), 5.0 / sqrt(N), "mean %g", mean);
    cr_assert_lt(fabs(var - 1.0), 5.0 * sqrt(2.0 / N), "variance %g", var);
    gsl_rng_free(r);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

Test(rng, many_streams_distinct)
{
    /* 10^5 configs of one experiment and seed: pairwise-distinct first outputs.
     * For independent uniform 64-bit words a repeat has probability about
     * N²/2^65 = 2.7e-10; with the old 32-bit fold it was about 1 − e^{−1.16}. */
    enum { N = 100000 };
    uint64_t *first = malloc(N * sizeof *first);
    cr_assert_not_null(first);
    char config[32];
    for (int i = 0; i < N; i++) {
        snprintf(config, sizeof config, "n=%d", i);
        gsl_rng *r = ovp_rng_stream("dulee2018", config, 1);
        cr_assert_not_null(r);
        first[i] = gsl_rng_get(r);
        gsl_rng_free(r);
    }
    qsort(first, N, sizeof *first, cmp_u64);
    for (int i = 1; i < N; i++)
        cr_assert_neq(first[i], first[i - 1], "repeat at %d: %016llx", i,
                      (unsigned long long)first[i]);
    free(first);
}

Test(rng, describe)
{
    const char *d = ovp_rng_describe();
    cr_assert_not_null(strstr(d, "philox4x64-10"));
    cr_assert_not_null(strstr(d, "Random123"));
}
