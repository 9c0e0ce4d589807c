/* bench/report.c: benchmark JSON (github-action-benchmark), CSV, provenance, compare. */
#include "bench.h"
#include "fs.h"
#include "json.h"
#include "jsonread.h"
#include "provenance.h"
#include "status.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FILE.json -> FILE<suffix> */
static void sibling(const char *json_path, const char *suffix, char *buf, size_t len)
{
    size_t n = strlen(json_path);
    if (n > 5 && strcmp(json_path + n - 5, ".json") == 0)
        n -= 5;
    snprintf(buf, len, "%.*s%s", (int)n, json_path, suffix);
}

static void write_entry(ovp_json *j, const ovp_bench_result *r, const ovp_provenance *p,
                        const ovp_bench_machine *m)
{
    char range[64], extra[1400];
    snprintf(range, sizeof range, "± %.3g", r->mad);
    snprintf(extra, sizeof extra, "%.3g GFLOP/s; %.1f%% of the dgemm roofline; %d BLAS threads; core %s; %s",
             r->gflops, 100 * r->roofline_ratio, p->blas_threads, m->blas_core, p->blas);
    ovp_json_begin_object(j);
    ovp_json_key(j, "name");
    ovp_json_string(j, r->name);
    ovp_json_key(j, "unit");
    ovp_json_string(j, "s");
    ovp_json_key(j, "value");
    ovp_json_number(j, r->median);
    ovp_json_key(j, "range");
    ovp_json_string(j, range);
    ovp_json_key(j, "extra");
    ovp_json_string(j, extra);
    const struct {
        const char *key;
        double v;
    } nums[] = {{"min", r->min}, {"max", r->max}, {"mad", r->mad}, {"repetitions", (double)r->repetitions},
                {"flops", r->flops}, {"gflops", r->gflops}, {"roofline_ratio", r->roofline_ratio},
                {"normalised", r->normalised}, {"size", r->size}};
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) {
        ovp_json_key(j, nums[k].key);
        ovp_json_number(j, nums[k].v);
    }
    ovp_json_key(j, "kernel");
    ovp_json_string(j, r->kernel);
    ovp_json_key(j, "series");
    ovp_json_string(j, r->series);
    if (r->ranks > 0) { /* a collective case (bench/cases_dist.c) */
        ovp_json_key(j, "ranks");
        ovp_json_number(j, r->ranks);
        ovp_json_key(j, "peak_rss_bytes_per_rank"); /* the busiest rank's */
        ovp_json_number(j, r->peak_rss_bytes);
        ovp_json_key(j, "peak_rss_scope");
        ovp_json_string(j, r->peak_rss_own ? "case" : "process so far");
    }
    ovp_json_end_object(j);
}

int ovp_bench_write(const char *json_path, const ovp_bench_result *res, size_t n,
                    const ovp_bench_result *roofline, const ovp_bench_result *roof_after,
                    const ovp_bench_machine *m, unsigned flags, const ovp_bench_dist_layout_info *dist,
                    char *err, size_t errlen)
{
    ovp_provenance p;
    ovp_provenance_collect(&p);
    ovp_fs_atomic_file af;
    int st = ovp_fs_atomic_open(&af, json_path, err, errlen);
    if (st)
        return st;
    ovp_json j;
    ovp_json_init(&j, af.f);
    ovp_json_begin_array(&j);
    write_entry(&j, roofline, &p, m);
    for (size_t i = 0; i < n; i++)
        write_entry(&j, &res[i], &p, m);
    ovp_json_end_array(&j);
    if ((st = ovp_fs_atomic_commit(&af, err, errlen)))
        return st;

    char path[4200];
    sibling(json_path, ".csv", path, sizeof path);
    if ((st = ovp_fs_atomic_open(&af, path, err, errlen)))
        return st;
    fprintf(af.f, "name,kernel,series,size,flops,median_s,min_s,max_s,mad_s,repetitions,gflops,roofline_ratio\n");
    for (size_t i = 0; i <= n; i++) {
        const ovp_bench_result *r = i == 0 ? roofline : &res[i - 1];
        fprintf(af.f, "%s,%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%zu,%.17g,%.17g\n", r->name, r->kernel,
                r->series[0] ? r->series : "-", r->size, r->flops, r->median, r->min, r->max, r->mad,
                r->repetitions, r->gflops, r->roofline_ratio);
    }
    if ((st = ovp_fs_atomic_commit(&af, err, errlen)))
        return st;

    sibling(json_path, ".provenance.json", path, sizeof path);
    if ((st = ovp_fs_atomic_open(&af, path, err, errlen)))
        return st;
    ovp_json_init(&j, af.f);
    ovp_json_begin_object(&j);
    ovp_provenance_write_fields(&j, &p);
    char names[256];
    ovp_bench_flags_names(flags, names, sizeof names);
    /* cpu_model and blas_core are in the common fields above (kernels/numerics/blascore.h) */
    const ovp_provenance_field f[] = {
        {"cpu_mhz_nominal", OVP_PROVENANCE_NUM, .x = m->mhz},
        {"cpu_dp_flops_per_cycle", OVP_PROVENANCE_INT, .x = m->flops_per_cycle},
        {"cpu_peak_gflops_estimate", OVP_PROVENANCE_NUM, .x = m->peak_gflops},
        {"roofline_gflops", OVP_PROVENANCE_NUM, .x = roofline->gflops},
        {"roofline_gflops_after", OVP_PROVENANCE_NUM, .x = roof_after ? roof_after->gflops : NAN},
        {"roofline_blas_threads", OVP_PROVENANCE_INT, .x = roofline->blas_threads},
        {"implausible", OVP_PROVENANCE_STR, .s = names},
    };
    ovp_provenance_write_table(&j, f, sizeof f / sizeof *f);
    if (dist) {
        const ovp_provenance_field fd[] = {
            {"mpi_ranks", OVP_PROVENANCE_INT, .x = dist->ranks},
            {"blacs_grid_rows", OVP_PROVENANCE_INT, .x = dist->nprow},
            {"blacs_grid_cols", OVP_PROVENANCE_INT, .x = dist->npcol},
            {"block_size", OVP_PROVENANCE_INT, .x = dist->nb},
        };
        ovp_provenance_write_table(&j, fd, sizeof fd / sizeof *fd);
    }
    ovp_json_end_object(&j);
    return ovp_fs_atomic_commit(&af, err, errlen);
}

