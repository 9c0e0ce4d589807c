/* verify/io/provenance.c: build info (generated at build time) and runtime facts. */
#include "provenance.h"
#include "blasinfo.h"
#include "rng.h"
#include "sysinfo.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern const char ovp_build_version[], ovp_build_commit[], ovp_build_compiler[],
    ovp_build_flags[], ovp_build_type[];

void ovp_provenance_collect(ovp_provenance *p)
{
    memset(p, 0, sizeof *p);
    p->version = ovp_build_version;
    p->git_commit = ovp_build_commit;
    p->compiler = ovp_build_compiler;
    p->flags = ovp_build_flags;
    p->build_type = ovp_build_type;
    ovp_blas_describe(p->blas, sizeof p->blas);
    ovp_lapack_describe(p->lapack, sizeof p->lapack);
    p->rng = ovp_rng_describe();
    if (gethostname(p->host, sizeof p->host - 1) != 0)
        strcpy(p->host, "unknown");
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(p->utc, sizeof p->utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
    p->blas_threads = ovp_blas_get_threads();
    p->cores = ovp_cores();
}

void ovp_provenance_write_fields(ovp_json *j, const ovp_provenance *p)
{
    ovp_json_key(j, "version");
    ovp_json_string(j, p->version);
    ovp_json_key(j, "git_commit");
    ovp_json_string(j, p->git_commit);
    ovp_json_key(j, "compiler");
    ovp_json_string(j, p->compiler);
    ovp_json_key(j, "flags");
    ovp_json_string(j, p->flags);
    ovp_json_key(j, "build_type");
    ovp_json_string(j, p->build_type);
    ovp_json_key(j, "blas");
    ovp_json_string(j, p->blas);
    ovp_json_key(j, "lapack");
    ovp_json_string(j, p->lapack);
    ovp_json_key(j, "rng");
    ovp_json_string(j, p->rng);
    ovp_json_key(j, "blas_threads");
    ovp_json_integer(j, p->blas_threads);
    ovp_json_key(j, "cores");
    ovp_json_integer(j, p->cores);
    ovp_json_key(j, "host");
    ovp_json_string(j, p->host);
    ovp_json_key(j, "utc");
    ovp_json_string(j, p->utc);
}
