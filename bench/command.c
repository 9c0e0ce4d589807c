/* bench/command.c: `ovp bench`: options, the timing loop, the report; exit codes by ovp_runstatus_exit_code. */
#include "bench.h"
#include "blasinfo.h"
#include "fs.h"
#include "args.h"
#include "runstatus.h"
#include "sysinfo.h"

#include <math.h>
#include <regex.h>
#include <stdarg.h>
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
    {"dist-n", OVP_OPT_UINT_LIST, "N1,N2", "sizes n of the distributed cases (default 2000; 256 with --quick; 8000,16000 take minutes to an hour)", 64, 1e6, NULL},
    {"dist-d", OVP_OPT_UINT, "D", "dimension d of the distributed cases' rows (default 32)", 1, 1e6, NULL},
};
#define N_OPTIONS (sizeof options / sizeof *options)

static int my_rank, n_ranks = 1;

void ovp_bench_set_ranks(int rank, int ranks)
{
    my_rank = rank;
    n_ranks = ranks > 1 ? ranks : 1;
}

/* Under MPI only rank 0 speaks: every decision below is the same on every rank. */
static void say(const char *fmt, ...)
{
    if (my_rank)
        return;
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

static void complain(const char *fmt, ...)
{
    if (my_rank)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("ovp bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void help(void)
{
    say("usage: ovp bench [options]\n"
        "       mpirun -n P ovp bench [--filter dist] [--dist-n N1,N2] [options]\n\n"
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
        "written) when the run is implausible or the baseline's BLAS library or core differs.\n\n"
        "Distributed cases (dist.*: H-infinity over the MPI ranks, ScaLAPACK and ELPA; in a\n"
        "build with ScaLAPACK) need mpirun -n P with P >= 2, and under more than one rank\n"
        "ovp bench runs ONLY them, on every rank in lockstep: one BLAS thread per rank, no\n"
        "warm-up call (the setup assembles H-infinity once), each repetition timed between\n"
        "barriers as the slowest rank's time, the same repetitions on every rank; the\n"
        "roofline is every rank's dgemm at once, summed; the peak resident set of the\n"
        "busiest rank is reported per case; rank 0 alone prints and writes.\n\noptions:\n");
    if (my_rank == 0)
        ovp_args_print_help(stdout, options, N_OPTIONS);
    say("\nThe full run and the committed baseline:\n"
        "  ovp bench --json results/bench/latest.json --compare results/bench/baseline.json\n"
        "  ovp plot bench\n"
        "The distributed cases (docs/distributed.md):\n"
        "  mpirun -n 2 ovp bench --filter dist --json results/bench/dist.json\n"
        "  mpirun -n 2 ovp bench --filter dist --dist-n 8000,16000 --repetitions 1 --min-time 0\n");
}

/* The first failure of the run: printed (rank 0), its exit code agreed over the ranks. */
static int fail(const ovp_bench_collective *coll, int st, const char *err)
{
    complain("%s", err);
    int code = ovp_runstatus_exit_code(st);
    return coll ? (int)coll->max(code) : code;
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
        complain("%s\n(see 'ovp bench --help')", parsed ? err : "takes no arguments");
        return OVP_EXIT_USAGE;
    }
    int quick = ovp_args_flag(&a, "quick");
    size_t reps = ovp_args_uint(&a, "repetitions", 5);
    double min_time = ovp_args_real(&a, "min-time", 1.0);
    const char *json = ovp_args_text(&a, "json", "results/bench/latest.json");
    const char *baseline = ovp_args_text(&a, "compare", NULL);
    double threshold = ovp_args_real(&a, "threshold", 1.5);
    const ovp_bench_collective *coll = NULL;
    ovp_bench_dist_layout_info layout = {0};
#ifdef OVP_HAVE_SCALAPACK
    const ovp_opt_value *dn = ovp_args_get(&a, "dist-n");
    size_t dist_n[OVP_MAX_LIST], n_dist = dn && dn->set ? dn->n_list : 0;
    for (size_t i = 0; i < n_dist; i++)
        dist_n[i] = (size_t)dn->list[i];
    ovp_bench_dist_configure(dist_n, n_dist, ovp_args_uint(&a, "dist-d", 0));
    if (n_ranks > 1) {
        coll = ovp_bench_dist_collective();
        if (ovp_bench_dist_layout(n_ranks, &layout) != OVP_OK) /* not for ranks ≥ 1 */
            return OVP_EXIT_RUNTIME;
    }
#else
    if (n_ranks > 1) {
        complain("this ovp was built without ScaLAPACK, so it has no distributed cases, and under %d MPI ranks "
                 "ovp bench runs only those; run it without mpirun",
                 n_ranks);
        return OVP_EXIT_USAGE;
    }
#endif
    regex_t re;
    const char *filter = ovp_args_text(&a, "filter", NULL);
    if (filter && regcomp(&re, filter, REG_EXTENDED | REG_NOSUB) != 0) {
        complain("--filter '%s' is not a valid regular expression", filter);
        return OVP_EXIT_USAGE;
    }
    if (baseline && !ovp_fs_exists(baseline)) {
        complain("no baseline at %s", baseline);
        return OVP_EXIT_USAGE;
    }
    /* Collect the cases: one process runs the one-process cases, several
     * ranks the collective ones; the others matched are counted for the message. */
    const ovp_bench_case *cases[256];
    size_t n = 0, other_mode = 0;
    for (size_t p = 0; p < ovp_n_bench_providers; p++) {
        size_t k;
        const ovp_bench_case *list = ovp_bench_providers[p](quick, &k);
        for (size_t i = 0; i < k && n < 256; i++) {
            char name[128];
            ovp_bench_case_name(&list[i], name, sizeof name);
            if (filter && regexec(&re, name, 0, NULL, 0) != 0)
                continue;
            if ((list[i].collective != NULL) == (n_ranks > 1) || ovp_args_flag(&a, "list"))
                cases[n++] = &list[i];
            else
                other_mode++;
        }
    }
    if (filter)
        regfree(&re);
    if (ovp_args_flag(&a, "list")) {
        for (size_t i = 0; i < n; i++) {
            char name[128];
            ovp_bench_case_name(cases[i], name, sizeof name);
            say("%s%s\n", name, cases[i]->collective ? "  (distributed: mpirun -n P, P >= 2)" : "");
        }
        return 0;
    }
    if (n == 0) {
        if (n_ranks > 1)
            complain("under %d MPI ranks ovp bench runs only the distributed cases (dist.*), and none matches "
                     "--filter '%s' (see 'ovp bench --list')",
                     n_ranks, filter ? filter : "");
        else if (other_mode)
            complain("the %zu cases matching --filter '%s' are distributed: they need MPI ranks; run "
                     "mpirun -n 2 ovp bench --filter '%s' (or -n P, P >= 2)",
                     other_mode, filter ? filter : "", filter ? filter : "");
#ifndef OVP_HAVE_SCALAPACK
        else if (filter && strstr(filter, "dist"))
            complain("no case matches --filter '%s': this ovp was built without ScaLAPACK, so it has no "
                     "distributed cases (dist.*); install libscalapack-openmpi-dev (scripts/bootstrap.sh) and "
                     "rebuild",
                     filter);
#endif
        else
            complain("no case matches --filter '%s' (see 'ovp bench --list')", filter ? filter : "");
        return OVP_EXIT_USAGE;
    }
    if (other_mode && n_ranks == 1)
        say("(%zu distributed cases skipped: they need mpirun -n P, P >= 2 and --filter dist)\n", other_mode);
    /* A baseline that cannot judge this selection is refused before the timing. */
    size_t unmatched = 0;
    int st = baseline ? ovp_bench_baseline_check(baseline, cases, n, &unmatched, err, sizeof err) : OVP_OK;
    if (st)
        return fail(coll, st, err);
    if (unmatched)
        complain("%zu of the %zu cases have no entry in %s and will not be compared", unmatched, n, baseline);

    /* The output directory must exist before an hour of timing (rank 0 writes). */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", json);
    char *slash = strrchr(dir, '/');
    if (slash && my_rank == 0) {
        *slash = '\0';
        st = ovp_fs_mkdirs(dir, err, sizeof err);
    }
    if (coll)
        st = (int)coll->max(st);
    if (st)
        return fail(coll, st, err);

    /* One BLAS thread per rank under MPI: the ranks fill the cores. */
    int threads = ovp_blasinfo_set_threads(n_ranks > 1 ? 1 : ovp_sysinfo_cores());
    ovp_bench_machine machine;
    ovp_bench_machine_collect(&machine);
    /* The peak of the cores the roofline can use; under MPI, of rank 0's node's cores that
     * the ranks' threads fill (oversubscribed ranks share them; other nodes are not counted). */
    int used = threads > 0 ? (n_ranks > 1 ? threads * n_ranks : threads) : machine.cores;
    if (used < machine.cores) {
        machine.peak_gflops *= (double)used / machine.cores;
        machine.cores = used;
    }
    say("%s: %d cores, %.0f MHz nominal, %d DP flops/cycle/core -> estimated peak %.3g GFLOP/s\n"
        "BLAS core %s, %d threads%s\n",
        machine.model, machine.cores, machine.mhz, machine.flops_per_cycle, machine.peak_gflops, machine.blas_core,
        threads, n_ranks > 1 ? " per rank" : "");
    if (coll)
        say("%d MPI ranks, BLACS grid %d x %d, block %d: the distributed cases only, the slowest rank's times\n",
            layout.ranks, layout.nprow, layout.npcol, layout.nb);
    ovp_bench_result roofline, roof_after, *res = calloc(n, sizeof *res);
    st = res ? OVP_OK : OVP_ENOMEM;
    if (coll)
        st = (int)coll->max(st);
    if (st)
        return free(res), fail(coll, st, "out of memory");
    if ((st = ovp_bench_roofline(quick, reps, min_time, coll, &roofline, err, sizeof err)))
        return free(res), fail(coll, st, err);
    roofline.normalised = roofline.median * roofline.gflops;
    say("%-52s %11s %10s %9s %9s %8s%s\n", "kernel/size", "median s", "MAD s", "GFLOP/s", "roofline", "reps",
        coll ? "  peak RSS/rank MiB" : "");
    say("%-52s %11.4g %10.2g %9.3g %8.1f%% %8zu   (%.0f%% of the estimated peak%s)\n", roofline.name,
        roofline.median, roofline.mad, roofline.gflops, 100.0, roofline.repetitions,
        machine.peak_gflops > 0 ? 100 * roofline.gflops / machine.peak_gflops : NAN,
        coll ? "; every rank's dgemm at once" : "");
    for (size_t i = 0; i < n; i++) {
        ovp_blasinfo_set_threads(threads); /* every kernel on the roofline's threads */
        if ((st = ovp_bench_measure(cases[i], reps, min_time, &res[i], err, sizeof err)))
            return free(res), fail(coll, st, err);
        res[i].roofline_ratio = res[i].gflops / roofline.gflops;
        res[i].normalised = res[i].median * roofline.gflops; /* Gflop of dgemm-speed work */
        say("%-52s %11.4g %10.2g %9.3g %8.1f%%%s %7zu", res[i].name, res[i].median, res[i].mad, res[i].gflops,
            100 * res[i].roofline_ratio, res[i].roofline_ratio > 1.0 ? "!" : " ", res[i].repetitions);
        if (res[i].ranks > 0)
            say(" %19.0f%s", res[i].peak_rss_bytes / 1048576.0, res[i].peak_rss_own ? "" : " (so far)");
        say("\n");
        fflush(stdout);
    }
    /* Again after the cases: a load that came or went during the run shows. */
    ovp_blasinfo_set_threads(threads);
    if ((st = ovp_bench_roofline(quick, reps, min_time, coll, &roof_after, err, sizeof err)))
        return free(res), fail(coll, st, err);
    say("%-52s %11.4g %10.2g %9.3g %8.1f%% %8zu   (after the cases)\n", roof_after.name, roof_after.median,
        roof_after.mad, roof_after.gflops, 100 * roof_after.gflops / roofline.gflops, roof_after.repetitions);
    int code = 0;
    if (my_rank == 0) {
        unsigned flags = ovp_bench_plausibility(&roofline, &roof_after, res, n, machine.peak_gflops);
        if (flags) {
            ovp_bench_flags_print(stdout, "IMPLAUSIBLE: ", flags, &roofline, machine.peak_gflops);
            ovp_bench_flags_print(stderr, "ovp bench: warning: ", flags, &roofline, machine.peak_gflops);
        }
        st = ovp_bench_write(json, res, n, &roofline, &roof_after, &machine, flags, coll ? &layout : NULL, err,
                             sizeof err);
        if (st) {
            complain("%s", err);
            code = ovp_runstatus_exit_code(st);
        } else {
            printf("results: %s\n", json);
        }
        if (!st && baseline) {
            int regressions;
            /* --quick's roofline (dgemm n = 400, often one call) is no roofline: its
             * flags are printed, but do not stop the smoke test's compare path. */
            if (quick && flags)
                printf("(--quick: the flags above do not stop --compare)\n");
            if ((st = ovp_bench_compare(baseline, res, n, &roofline, &machine, quick ? 0 : flags, threshold,
                                        &regressions, err, sizeof err))) {
                complain("%s", err);
                code = ovp_runstatus_exit_code(st);
            } else if (regressions) {
                code = OVP_EXIT_FAIL;
            }
        }
    }
    free(res);
    return coll ? (int)coll->max(code) : code; /* rank 0's verdict on every rank */
}
