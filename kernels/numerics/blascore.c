/* kernels/numerics/blascore.c: cpuid, the OpenBLAS core ranking and the advice. */
#define _GNU_SOURCE
#include "blascore.h"
#include "blasinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define OVP_X86 1
#endif

/* The dgemm rates behind the warning: n = 2000, 2 threads, AMD EPYC with
 * AVX-512 and BF16, OpenBLAS 0.3.21 (docs/bench.md, "BLAS core"). */
#define OVP_BLASCORE_MEASURED "dgemm n = 2000 on 2 threads ran at 26 GFLOP/s with Prescott, 150 with Cooperlake"

void ovp_blascore_cpu(ovp_cpu_features *f)
{
    memset(f, 0, sizeof *f);
#ifdef OVP_X86
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return;
    int osxsave = (c >> 27) & 1;
    unsigned long long xcr0 = 0;
    if (osxsave) { /* which register states the OS saves: AVX needs 0x6, AVX-512 also 0xe0 */
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        xcr0 = ((unsigned long long)hi << 32) | lo;
    }
    int os_avx = (xcr0 & 0x6) == 0x6, os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0;
    f->sse2 = (d >> 26) & 1;
    f->avx = os_avx && ((c >> 28) & 1);
    f->fma = f->avx && ((c >> 12) & 1);
    unsigned max_leaf = __get_cpuid_max(0, NULL);
    if (max_leaf < 7 || !f->avx)
        return;
    __get_cpuid_count(7, 0, &a, &b, &c, &d);
    unsigned sub_leaves = a;
    f->avx2 = (b >> 5) & 1;
    if (os_avx512) {
        f->avx512f = (b >> 16) & 1;
        f->avx512dq = (b >> 17) & 1;
        f->avx512cd = (b >> 28) & 1;
        f->avx512bw = (b >> 30) & 1;
        f->avx512vl = (b >> 31) & 1;
        if (sub_leaves >= 1) {
            __get_cpuid_count(7, 1, &a, &b, &c, &d);
            f->avx512_bf16 = (a >> 5) & 1;
        }
    }
#endif
}

/* A whole word of the flags line. */
static int has_word(const char *flags, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = flags; (p = strstr(p, word)); p += k)
        if ((p == flags || p[-1] == ' ' || p[-1] == '\t') && (p[k] == ' ' || p[k] == '\t' || p[k] == '\n' || !p[k]))
            return 1;
    return 0;
}

void ovp_blascore_features_parse(const char *flags, ovp_cpu_features *f)
{
    memset(f, 0, sizeof *f);
    if (!flags)
        return;
    f->sse2 = has_word(flags, "sse2");
    f->avx = has_word(flags, "avx");
    f->fma = f->avx && has_word(flags, "fma");
    f->avx2 = f->avx && has_word(flags, "avx2");
    f->avx512f = f->avx && has_word(flags, "avx512f");
    f->avx512bw = f->avx512f && has_word(flags, "avx512bw");
    f->avx512dq = f->avx512f && has_word(flags, "avx512dq");
    f->avx512vl = f->avx512f && has_word(flags, "avx512vl");
    f->avx512cd = f->avx512f && has_word(flags, "avx512cd");
    f->avx512_bf16 = f->avx512f && has_word(flags, "avx512_bf16");
}

void ovp_blascore_cpu_model(char *buf, size_t len)
{
    snprintf(buf, len, "unknown");
#ifdef OVP_X86
    unsigned r[12];
    if (__get_cpuid_max(0x80000000, NULL) < 0x80000004)
        return;
    for (unsigned i = 0; i < 3; i++)
        __get_cpuid(0x80000002 + i, &r[4 * i], &r[4 * i + 1], &r[4 * i + 2], &r[4 * i + 3]);
    char s[49];
    memcpy(s, r, 48);
    s[48] = '\0';
    char *p = s, *e = s + strlen(s);
    while (*p == ' ')
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\0'))
        *--e = '\0';
    if (*p)
        snprintf(buf, len, "%s", p);
#endif
}

