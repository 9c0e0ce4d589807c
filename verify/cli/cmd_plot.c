/* verify/cli/cmd_plot.c: `ovp plot`: a harness's figures, or the benchmark
 * report's, rendered with gnuplot (plot.c). */
#include "cli_internal.h"
#include "plot.h"
#include "runstatus.h"

#include <stdio.h>
#include <string.h>

static const ovp_opt_spec plot_options[] = {
    {"results", OVP_OPT_STRING, "DIR", "results root to read (default results)", 0, 0, NULL},
    {"scale", OVP_OPT_CHOICE, "ci|paper", "which scale's results (default ci)", 0, 0, "ci|paper"},
    {"figures", OVP_OPT_STRING, "DIR", "where figures go: DIR/SCALE/NAME_*.{png,pdf} (default plots/figures)", 0, 0, NULL},
};
#define N_PLOT_OPTIONS (sizeof plot_options / sizeof *plot_options)

static void plot_help(void)
{
    printf("usage: ovp plot NAME|all|bench [options]\n\n"
           "Renders a harness's figures with gnuplot (plots/NAME_*.gp) from the CSVs that\n"
           "'ovp verify NAME' wrote, as PNG and PDF. 'bench' renders the benchmark report\n"
           "from RESULTS/bench/latest.csv into FIGURES/bench/.\n\nharnesses: ");
    ovp_cli_print_harness_names(stdout);
    printf("\n\noptions:\n");
    ovp_args_print_help(stdout, plot_options, N_PLOT_OPTIONS);
}

/* The benchmark report: `ovp bench` wrote RESULTS/bench/latest.csv. */
static int plot_bench(const ovp_args *a)
{
    static const char *const bench_figures[] = {"bench_roofline", "bench_scaling", NULL};
    char dir[4096], out[4096], err[1024];
    snprintf(dir, sizeof dir, "%s/bench", ovp_args_text(a, "results", "results"));
    snprintf(out, sizeof out, "%s/bench", ovp_args_text(a, "figures", "plots/figures"));
    int st = ovp_plot_figures(dir, "latest.csv", "run 'ovp bench' first", bench_figures, out, err, sizeof err);
    if (st)
        fprintf(stderr, "ovp plot bench: %s\n", err);
    return ovp_runstatus_exit_code(st);
}

int ovp_cli_plot(int argc, char **argv)
{
    ovp_args a;
    int code;
    if (ovp_cli_parse_command("plot", argc, argv, plot_options, N_PLOT_OPTIONS, plot_help, &a, &code))
        return code;
    if (a.n_positional != 1)
        return ovp_cli_usage_error("plot", "give one harness NAME (or 'all')");
    const char *name = a.positional[0];
    const ovp_harness *h = ovp_harness_find(name);
    if (strcmp(name, "bench") == 0)
        return plot_bench(&a);
    char err[1024];
    if (!h && strcmp(name, "all") != 0) {
        snprintf(err, sizeof err, "unknown harness '%.40s'", name);
        return ovp_cli_usage_error("plot", err);
    }
    const char *results = ovp_args_text(&a, "results", "results");
    const char *scale = ovp_args_text(&a, "scale", OVP_DEFAULT_SCALE);
    const char *figures = ovp_args_text(&a, "figures", "plots/figures");
    int worst = 0;
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        if (h && ovp_harnesses[i] != h)
            continue;
        if (!h && (!ovp_harnesses[i]->figures || !ovp_harnesses[i]->figures[0]))
            continue; /* 'all': a harness without figures needs no results */
        int st = ovp_plot_harness(ovp_harnesses[i], results, scale, figures, err, sizeof err);
        if (st) {
            fprintf(stderr, "ovp plot %s: %s\n", ovp_harnesses[i]->paper->harness, err);
            code = ovp_runstatus_exit_code(st);
            worst = code > worst ? code : worst;
        }
    }
    return worst;
}
