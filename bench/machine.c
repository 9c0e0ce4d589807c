/* bench/machine.c: the CPU, its estimated peak, the BLAS core; the plausibility
 * flags of a run and the verdict of --compare on one kernel.
 * The BLAS core and the CPU features (from /proc/cpuinfo's flags) are
 * kernels/numerics/blascore.h's. */
#define _GNU_SOURCE
#include "bench.h"
#include "blascore.h"
#include "blasinfo.h"
#include "fs.h"
#include "status.h"
#include "sysinfo.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The value after "key<spaces>:" on the line starting at s, into buf. */
static int field(const char *line, const char *key, char *buf, size_t len)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) != 0 || (line[k] != ' ' && line[k] != '\t' && line[k] != ':'))
        return 0;
    const char *colon = strchr(line, ':');
    const char *end = strchr(line, '\n');
    if (!colon || (end && colon > end))
        return 0;
    colon++;
    while (*colon == ' ' || *colon == '\t')
        colon++;
    size_t n = end ? (size_t)(end - colon) : strlen(colon);
    snprintf(buf, len, "%.*s", (int)n, colon);
    return 1;
}

void ovp_bench_machine_parse(const char *cpuinfo, int cores, ovp_bench_machine *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->model, sizeof m->model, "unknown");
    snprintf(m->blas_core, sizeof m->blas_core, "unknown");
    m->cores = cores;
    m->flops_per_cycle = 2; /* scalar, one FMA-less add and multiply */
    char flags[4096] = "", buf[4096];
    double max_mhz = 0;
    for (const char *line = cpuinfo; line && *line;) {
        if (field(line, "model name", buf, sizeof buf) && strcmp(m->model, "unknown") == 0)
            snprintf(m->model, sizeof m->model, "%.127s", buf);
        else if (field(line, "cpu MHz", buf, sizeof buf))
            max_mhz = fmax(max_mhz, strtod(buf, NULL));
        else if (!flags[0] && field(line, "flags", buf, sizeof buf))
            snprintf(flags, sizeof flags, "%s", buf);
        const char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    ovp_cpu_features f;
    ovp_blascore_features_parse(flags, &f);
    if (f.avx512f)
        m->flops_per_cycle = 32; /* assumes two 512-bit FMA units: 2 x 8 x 2 */
    else if (f.avx2 && f.fma)
        m->flops_per_cycle = 16; /* two 256-bit FMA units: 2 x 4 x 2 */
    else if (f.avx)
        m->flops_per_cycle = 8; /* 256-bit add + multiply */
    else if (f.sse2)
        m->flops_per_cycle = 4;
    /* The nominal clock: Intel's model strings carry it; else cpu MHz (the
     * current clock, an underestimate on an idle machine with frequency scaling). */
    const char *at = strstr(m->model, "@ ");
    double ghz = at ? strtod(at + 2, NULL) : 0.0;
    m->mhz = ghz > 0 && strstr(at, "GHz") ? 1000.0 * ghz : max_mhz;
    m->peak_gflops = m->mhz > 0 ? (double)m->flops_per_cycle * cores * m->mhz / 1000.0 : 0.0;
}

void ovp_bench_blas_split(const char *blas, char *lib, size_t liblen, char *core, size_t corelen)
{
    snprintf(lib, liblen, "%s", blas);
    snprintf(core, corelen, "unknown");
    const char *tail = strstr(blas, " MAX_THREADS=");
    if (!tail)
        tail = strstr(blas, " SINGLE_THREADED");
    if (!tail || !strstr(blas, "OpenBLAS"))
        return;
    const char *start = tail;
    while (start > blas && start[-1] != ' ')
        start--;
    if (start == tail || start == blas)
        return;
    snprintf(core, corelen, "%.*s", (int)(tail - start), start);
    snprintf(lib, liblen, "%.*s%s", (int)(start - 1 - blas), blas, tail);
}

void ovp_bench_machine_collect(ovp_bench_machine *m)
{
    char *text = NULL, err[256];
    size_t len = 0;
    if (ovp_fs_read_file("/proc/cpuinfo", &text, &len, err, sizeof err))
        text = NULL;
    ovp_bench_machine_parse(text, ovp_sysinfo_cores(), m);
    free(text);
    ovp_blasinfo_blas(m->blas, sizeof m->blas);
    snprintf(m->blas_core, sizeof m->blas_core, "%s", ovp_blascore_loaded());
}

