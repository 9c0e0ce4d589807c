/* tests/test_blascore.c: the BLAS core advice (issue 17) on recorded CPU/core
 * pairs, the --blas-core choice and its refusals, the core in summary.json's
 * provenance (the run key: tests/test_runkey.c). The tests never set
 * OPENBLAS_CORETYPE: the refusal is tested through the pure function, and end
 * to end only when the environment the tests inherit already sets it. */
#define _GNU_SOURCE
#include "blascore.h"
#include "blasinfo.h"
#include "harness.h"
#include "jsonread.h"
#include "results.h"
#include "run.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Recorded CPUs (the features OpenBLAS's kernels need; cpuid of real machines). */
static const ovp_cpu_features none = {0};                       /* an old Atom: SSE only */
static const ovp_cpu_features avx_only = {.avx = 1};            /* Sandy Bridge */
static const ovp_cpu_features avx2 = {.avx = 1, .fma = 1, .avx2 = 1}; /* Haswell, Zen 2 */
static const ovp_cpu_features avx512 = {.avx = 1, .fma = 1, .avx2 = 1, .avx512f = 1, .avx512bw = 1,
                                        .avx512dq = 1, .avx512vl = 1, .avx512cd = 1}; /* Skylake-SP */
static const ovp_cpu_features avx512bf16 = {.avx = 1, .fma = 1, .avx2 = 1, .avx512f = 1, .avx512bw = 1,
                                            .avx512dq = 1, .avx512vl = 1, .avx512cd = 1,
                                            .avx512_bf16 = 1}; /* Cooper Lake, Zen 4/5 (this EPYC) */
static const ovp_cpu_features avx512f_only = {.avx = 1, .fma = 1, .avx2 = 1, .avx512f = 1,
                                              .avx512cd = 1}; /* Knights Landing: no BW/DQ/VL */

