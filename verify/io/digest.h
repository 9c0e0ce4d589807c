/* verify/io/digest.h: FNV-1a 64-bit digests of bytes and files.
 *
 * What ovp hashes is identity and integrity against accidents (a task file of
 * another run, a truncated or edited CSV), not a security boundary: anyone who
 * can write the results folder can rewrite its digests too. FNV-1a is enough
 * for that, has no dependency, and is what the run key always used.
 * Reference: Fowler, Noll, Vo, http://www.isthe.com/chongo/tech/comp/fnv/. */
#ifndef OVP_DIGEST_H
#define OVP_DIGEST_H
#include "runstatus.h"

#include <stddef.h>
#include <stdint.h>

#define OVP_DIGEST_INIT 0xcbf29ce484222325ULL

/* h extended by n bytes at p. */
uint64_t ovp_digest_bytes(uint64_t h, const void *p, size_t n);
/* h extended by a NUL-terminated string and its terminator (so "ab","c" and
 * "a","bc" differ). */
uint64_t ovp_digest_str(uint64_t h, const char *s);
/* The digest of a whole file and its size. OVP_OK, or OVP_EIO with a message. */
OVP_MUST_CHECK int ovp_digest_file(const char *path, uint64_t *digest, uint64_t *bytes, char *err,
                                   size_t errlen);
/* 16 lower-case hex digits and a NUL. */
void ovp_digest_hex(uint64_t h, char hex[17]);
#endif
