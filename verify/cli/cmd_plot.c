/* verify/cli/cmd_plot.c: `ovp plot`: a harness's figures, or the benchmark
 * report's, rendered with gnuplot (plot.c). */
#include "cli_internal.h"
#include "fs.h"
#include "plot.h"
#include "results.h"
#include "runstatus.h"

#include <stdio.h>
#include <string.h>

static const ovp_opt_spec plot_options[] = {
    {"results", OVP_OPT_STRING, "DIR", "results root to read (default results)", 0, 0, NULL},
    {"scale", OVP_OPT_CHOICE, "ci|paper", "which scale's results (default ci)", 0, 0, "ci|paper"},
    {"figures", OVP_OPT_STRING, "DIR", "where figures go: DIR/SCALE/NAME_*.FORMAT (default plots/figures)", 0, 0, NULL},
    {"format", OVP_OPT_STRING, "F,...",
     "png, pdf, svg, cairolatex (NAME.tex + NAME-tex.pdf, for pdflatex), a comma list (default png,pdf)", 0, 0, NULL},
    {"size", OVP_OPT_REAL_LIST, "W,H", "one panel's size in inches, text 9 pt (default 3.4,2.55: a paper column)", 1, 20,
     NULL},
    {"no-title", OVP_OPT_FLAG, NULL, "draw no titles (a caption states the claim)", 0, 0, NULL},
    {"tag", OVP_OPT_STRING, "TAG", "the run of 'ovp verify --tag TAG': RESULTS/NAME/SCALE/TAG, figures in DIR/SCALE/TAG/", 0, 0, NULL},
};
#define N_PLOT_OPTIONS (sizeof plot_options / sizeof *plot_options)

static void plot_help(void)
{
    printf("usage: ovp plot NAME|all|bench [options]\n\n"
           "Renders a harness's figures with gnuplot (plots/NAME_*.gp) from the CSVs that\n"
           "'ovp verify NAME' wrote, as PNG and PDF (--format). 'bench' renders the benchmark report\n"
           "from RESULTS/bench/latest.csv into FIGURES/bench/. --tag TAG renders the run of\n"
           "'ovp verify NAME --tag TAG' into FIGURES/SCALE/TAG/.\n\nharnesses: ");
    ovp_cli_print_harness_names(stdout);
    printf("\n\noptions:\n");
    ovp_args_print_help(stdout, plot_options, N_PLOT_OPTIONS);
}

/* A tagged run, as ovp_plot_harness does an untagged one: RESULTS/NAME/SCALE/TAG
 * into FIGURES/SCALE/TAG, only when complete and unedited. */
static int plot_tagged(const ovp_harness *h, const char *results, const char *scale, const char *tag,
                       const char *figures, const ovp_plot_style *style, char *err, size_t errlen)
{
    char dir[4096], out[4096], hint[300], summary[4200];
    if (ovp_cli_run_dir(results, h->paper->harness, scale, tag, dir, sizeof dir) ||
        snprintf(out, sizeof out, "%s/%s/%s", figures, scale, tag) >= (int)sizeof out) {
        snprintf(err, errlen, "results or figures path too long");
        return OVP_EINVAL;
    }
    snprintf(hint, sizeof hint, "run 'ovp verify %s --scale %s --tag %s' first", h->paper->harness, scale, tag);
    snprintf(summary, sizeof summary, "%s/summary.json", dir);
    if (ovp_fs_exists(summary) && ovp_results_check(dir, err, errlen))
        return OVP_EDATA;
    return ovp_plot_figures(dir, "summary.json", hint, h->figures, out, style, err, errlen);
}

/* The benchmark report: `ovp bench` wrote RESULTS/bench/latest.csv. */
static int plot_bench(const ovp_args *a, const ovp_plot_style *style)
{
    static const char *const bench_figures[] = {"bench_roofline", "bench_scaling", NULL};
    char dir[4096], out[4096], err[1024];
    snprintf(dir, sizeof dir, "%s/bench", ovp_args_text(a, "results", "results"));
    snprintf(out, sizeof out, "%s/bench", ovp_args_text(a, "figures", "plots/figures"));
    int st = ovp_plot_figures(dir, "latest.csv", "run 'ovp bench' first", bench_figures, out, style, err,
                              sizeof err);
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
    char err[1024];
    ovp_plot_style style = OVP_PLOT_STYLE_DEFAULT;
    const char *formats = ovp_args_text(&a, "format", NULL);
    if (formats && !(style.formats = ovp_plot_parse_formats(formats, err, sizeof err)))
        return ovp_cli_usage_error("plot", err);
    const ovp_opt_value *size = ovp_args_get(&a, "size");
    if (size && size->n_list != 2)
        return ovp_cli_usage_error("plot", "--size takes W,H: two sizes in inches");
    if (size) {
        style.width = size->list[0];
        style.height = size->list[1];
    }
    style.title = !ovp_args_flag(&a, "no-title");
    if (strcmp(name, "bench") == 0)
        return plot_bench(&a, &style);
    if (!h && strcmp(name, "all") != 0) {
        snprintf(err, sizeof err, "unknown harness '%.40s'", name);
        return ovp_cli_usage_error("plot", err);
    }
    const char *results = ovp_args_text(&a, "results", "results");
    const char *scale = ovp_args_text(&a, "scale", OVP_DEFAULT_SCALE);
    const char *figures = ovp_args_text(&a, "figures", "plots/figures");
    const char *tag = ovp_args_text(&a, "tag", NULL);
    if (tag && ovp_cli_check_tag(tag, err, sizeof err))
        return ovp_cli_usage_error("plot", err);
    int worst = 0;
    for (size_t i = 0; i < ovp_n_harnesses; i++) {
        if (h && ovp_harnesses[i] != h)
            continue;
        if (!h && (!ovp_harnesses[i]->figures || !ovp_harnesses[i]->figures[0]))
            continue; /* 'all': a harness without figures needs no results */
        int st = tag ? plot_tagged(ovp_harnesses[i], results, scale, tag, figures, &style, err, sizeof err)
                     : ovp_plot_harness(ovp_harnesses[i], results, scale, figures, &style, err, sizeof err);
        if (st) {
            fprintf(stderr, "ovp plot %s: %s\n", ovp_harnesses[i]->paper->harness, err);
            code = ovp_runstatus_exit_code(st);
            worst = code > worst ? code : worst;
        }
    }
    return worst;
}
