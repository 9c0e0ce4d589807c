/* bench/command.c: `ovp bench`: options, the timing loop, the report; exit codes by ovp_runstatus_exit_code. */
#include "bench.h"
#include "blasinfo.h"
#include "fs.h"
#include "args.h"
#include "runstatus.h"
#include "sysinfo.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ovp_opt_spec options[] = {
    {"filter", OVP_OPT_STRING, "REGEX", "only the cases whose name matches (POSIX extended regex)", 0, 0, NULL},
    {"repetitions", OVP_OPT_UINT, "R", "at least R timed calls per case after a warm-up (default 5)", 1, 1000, NULL},
    {"min-time", OVP_OPT_REAL, "S", "and at least S seconds of them (default 1)", 0, 3600, NULL},
    {"json", OVP_OPT_STRING, "FILE", "results (default results/bench/latest.json; also .csv, .provenance.json)", 0, 0, NULL},
    {"compare", OVP_OPT_STRING, "BASELINE", "compare with a baseline JSON; exit 1 on a regression, 2 when it cannot judge (no case in common, another BLAS core or library, an implausible roofline)", 0, 0, NULL},
    {"threshold", OVP_OPT_REAL, "X", "regression: roofline-normalised time > X times the baseline's (default 1.5)", 1, 1e6, NULL},
    {"quick", OVP_OPT_FLAG, NULL, "tiny sizes, for the ctest smoke test", 0, 0, NULL},
    {"list", OVP_OPT_FLAG, NULL, "list the cases and exit", 0, 0, NULL},
};
#define N_OPTIONS (sizeof options / sizeof *options)

static void help(void)
{
    printf("usage: ovp bench [options]\n\n"
           "Times every heavy kernel at named sizes: a warm-up call, then repetitions until\n"
           "--repetitions and --min-time are both met; reports the median, min, max and\n"
           "median absolute deviation, the flops the kernel executes, GFLOP/s, and the ratio\n"
           "to a dgemm roofline measured in the same run, on the same BLAS threads, before and\n"
           "after the cases. BLAS uses every core here (speed, not bit-reproducibility, is the\n"
           "point). The run is flagged IMPLAUSIBLE when a kernel beats the roofline by > 10%%,\n"
           "when the roofline is below 1/5 of the CPU's estimated peak (cpuid width x cores x\n"
           "nominal clock), or when the two rooflines differ by > 25%%. --compare prints raw and\n"
           "roofline-normalised (median x roofline GFLOP/s) ratios and flags a kernel whose\n"
           "normalised time, less 3 MADs of noise each side, grew past --threshold; a raw time\n"
           "alone past it is named, not counted. It refuses to judge (exit 2, the results still\n"
           "written) when the run is implausible or the baseline's BLAS library or core differs.\n\noptions:\n");
    ovp_args_print_help(stdout, options, N_OPTIONS);
    printf("\nThe full run and the committed baseline:\n"
           "  ovp bench --json results/bench/latest.json --compare results/bench/baseline.json\n"
           "  ovp plot bench\n");
}