void ovp_blascore_features_text(const ovp_cpu_features *f, char *buf, size_t len)
{
    const struct {
        int on;
        const char *name;
    } w[] = {{f->avx, "avx"},           {f->fma, "fma"},           {f->avx2, "avx2"},
             {f->avx512f, "avx512f"},   {f->avx512bw, "avx512bw"}, {f->avx512dq, "avx512dq"},
             {f->avx512vl, "avx512vl"}, {f->avx512cd, "avx512cd"}, {f->avx512_bf16, "avx512_bf16"}};
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (w[i].on && used < len) {
            int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", w[i].name);
            used += n > 0 ? (size_t)n : 0;
        }
    if (!buf[0])
        snprintf(buf, len, "none");
}

/* The x86-64 cores of OpenBLAS 0.3.21's DYNAMIC_ARCH that OPENBLAS_CORETYPE
 * selects (each probed: an unknown name is silently ignored), ranked by the
 * widest vectors their double-precision kernels use: 0 SSE (generic), 1 AVX,
 * 2 AVX2/FMA, 3 AVX-512. Cooperlake is SkylakeX plus BF16 kernels, which ovp
 * (all double) never calls: same rank, and OpenBLAS's own pick where BF16 is. */
static const struct {
    const char *name;
    int tier;
} cores[] = {
    {"Prescott", 0},    {"Atom", 0},      {"Core2", 0},      {"Penryn", 0},      {"Dunnington", 0},
    {"Nehalem", 0},     {"Opteron", 0},   {"Opteron_SSE3", 0}, {"Barcelona", 0}, {"Nano", 0},
    {"Bobcat", 0},      {"Sandybridge", 1}, {"Bulldozer", 1}, {"Piledriver", 1}, {"Steamroller", 1},
    {"Excavator", 1},   {"Haswell", 2},   {"Zen", 2},        {"SkylakeX", 3},    {"Cooperlake", 3},
};
#define N_CORES (sizeof cores / sizeof *cores)

/* Names OpenBLAS reports for a CPU it did not recognise: the generic tier. */
static int reported_generic(const char *core)
{
    return strcasecmp(core, "generic") == 0 || strcasecmp(core, "Unknown") == 0;
}

static int tier_of(const char *core)
{
    if (reported_generic(core))
        return 0;
    for (size_t i = 0; i < N_CORES; i++)
        if (strcasecmp(core, cores[i].name) == 0)
            return cores[i].tier;
    return -1;
}

static int best_tier(const ovp_cpu_features *f)
{
    if (f->avx512f && f->avx512bw && f->avx512dq && f->avx512vl)
        return 3;
    if (f->avx2 && f->fma)
        return 2;
    return f->avx ? 1 : 0;
}

const char *ovp_blascore_best(const ovp_cpu_features *f)
{
    static const char *const by_tier[] = {NULL, "Sandybridge", "Haswell", "SkylakeX"};
    int t = best_tier(f);
    return t == 3 && f->avx512_bf16 ? "Cooperlake" : by_tier[t];
}

const char *ovp_blascore_known(const char *name)
{
    for (size_t i = 0; name && i < N_CORES; i++)
        if (strcasecmp(name, cores[i].name) == 0)
            return cores[i].name;
    return NULL;
}

ovp_blascore_advice ovp_blascore_decide(const ovp_cpu_features *f, const char *core, int env_set)
{
    ovp_blascore_advice a = {OVP_BLASCORE_OK, NULL};
    int have = core && *core ? tier_of(core) : -1, best = best_tier(f);
    if (have < 0 || have >= best) /* not OpenBLAS, a core we do not rank, or nothing faster fits */
        return a;
    a.suggest = ovp_blascore_best(f);
    if (have >= 2) /* vectorised with FMA: a faster core fits, not a fallback */
        a.verdict = OVP_BLASCORE_FASTER;
    else
        a.verdict = env_set ? OVP_BLASCORE_ENV : OVP_BLASCORE_WARN;
    return a;
}

const char *ovp_blascore_loaded(void)
{
    const char *(*corename)(void) =
        (const char *(*)(void))(size_t)ovp_blasinfo_provider_symbol("openblas_get_corename");
    const char *core = corename ? corename() : NULL;
    return core ? core : "";
}