/* Parses a baseline written by ovp_bench_write: an array of entries. */
static ovp_jvalue *read_baseline(const char *path, char *err, size_t errlen)
{
    char *text;
    size_t len;
    if (ovp_fs_read_file(path, &text, &len, err, errlen))
        return NULL;
    char perr[128];
    ovp_jvalue *base = ovp_jsonread_parse(text, len, perr, sizeof perr);
    free(text);
    if (!base || base->type != OVP_JARRAY) {
        snprintf(err, errlen, "%s: %s", path, base ? "not an array of benchmarks" : perr);
        ovp_jsonread_free(base);
        return NULL;
    }
    return base;
}

/* The baseline's entry for a case, or NULL. */
static const ovp_jvalue *find_entry(const ovp_jvalue *base, const char *name)
{
    for (size_t k = 0; k < base->n; k++) {
        const char *bname = ovp_jsonread_get_string(base->items[k], "name");
        if (bname && strcmp(bname, name) == 0)
            return base->items[k];
    }
    return NULL;
}

/* An entry --compare can judge: one with a roofline-normalised time. */
static int comparable(const ovp_jvalue *entry)
{
    return entry && ovp_jsonread_get_number(entry, "normalised", NAN) > 0;
}

/* With no case in common --compare would check nothing and pass. */
static int no_match(const char *path, size_t n, char *err, size_t errlen)
{
    snprintf(err, errlen,
             "0 of the %zu selected cases match an entry of the baseline %s, so --compare would "
             "check nothing (a baseline from another --filter or --quick, or from before a kernel "
             "was renamed?); compare with a baseline of the same cases, or write one with --json",
             n, path);
    return OVP_EDATA;
}

int ovp_bench_baseline_check(const char *baseline_path, const ovp_bench_case *const *cases, size_t n,
                             size_t *unmatched, char *err, size_t errlen)
{
    *unmatched = n;
    ovp_jvalue *base = read_baseline(baseline_path, err, errlen);
    if (!base)
        return OVP_EDATA;
    for (size_t i = 0; i < n; i++) {
        char name[128];
        ovp_bench_case_name(cases[i], name, sizeof name);
        if (comparable(find_entry(base, name)))
            (*unmatched)--;
    }
    ovp_jsonread_free(base);
    return n > 0 && *unmatched == n ? no_match(baseline_path, n, err, errlen) : OVP_OK;
}

/* The baseline's BLAS library and core from its .provenance.json: "blas_core"
 * when written, else the core in the OpenBLAS config string of "blas". */