int ovp_bench_main(int argc, char **argv)
{
    char err[1024];
    ovp_args a;
    const ovp_opt_spec *groups[1] = {options};
    size_t sizes[1] = {N_OPTIONS};
    int parsed = ovp_args_parse(&a, argc, argv, groups, sizes, 1, err, sizeof err);
    if (a.help)
        return help(), 0;
    if (parsed || a.n_positional) {
        fprintf(stderr, "ovp bench: %s\n(see 'ovp bench --help')\n", parsed ? err : "takes no arguments");
        return OVP_EXIT_USAGE;
    }
    int quick = ovp_args_flag(&a, "quick");
    size_t reps = ovp_args_uint(&a, "repetitions", 5);
    double min_time = ovp_args_real(&a, "min-time", 1.0);
    const char *json = ovp_args_text(&a, "json", "results/bench/latest.json");
    const char *baseline = ovp_args_text(&a, "compare", NULL);
    double threshold = ovp_args_real(&a, "threshold", 1.5);
    regex_t re;
    const char *filter = ovp_args_text(&a, "filter", NULL);
    if (filter && regcomp(&re, filter, REG_EXTENDED | REG_NOSUB) != 0) {
        fprintf(stderr, "ovp bench: --filter '%s' is not a valid regular expression\n", filter);
        return OVP_EXIT_USAGE;
    }
    if (baseline && !ovp_fs_exists(baseline)) {
        fprintf(stderr, "ovp bench: no baseline at %s\n", baseline);
        return OVP_EXIT_USAGE;
    }
    /* Collect the cases. */
    const ovp_bench_case *cases[256];
    size_t n = 0;
    for (size_t p = 0; p < ovp_n_bench_providers; p++) {
        size_t k;
        const ovp_bench_case *list = ovp_bench_providers[p](quick, &k);
        for (size_t i = 0; i < k && n < 256; i++) {
            char name[128];
            ovp_bench_case_name(&list[i], name, sizeof name);
            if (!filter || regexec(&re, name, 0, NULL, 0) == 0)
                cases[n++] = &list[i];
        }
    }
    if (filter)
        regfree(&re);
    if (ovp_args_flag(&a, "list")) {
        for (size_t i = 0; i < n; i++) {
            char name[128];
            ovp_bench_case_name(cases[i], name, sizeof name);
            puts(name);
        }
        return 0;
    }
    if (n == 0) {
        fprintf(stderr, "ovp bench: no case matches --filter '%s' (see 'ovp bench --list')\n", filter);
        return OVP_EXIT_USAGE;
    }
    /* A baseline that cannot judge this selection is refused before the timing. */
    size_t unmatched = 0;
    int st = baseline ? ovp_bench_baseline_check(baseline, cases, n, &unmatched, err, sizeof err) : OVP_OK;
    if (st) {
        fprintf(stderr, "ovp bench: %s\n", err);
        return ovp_runstatus_exit_code(st);
    }
    if (unmatched)
        fprintf(stderr, "ovp bench: %zu of the %zu cases have no entry in %s and will not be compared\n",
                unmatched, n, baseline);

    /* The output directory must exist before an hour of timing. */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", json);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        if ((st = ovp_fs_mkdirs(dir, err, sizeof err))) {
            fprintf(stderr, "ovp bench: %s\n", err);
            return ovp_runstatus_exit_code(st);
        }
    }

    int threads = ovp_blasinfo_set_threads(ovp_sysinfo_cores());
    ovp_bench_machine machine;
    ovp_bench_machine_collect(&machine);
    if (threads > 0 && threads < machine.cores) { /* the peak of the cores the roofline can use */
        machine.peak_gflops *= (double)threads / machine.cores;
        machine.cores = threads;
    }
    printf("%s: %d cores, %.0f MHz nominal, %d DP flops/cycle/core -> estimated peak %.3g GFLOP/s\n"
           "BLAS core %s, %d threads\n",
           machine.model, machine.cores, machine.mhz, machine.flops_per_cycle, machine.peak_gflops,
           machine.blas_core, threads);
    ovp_bench_result roofline, roof_after, *res = calloc(n, sizeof *res);
    if (!res)
        return ovp_runstatus_exit_code(OVP_ENOMEM);
    st = ovp_bench_roofline(quick, reps, min_time, &roofline, err, sizeof err);
    if (st) {
        fprintf(stderr, "ovp bench: %s\n", err);
        free(res);
        return ovp_runstatus_exit_code(st);
    }
    roofline.normalised = roofline.median * roofline.gflops;
    printf("%-52s %11s %10s %9s %9s %8s\n", "kernel/size", "median s", "MAD s", "GFLOP/s", "roofline", "reps");
    printf("%-52s %11.4g %10.2g %9.3g %8.1f%% %8zu   (%.0f%% of the estimated peak)\n", roofline.name,
           roofline.median, roofline.mad, roofline.gflops, 100.0, roofline.repetitions,
           machine.peak_gflops > 0 ? 100 * roofline.gflops / machine.peak_gflops : NAN);
    for (size_t i = 0; i < n; i++) {
        ovp_blasinfo_set_threads(threads); /* every kernel on the roofline's threads */
        if ((st = ovp_bench_measure(cases[i], reps, min_time, &res[i], err, sizeof err))) {
            fprintf(stderr, "ovp bench: %s\n", err);
            free(res);
            return ovp_runstatus_exit_code(st);
        }
        res[i].roofline_ratio = res[i].gflops / roofline.gflops;
        res[i].normalised = res[i].median * roofline.gflops; /* Gflop of dgemm-speed work */
        printf("%-52s %11.4g %10.2g %9.3g %8.1f%%%s %7zu\n", res[i].name, res[i].median, res[i].mad,
               res[i].gflops, 100 * res[i].roofline_ratio, res[i].roofline_ratio > 1.0 ? "!" : " ",
               res[i].repetitions);
        fflush(stdout);
    }
    /* Again after the cases: a load that came or went during the run shows. */
    ovp_blasinfo_set_threads(threads);
    st = ovp_bench_roofline(quick, reps, min_time, &roof_after, err, sizeof err);
    if (st) {
        fprintf(stderr, "ovp bench: %s\n", err);
        free(res);
        return ovp_runstatus_exit_code(st);
    }
    printf("%-52s %11.4g %10.2g %9.3g %8.1f%% %8zu   (after the cases)\n", roof_after.name, roof_after.median,
           roof_after.mad, roof_after.gflops, 100 * roof_after.gflops / roofline.gflops, roof_after.repetitions);
    unsigned flags = ovp_bench_plausibility(&roofline, &roof_after, res, n, machine.peak_gflops);
    if (flags) {
        ovp_bench_flags_print(stdout, "IMPLAUSIBLE: ", flags, &roofline, machine.peak_gflops);
        ovp_bench_flags_print(stderr, "ovp bench: warning: ", flags, &roofline, machine.peak_gflops);
    }
    if ((st = ovp_bench_write(json, res, n, &roofline, &roof_after, &machine, flags, err, sizeof err))) {
        fprintf(stderr, "ovp bench: %s\n", err);
        free(res);
        return ovp_runstatus_exit_code(st);
    }
    printf("results: %s\n", json);
    int code = 0;
    if (baseline) {
        int regressions;
        /* --quick's roofline (dgemm n = 400, often one call) is no roofline: its
         * flags are printed, but do not stop the smoke test's compare path. */
        if (quick && flags)
            printf("(--quick: the flags above do not stop --compare)\n");
        if ((st = ovp_bench_compare(baseline, res, n, &roofline, &machine, quick ? 0 : flags, threshold,
                                    &regressions, err, sizeof err))) {
            fprintf(stderr, "ovp bench: %s\n", err);
            code = ovp_runstatus_exit_code(st);
        } else if (regressions) {
            code = OVP_EXIT_FAIL;
        }
    }
    free(res);
    return code;
}