const char *ovp_blascore_advice_text(ovp_blascore_advice a, char *buf, size_t len)
{
    switch (a.verdict) {
    case OVP_BLASCORE_OK:
        snprintf(buf, len, "ok");
        break;
    case OVP_BLASCORE_FASTER:
        snprintf(buf, len, "a faster core fits this CPU: %s", a.suggest);
        break;
    case OVP_BLASCORE_WARN:
        snprintf(buf, len, "generic core; %s fits this CPU (warned)", a.suggest);
        break;
    case OVP_BLASCORE_ENV:
        snprintf(buf, len, "generic core set by OPENBLAS_CORETYPE; %s fits this CPU", a.suggest);
        break;
    }
    return buf;
}

void ovp_blascore_warn_once(const char *prog)
{
    static int done;
    if (done)
        return;
    done = 1;
    ovp_cpu_features f;
    ovp_blascore_cpu(&f);
    const char *core = ovp_blascore_loaded(), *env = getenv("OPENBLAS_CORETYPE");
    ovp_blascore_advice a = ovp_blascore_decide(&f, core, env != NULL);
    char feats[256];
    ovp_blascore_features_text(&f, feats, sizeof feats);
    switch (a.verdict) {
    case OVP_BLASCORE_OK:
        break;
    case OVP_BLASCORE_FASTER:
        if (!env) /* the user chose this core: nothing to say */
            fprintf(stderr, "%s: note: OpenBLAS runs its %s core; %s fits this CPU (%s) and is faster; "
                            "'ovp --blas-core auto ...' runs on it\n",
                    prog, core, a.suggest, feats);
        break;
    case OVP_BLASCORE_WARN:
        fprintf(stderr,
                "%s: warning: OpenBLAS fell back to its generic %s core on a CPU with %s; results are "
                "correct but every BLAS call is slow (%s). Fix: 'ovp --blas-core auto ...' (re-runs "
                "with OPENBLAS_CORETYPE=%s) or export OPENBLAS_CORETYPE=%s (docs/bench.md, \"BLAS core\")\n",
                prog, core, feats, OVP_BLASCORE_MEASURED, a.suggest, a.suggest);
        break;
    case OVP_BLASCORE_ENV:
        fprintf(stderr, "%s: note: OPENBLAS_CORETYPE=%s selects OpenBLAS's generic %s core; %s fits this "
                        "CPU (%s). ovp leaves your setting alone\n",
                prog, env, core, a.suggest, OVP_BLASCORE_MEASURED);
        break;
    }
}

int ovp_blascore_choose(const char *request, const ovp_cpu_features *f, const char *loaded_core,
                        const char *env_value, const char **core_out, char *err, size_t errlen)
{
    *core_out = NULL;
    if (!loaded_core || !*loaded_core) {
        snprintf(err, errlen, "--blas-core needs OpenBLAS; this ovp's BLAS provider has no cores to choose");
        return -1;
    }
    if (env_value) {
        snprintf(err, errlen,
                 "--blas-core %s: OPENBLAS_CORETYPE=%s is already set in the environment; ovp does not "
                 "override it (unset it to let --blas-core choose, or drop --blas-core)",
                 request, env_value);
        return -1;
    }
    const char *core;
    if (strcmp(request, "auto") == 0) {
        core = ovp_blascore_best(f);
        if (!core) { /* no AVX: the generic core is the right one */
            *core_out = NULL;
            return 0;
        }
    } else if (!(core = ovp_blascore_known(request))) {
        snprintf(err, errlen, "--blas-core: unknown core '%.40s' (auto, or one of OpenBLAS's: Prescott, "
                              "Sandybridge, Haswell, Zen, SkylakeX, Cooperlake, ...)", request);
        return -1;
    } else if (tier_of(core) > best_tier(f) || (strcmp(core, "Cooperlake") == 0 && !f->avx512_bf16)) {
        char feats[256];
        ovp_blascore_features_text(f, feats, sizeof feats);
        snprintf(err, errlen, "--blas-core %s: this CPU (%s) cannot run it; 'auto' picks %s", core, feats,
                 ovp_blascore_best(f) ? ovp_blascore_best(f) : "the generic core");
        return -1;
    }
    *core_out = core;
    return 0;
}
