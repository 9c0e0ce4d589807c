/* verify/io/digest.c: FNV-1a 64-bit digests. */
#include "digest.h"
#include "runstatus.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

uint64_t ovp_digest_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t ovp_digest_str(uint64_t h, const char *s) { return ovp_digest_bytes(h, s, strlen(s) + 1); }

int ovp_digest_file(const char *path, uint64_t *digest, uint64_t *bytes, char *err, size_t errlen)
{
    uint64_t h = OVP_DIGEST_INIT, total = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return OVP_EIO;
    }
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        h = ovp_digest_bytes(h, buf, n);
        total += n;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "cannot read '%s'", path);
        return OVP_EIO;
    }
    *digest = h;
    *bytes = total;
    return OVP_OK;
}

void ovp_digest_hex(uint64_t h, char hex[17]) { snprintf(hex, 17, "%016llx", (unsigned long long)h); }
