/* verify/io/provenance.c: build info (generated at build time) and runtime facts. */
#include "provenance.h"
#include "blascore.h"
#include "blasinfo.h"
#include "rng.h"
#include "sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
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
    ovp_blasinfo_blas(p->blas, sizeof p->blas);
    ovp_blasinfo_lapack(p->lapack, sizeof p->lapack);
    ovp_cpu_features f;
    ovp_blascore_cpu(&f);
    ovp_blascore_cpu_model(p->cpu_model, sizeof p->cpu_model);
    ovp_blascore_features_text(&f, p->cpu_features, sizeof p->cpu_features);
    const char *env = getenv("OPENBLAS_CORETYPE"), *marker = getenv(OVP_BLASCORE_MARKER);
    snprintf(p->blas_core, sizeof p->blas_core, "%s", ovp_blascore_loaded());
    ovp_blascore_advice_text(ovp_blascore_decide(&f, p->blas_core, env != NULL), p->blas_core_advice,
                             sizeof p->blas_core_advice);
    snprintf(p->openblas_coretype, sizeof p->openblas_coretype, "%s", env ? env : "(unset)");
    snprintf(p->blas_core_option, sizeof p->blas_core_option, "%s", env && marker ? marker : "");
    p->rng = ovp_rng_describe();
    if (gethostname(p->host, sizeof p->host - 1) != 0)
        strcpy(p->host, "unknown");
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(p->utc, sizeof p->utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
    p->blas_threads = ovp_blasinfo_get_threads();
    p->cores = ovp_sysinfo_cores();
}

void ovp_provenance_write_table(ovp_json *j, const ovp_provenance_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ovp_json_key(j, f[i].key);
        if (f[i].kind == OVP_PROVENANCE_STR)
            ovp_json_string(j, f[i].s);
        else if (f[i].kind == OVP_PROVENANCE_INT)
            ovp_json_integer(j, (long long)f[i].x);
        else
            ovp_json_number(j, f[i].x);
    }
}

void ovp_provenance_write_fields(ovp_json *j, const ovp_provenance *p)
{
    const ovp_provenance_field f[] = {
        {"version", OVP_PROVENANCE_STR, .s = p->version},
        {"git_commit", OVP_PROVENANCE_STR, .s = p->git_commit},
        {"compiler", OVP_PROVENANCE_STR, .s = p->compiler},
        {"flags", OVP_PROVENANCE_STR, .s = p->flags},
        {"build_type", OVP_PROVENANCE_STR, .s = p->build_type},
        {"blas", OVP_PROVENANCE_STR, .s = p->blas},
        {"lapack", OVP_PROVENANCE_STR, .s = p->lapack},
        {"blas_core", OVP_PROVENANCE_STR, .s = p->blas_core},
        {"blas_core_advice", OVP_PROVENANCE_STR, .s = p->blas_core_advice},
        {"openblas_coretype", OVP_PROVENANCE_STR, .s = p->openblas_coretype},
        {"blas_core_option", OVP_PROVENANCE_STR, .s = p->blas_core_option},
        {"cpu_model", OVP_PROVENANCE_STR, .s = p->cpu_model},
        {"cpu_features", OVP_PROVENANCE_STR, .s = p->cpu_features},
        {"rng", OVP_PROVENANCE_STR, .s = p->rng},
        {"blas_threads", OVP_PROVENANCE_INT, .x = p->blas_threads},
        {"cores", OVP_PROVENANCE_INT, .x = p->cores},
        {"host", OVP_PROVENANCE_STR, .s = p->host},
        {"utc", OVP_PROVENANCE_STR, .s = p->utc},
    };
    ovp_provenance_write_table(j, f, sizeof f / sizeof *f);
}