Test(blascore, decision_table)
{
    const struct {
        const ovp_cpu_features *cpu;
        const char *core;
        int env;
        ovp_blascore_verdict verdict;
        const char *suggest;
    } rows[] = {
        /* the case: a generic core on a CPU with AVX-512 and BF16 */
        {&avx512bf16, "Prescott", 0, OVP_BLASCORE_WARN, "Cooperlake"},
        {&avx512, "Prescott", 0, OVP_BLASCORE_WARN, "SkylakeX"},
        {&avx2, "Prescott", 0, OVP_BLASCORE_WARN, "Haswell"},
        {&avx2, "Core2", 0, OVP_BLASCORE_WARN, "Haswell"},
        {&avx512bf16, "generic", 0, OVP_BLASCORE_WARN, "Cooperlake"},
        {&avx512, "Nehalem", 0, OVP_BLASCORE_WARN, "SkylakeX"},
        {&avx_only, "Prescott", 0, OVP_BLASCORE_WARN, "Sandybridge"},
        {&avx512bf16, "Sandybridge", 0, OVP_BLASCORE_WARN, "Cooperlake"}, /* AVX without FMA: a fallback too */
        /* the right core, or nothing faster */
        {&avx512, "SkylakeX", 0, OVP_BLASCORE_OK, NULL},
        {&avx512bf16, "Cooperlake", 0, OVP_BLASCORE_OK, NULL},
        {&avx2, "Haswell", 0, OVP_BLASCORE_OK, NULL},
        {&avx2, "Zen", 0, OVP_BLASCORE_OK, NULL},
        {&none, "Prescott", 0, OVP_BLASCORE_OK, NULL},
        {&none, "Atom", 0, OVP_BLASCORE_OK, NULL},
        {&avx512f_only, "Haswell", 0, OVP_BLASCORE_OK, NULL}, /* SkylakeX kernels need BW/DQ/VL */
        /* vectorised, but a faster core fits: recorded, a note without the variable */
        {&avx512bf16, "Haswell", 0, OVP_BLASCORE_FASTER, "Cooperlake"},
        {&avx512, "Zen", 0, OVP_BLASCORE_FASTER, "SkylakeX"},
        {&avx512bf16, "SkylakeX", 0, OVP_BLASCORE_OK, NULL}, /* Cooperlake adds BF16 only: same dgemm */
        {&avx512, "Cooperlake", 1, OVP_BLASCORE_OK, NULL},
        {&avx512bf16, "Haswell", 1, OVP_BLASCORE_FASTER, "Cooperlake"}, /* this machine's environment */
        /* OPENBLAS_CORETYPE chose the generic core: a note, never an override */
        {&avx512bf16, "Prescott", 1, OVP_BLASCORE_ENV, "Cooperlake"},
        {&avx2, "Prescott", 1, OVP_BLASCORE_ENV, "Haswell"},
        {&avx512, "SkylakeX", 1, OVP_BLASCORE_OK, NULL},
        /* not OpenBLAS, or a core we do not rank */
        {&avx512bf16, NULL, 0, OVP_BLASCORE_OK, NULL},
        {&avx512bf16, "", 0, OVP_BLASCORE_OK, NULL},
        {&avx512bf16, "SapphireRapids", 0, OVP_BLASCORE_OK, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        ovp_blascore_advice a = ovp_blascore_decide(rows[i].cpu, rows[i].core, rows[i].env);
        cr_assert_eq(a.verdict, rows[i].verdict, "row %zu (%s, env %d): verdict %d, expected %d", i,
                     rows[i].core ? rows[i].core : "NULL", rows[i].env, a.verdict, rows[i].verdict);
        if (rows[i].suggest)
            cr_assert(a.suggest && strcmp(a.suggest, rows[i].suggest) == 0, "row %zu: suggest %s, expected %s", i,
                      a.suggest ? a.suggest : "NULL", rows[i].suggest);
        else
            cr_assert_null(a.suggest, "row %zu: suggests %s", i, a.suggest);
    }
}

Test(blascore, choose_refuses_an_environment_setting)
{
    const char *core = "x";
    char err[512];
    cr_assert_eq(ovp_blascore_choose("Cooperlake", &avx512bf16, "Haswell", "Haswell", &core, err, sizeof err), -1);
    cr_assert_null(core);
    cr_assert(strstr(err, "OPENBLAS_CORETYPE=Haswell is already set"), "%s", err);
    cr_assert_eq(ovp_blascore_choose("auto", &avx512bf16, "Prescott", "Prescott", &core, err, sizeof err), -1);
    cr_assert(strstr(err, "does not override"), "%s", err);
}

Test(blascore, choose_picks_and_checks_the_core)
{
    const char *core;
    char err[512];
    cr_assert_eq(ovp_blascore_choose("auto", &avx512bf16, "Prescott", NULL, &core, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(core, "Cooperlake");
    cr_assert_eq(ovp_blascore_choose("auto", &avx2, "Prescott", NULL, &core, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(core, "Haswell");
    cr_assert_eq(ovp_blascore_choose("skylakex", &avx512bf16, "Cooperlake", NULL, &core, err, sizeof err), 0);
    cr_assert_str_eq(core, "SkylakeX", "the canonical spelling is what OpenBLAS gets");
    cr_assert_eq(ovp_blascore_choose("auto", &none, "Prescott", NULL, &core, err, sizeof err), 0);
    cr_assert_null(core, "no AVX: nothing to re-execute with");
    /* OpenBLAS ignores names it does not know, and a core the CPU cannot run would fault */
    cr_assert_eq(ovp_blascore_choose("Skylake", &avx512bf16, "Prescott", NULL, &core, err, sizeof err), -1);
    cr_assert(strstr(err, "unknown core"), "%s", err);
    cr_assert_eq(ovp_blascore_choose("Cooperlake", &avx2, "Haswell", NULL, &core, err, sizeof err), -1);
    cr_assert(strstr(err, "cannot run it"), "%s", err);
    cr_assert_eq(ovp_blascore_choose("Cooperlake", &avx512, "SkylakeX", NULL, &core, err, sizeof err), -1);
    cr_assert(strstr(err, "cannot run it"), "no BF16: %s", err);
    cr_assert_eq(ovp_blascore_choose("auto", &avx512, "Prescott", NULL, &core, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(core, "SkylakeX");
    cr_assert_eq(ovp_blascore_choose("auto", &avx2, "", NULL, &core, err, sizeof err), -1, "not OpenBLAS");
    cr_assert(strstr(err, "needs OpenBLAS"), "%s", err);
}

Test(blascore, features_and_model_read)
{
    ovp_cpu_features f;
    ovp_blascore_cpu(&f);
    char text[256], model[64];
    ovp_blascore_features_text(&f, text, sizeof text);
    ovp_blascore_cpu_model(model, sizeof model);
    cr_assert_gt(strlen(text), 0);
    cr_assert_gt(strlen(model), 0);
    /* implications every x86 CPU honours */
    cr_assert(!f.avx2 || f.avx);
    cr_assert(!f.avx512_bf16 || f.avx512f);
    ovp_blascore_features_text(&none, text, sizeof text);
    cr_assert_str_eq(text, "none");
    ovp_blascore_features_text(&avx512bf16, text, sizeof text);
    cr_assert_str_eq(text, "avx fma avx2 avx512f avx512bw avx512dq avx512vl avx512cd avx512_bf16");
}

/* The cpuinfo flags words give the same features, and so the same advice, as
 * cpuid: the bench's peak estimate and the core warning read one table. */
Test(blascore, cpuinfo_flags_parse)
{
    /* this EPYC's flags line (abridged to what matters, real order) */
    const char *epyc = "fpu sse sse2 ht avx f16c fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl "
                       "avx512_bf16 avx512vbmi avx512_vnni";
    ovp_cpu_features f;
    ovp_blascore_features_parse(epyc, &f);
    cr_assert(f.sse2 && f.avx && f.fma && f.avx2 && f.avx512f && f.avx512bw && f.avx512dq && f.avx512vl &&
              f.avx512cd && f.avx512_bf16);
    cr_assert_str_eq(ovp_blascore_best(&f), "Cooperlake");
    cr_assert_eq(ovp_blascore_decide(&f, "Prescott", 0).verdict, OVP_BLASCORE_WARN);
    /* whole words only: avx512_fake is not avx512f, avx512vbmi not avx512vl */
    ovp_blascore_features_parse("sse2 avx fma avx2 avx512_fake avx512vbmi", &f);
    cr_assert(f.avx2 && !f.avx512f && !f.avx512vl);
    cr_assert_str_eq(ovp_blascore_best(&f), "Haswell");
    ovp_blascore_features_parse(NULL, &f);
    cr_assert(!f.sse2 && !f.avx);
    /* on this machine the two sources agree (Linux's flags reflect what the OS enabled) */
    FILE *c = fopen("/proc/cpuinfo", "r");
    if (!c)
        return;
    char line[8192];
    ovp_cpu_features from_cpuid;
    ovp_blascore_cpu(&from_cpuid);
    while (fgets(line, sizeof line, c))
        if (strncmp(line, "flags", 5) == 0) {
            ovp_blascore_features_parse(strchr(line, ':'), &f);
            cr_assert_eq(memcmp(&f, &from_cpuid, sizeof f), 0, "cpuinfo flags and cpuid disagree");
            break;
        }
    fclose(c);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 20];
    *len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

Test(blascore, provenance_fields_in_summary_json)
{
    const ovp_harness *h = ovp_harness_find("du2019");
    cr_assert_not_null(h);
    ovp_run r;
    ovp_run_init(&r, h->paper, "ci", 1);
    char dir[] = "/tmp/ovp-blascore-XXXXXX", err[512], path[128];
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(ovp_results_write(dir, &r, "0123456789abcdef", NULL, 0, NULL, 0, err, sizeof err), 0, "%s", err);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    size_t len;
    char *text = slurp(path, &len);
    ovp_jvalue *v = ovp_jsonread_parse(text, len, err, sizeof err);
    cr_assert_not_null(v, "%s", err);
    const ovp_jvalue *p = ovp_jsonread_get(v, "provenance");
    cr_assert_not_null(p);
    const char *keys[] = {"blas_core", "blas_core_advice", "openblas_coretype", "blas_core_option", "cpu_model",
                          "cpu_features"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        cr_assert_not_null(ovp_jsonread_get_string(p, keys[i]), "provenance.%s", keys[i]);
    cr_assert_str_eq(ovp_jsonread_get_string(p, "blas_core"), ovp_blascore_loaded());
    const char *env = getenv("OPENBLAS_CORETYPE");
    cr_assert_str_eq(ovp_jsonread_get_string(p, "openblas_coretype"), env ? env : "(unset)");
    cr_assert_gt(strlen(ovp_jsonread_get_string(p, "cpu_features")), 0);
    ovp_jsonread_free(v);
    ovp_run_free(&r);
    unlink(path);
    rmdir(dir);
}

#ifdef OVP_TEST_OVP
/* End to end, without setting OPENBLAS_CORETYPE: with the variable inherited,
 * `ovp --blas-core NAME` refuses (exit 2) and says why; without it, ovp
 * re-executes on the core and --version shows it. */
Test(blascore, cli_blas_core)
{
    char cmd[4096], out[4096] = "";
    snprintf(cmd, sizeof cmd, "'%s' --blas-core auto --version 2>&1", OVP_TEST_OVP);
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f);
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = '\0';
    int status = pclose(f);
    cr_assert(WIFEXITED(status));
    const char *env = getenv("OPENBLAS_CORETYPE");
    if (env) {
        cr_assert_eq(WEXITSTATUS(status), 2, "%s", out);
        cr_assert(strstr(out, "is already set in the environment"), "%s", out);
    } else if (*ovp_blascore_loaded()) {
        cr_assert_eq(WEXITSTATUS(status), 0, "%s", out);
        cr_assert(strstr(out, "BLAS core: "), "%s", out);
    } else { /* another provider */
        cr_assert_eq(WEXITSTATUS(status), 2, "%s", out);
        cr_assert(strstr(out, "needs OpenBLAS"), "%s", out);
    }
}
#endif
