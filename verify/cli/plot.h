/* verify/cli/plot.h: the gnuplot rendering behind `ovp plot` (cmd_plot.c):
 * figures from results. Errors: OVP_EDATA when there is nothing (complete) to
 * plot, OVP_EINVAL for an unusable figures folder name, OVP_EIO when a script,
 * gnuplot or a file fails, OVP_ENOMEM; each with one message in err. */
#ifndef OVP_PLOT_H
#define OVP_PLOT_H

#include "harness.h"
#include "runstatus.h"

#include <stddef.h>

/* Output formats, a bit each. cairolatex writes NAME.tex (the text, typeset by
 * LaTeX) and NAME-tex.pdf (the graphics, which NAME.tex includes by that bare
 * name: give LaTeX the folder with \graphicspath). */
enum {
    OVP_PLOT_PNG = 1,
    OVP_PLOT_PDF = 2,
    OVP_PLOT_SVG = 4,
    OVP_PLOT_CAIROLATEX = 8,
};

/* How figures look: formats (OVP_PLOT_* bits), the size of a one-panel figure in
 * inches (multi-panel figures are multiples of it; text is 9 pt at this size),
 * and whether the title is drawn. */
typedef struct {
    unsigned formats;
    double width, height;
    int title;
} ovp_plot_style;

/* png,pdf at 3.4 × 2.55 in (a two-column paper's column), with titles. */
#define OVP_PLOT_STYLE_DEFAULT ((ovp_plot_style){OVP_PLOT_PNG | OVP_PLOT_PDF, 3.4, 2.55, 1})

/* Parses "png,pdf,svg,cairolatex" (any non-empty comma list of those) into
 * OVP_PLOT_* bits; 0 and a message in err when a name is not one of them. */
unsigned ovp_plot_parse_formats(const char *list, char *err, size_t errlen);

/* Renders every figure of h from the CSVs in RESULTS/NAME/SCALE/ into
 * FIGURES/SCALE/<figure>.<format>, atomically. The scripts are read from
 * $OVP_PLOTS_DIR, else <the ovp executable's folder>/../share/ovp/plots when that
 * exists (an installed ovp), else the source tree's plots/. No path given here
 * reaches gnuplot (its scripts pass paths to a shell): gnuplot works in a private
 * directory under $TMPDIR (if made of [A-Za-z0-9/._-] only, else /tmp), removed
 * before returning. A results folder that holds an incomplete or edited run
 * (ovp_results_check) is refused with OVP_EDATA. */
OVP_MUST_CHECK int ovp_plot_harness(const ovp_harness *h, const char *results, const char *scale,
                                    const char *figures, const ovp_plot_style *style, char *err,
                                    size_t errlen);

/* Renders `figures` (script stems, NULL-terminated) from the CSVs in data_dir
 * into out_dir/<figure>.<format>; `required` names the file whose absence
 * means there is nothing to plot yet, and `hint` how to make it. */
OVP_MUST_CHECK int ovp_plot_figures(const char *data_dir, const char *required, const char *hint,
                                    const char *const *figures, const char *out_dir,
                                    const ovp_plot_style *style, char *err, size_t errlen);

#endif