/* ---------------------------------------------------------------- plausibility */

unsigned ovp_bench_plausibility(const ovp_bench_result *roof, const ovp_bench_result *roof_after,
                                const ovp_bench_result *res, size_t n, double peak_gflops)
{
    unsigned f = 0;
    for (size_t i = 0; i < n; i++) {
        if (res[i].gflops > OVP_BENCH_ABOVE_TOLERANCE * roof->gflops)
            f |= OVP_BENCH_ABOVE_ROOFLINE;
        if (res[i].blas_threads != roof->blas_threads)
            f |= OVP_BENCH_THREADS_CHANGED;
    }
    if (peak_gflops > 0 && roof->gflops < peak_gflops / OVP_BENCH_PEAK_FACTOR)
        f |= OVP_BENCH_ROOFLINE_LOW;
    if (roof_after && roof_after->gflops > 0 &&
        (roof->gflops > OVP_BENCH_UNSTABLE * roof_after->gflops ||
         roof_after->gflops > OVP_BENCH_UNSTABLE * roof->gflops))
        f |= OVP_BENCH_ROOFLINE_UNSTABLE;
    return f;
}

static const char *const flag_names[] = {"above_roofline", "roofline_low", "roofline_unstable", "threads_changed"};

void ovp_bench_flags_names(unsigned flags, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t b = 0; b < sizeof flag_names / sizeof *flag_names; b++)
        if (flags & (1u << b) && at < len)
            at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? " " : "", flag_names[b]);
}

void ovp_bench_flags_print(void *fp, const char *prefix, unsigned flags, const ovp_bench_result *roof,
                           double peak_gflops)
{
    FILE *f = fp;
    if (flags & OVP_BENCH_ABOVE_ROOFLINE)
        fprintf(f, "%sa kernel ran above %.0f%% of the dgemm roofline: the roofline was measured under a "
                   "load the kernel did not see, so the ratios are not plausible\n",
                prefix, 100 * OVP_BENCH_ABOVE_TOLERANCE);
    if (flags & OVP_BENCH_ROOFLINE_LOW)
        fprintf(f, "%sthe roofline, %.3g GFLOP/s, is below 1/%.0f of the CPU's estimated peak %.3g GFLOP/s "
                   "(a busy machine, or a BLAS core far below the CPU)\n",
                prefix, roof->gflops, OVP_BENCH_PEAK_FACTOR, peak_gflops);
    if (flags & OVP_BENCH_ROOFLINE_UNSTABLE)
        fprintf(f, "%sthe roofline measured before and after the cases differs by more than %.0f%%: the "
                   "load changed during the run\n",
                prefix, 100 * (OVP_BENCH_UNSTABLE - 1));
    if (flags & OVP_BENCH_THREADS_CHANGED)
        fprintf(f, "%sa kernel ran on another number of BLAS threads than the roofline's %d\n", prefix,
                roof->blas_threads);
}

int ovp_bench_same_blas(const char *lib, const char *core, const char *base_lib, const char *base_core,
                        char *why, size_t len)
{
    if (strcmp(lib, base_lib) != 0) {
        snprintf(why, len, "the BLAS library differs from the baseline's: '%s' here, '%s' there", lib, base_lib);
        return OVP_EDATA;
    }
    if (strcasecmp(core, base_core) != 0) {
        snprintf(why, len, "the BLAS core %s differs from the baseline's %s (OPENBLAS_CORETYPE or another CPU)",
                 core, base_core);
        return OVP_EDATA;
    }
    return OVP_OK;
}

ovp_bench_verdict ovp_bench_judge(double med, double mad, double roof, double b_med, double b_mad,
                                  double b_roof, double threshold, double *raw_ratio, double *norm_ratio)
{
    *raw_ratio = med / b_med;
    *norm_ratio = *raw_ratio * roof / b_roof;
    /* The slowdown that survives the noise of both runs (3 MADs each side). */
    double lo = fmax(med - 3 * mad, 0.0) / (b_med + 3 * b_mad);
    if (*norm_ratio > threshold)
        return lo * roof / b_roof > threshold ? OVP_BENCH_REGRESSION : OVP_BENCH_NOISE;
    if (lo > threshold)
        return OVP_BENCH_RAW_SLOWER;
    return *norm_ratio < 1.0 / threshold ? OVP_BENCH_FASTER : OVP_BENCH_OK;
}