static int baseline_blas(const char *baseline_path, char *lib, size_t liblen, char *core, size_t corelen,
                         char *err, size_t errlen)
{
    char path[4200], *text;
    size_t len;
    sibling(baseline_path, ".provenance.json", path, sizeof path);
    if (ovp_fs_read_file(path, &text, &len, err, errlen)) {
        snprintf(err, errlen, "the baseline has no readable %.1000s, so its BLAS library and core are unknown", path);
        return OVP_EDATA;
    }
    char perr[128];
    ovp_jvalue *p = ovp_jsonread_parse(text, len, perr, sizeof perr);
    free(text);
    const char *blas = p ? ovp_jsonread_get_string(p, "blas") : NULL;
    if (!blas) {
        snprintf(err, errlen, "%.1000s: %s", path, p ? "no \"blas\" field" : perr);
        ovp_jsonread_free(p);
        return OVP_EDATA;
    }
    ovp_bench_blas_split(blas, lib, liblen, core, corelen);
    const char *c = ovp_jsonread_get_string(p, "blas_core");
    if (c)
        snprintf(core, corelen, "%s", c);
    ovp_jsonread_free(p);
    return OVP_OK;
}

static const char *verdict_name(ovp_bench_verdict v)
{
    switch (v) {
    case OVP_BENCH_REGRESSION: return "REGRESSION";
    case OVP_BENCH_NOISE: return "within noise";
    case OVP_BENCH_RAW_SLOWER: return "slower in raw time only";
    case OVP_BENCH_FASTER: return "faster";
    default: return "ok";
    }
}

int ovp_bench_compare(const char *baseline_path, const ovp_bench_result *res, size_t n,
                      const ovp_bench_result *roofline, const ovp_bench_machine *m, unsigned flags,
                      double threshold, int *regressions, char *err, size_t errlen)
{
    *regressions = 0;
    ovp_jvalue *base = read_baseline(baseline_path, err, errlen);
    if (!base)
        return OVP_EDATA;
    /* Why this run cannot be judged against that baseline, if it cannot. */
    char refusal[1600] = "", lib[1024], core[64], blib[1024], bcore[64];
    int st = baseline_blas(baseline_path, blib, sizeof blib, bcore, sizeof bcore, refusal, sizeof refusal);
    if (!st) {
        ovp_bench_blas_split(m->blas, lib, sizeof lib, core, sizeof core);
        st = ovp_bench_same_blas(lib, m->blas_core, blib, bcore, refusal, sizeof refusal);
    }
    if (!st && flags) {
        char names[256];
        ovp_bench_flags_names(flags, names, sizeof names);
        snprintf(refusal, sizeof refusal, "this run's roofline is implausible (%s): a normalised time means nothing",
                 names);
        st = OVP_EDATA;
    }
    size_t matched = 0, raw_only = 0;
    printf("\n%-52s %11s %11s %9s %10s  %s\n", "kernel/size", "baseline s", "current s", "raw ratio", "norm.ratio",
           "verdict");
    for (size_t i = 0; i < n; i++) {
        const ovp_jvalue *b = find_entry(base, res[i].name);
        double b_norm = b ? ovp_jsonread_get_number(b, "normalised", NAN) : NAN;
        double b_med = b ? ovp_jsonread_get_number(b, "value", NAN) : NAN;
        double b_mad = b ? ovp_jsonread_get_number(b, "mad", 0.0) : NAN;
        double raw = res[i].median / b_med, norm = res[i].normalised / b_norm;
        const char *verdict;
        if (!b)
            verdict = "new (no baseline)";
        else if (!comparable(b))
            verdict = "baseline lacks 'normalised'";
        else {
            matched++;
            /* Roofline-normalised: time in units of the machine's own dgemm speed. */
            ovp_bench_verdict v = ovp_bench_judge(res[i].median, res[i].mad, roofline->gflops, b_med, b_mad,
                                                  b_norm / b_med, threshold, &raw, &norm);
            verdict = st ? "not judged" : verdict_name(v);
            if (!st && v == OVP_BENCH_REGRESSION)
                (*regressions)++;
            raw_only += !st && v == OVP_BENCH_RAW_SLOWER;
        }
        printf("%-52s %11.4g %11.4g %9.3g %10.3g  %s\n", res[i].name, b_med, res[i].median, raw, norm, verdict);
    }
    if (st) {
        printf("NOT JUDGED: %s\n", refusal);
        snprintf(err, errlen, "--compare refused to judge (results written): %s", refusal);
    } else {
        printf("threshold %.3g on the roofline-normalised time less 3 MADs: %d regression%s in %zu of %zu cases "
               "compared\n",
               threshold, *regressions, *regressions == 1 ? "" : "s", matched, n);
        if (raw_only) {
            double b_roof = base->n ? ovp_jsonread_get_number(base->items[0], "gflops", NAN) : NAN;
            printf("%zu kernel%s past the threshold in raw time only (not counted): the roofline is %.3g GFLOP/s "
                   "here, %.3g in the baseline\n",
                   raw_only, raw_only == 1 ? "" : "s", roofline->gflops, b_roof);
        }
    }
    ovp_jsonread_free(base);
    if (!st && n > 0 && matched == 0)
        st = no_match(baseline_path, n, err, errlen);
    return st;
}
