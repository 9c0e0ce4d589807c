/* tests/fuzz/fuzz_bodies.h: what one fuzz input exercises, shared by the
 * libFuzzer targets (fuzz_csv.c, fuzz_cli.c) and the regression test that
 * replays the corpus in the normal build (tests/test_fuzz_corpus.c).
 * Each returns 0, or aborts on a broken contract. */
#ifndef OVP_FUZZ_BODIES_H
#define OVP_FUZZ_BODIES_H

#include "cli.h"
#include "dataset.h"
#include "status.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The --data reader, every format (text, gzip, .npy, .npz, told apart by
 * their first bytes), parses or refuses with a message, owns nothing after a
 * refusal, and never accepts a non-finite value. */
static inline int fuzz_csv_one(const uint8_t *data, size_t size)
{
    ovp_dataset ds;
    char err[512] = "";
    int st = ovp_dataset_from_bytes(data, size, NULL, &ds, err, sizeof err);
    if (st == OVP_OK) {
        for (size_t i = 0; i < ds.n * ds.d; i++)
            if (!isfinite(ds.X[i]))
                abort();
        size_t rescaled;
        err[0] = '\0';
        st = ovp_dataset_normalise_rows(&ds, &rescaled, err, sizeof err);
        ovp_dataset_free(&ds);
        if (st != OVP_OK && !err[0]) /* a zero or infinite row: refused with a message */
            abort();
    } else if (!err[0] || ds.X || ds.y || ds.header) {
        abort();
    }
    return 0;
}

/* `ovp verify`'s parser, on the input split at newlines into argv: accepts,
 * or refuses with a message. */
static inline int fuzz_cli_one(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1), *argv[64];
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    int argc = 0;
    for (char *p = buf; argc < 64;) {
        argv[argc++] = p;
        char *nl = memchr(p, '\n', (size_t)(buf + size - p));
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    ovp_args a;
    const ovp_harness *h;
    int all;
    char err[512] = "";
    if (ovp_cli_parse_verify(argc, argv, &a, &h, &all, err, sizeof err) && !err[0])
        abort();
    free(buf);
    return 0;
}

#endif
