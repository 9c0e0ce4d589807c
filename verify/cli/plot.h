/* verify/cli/plot.h: the gnuplot rendering behind `ovp plot` (cmd_plot.c):
 * figures from results. Errors: OVP_EDATA when there is nothing (complete) to
 * plot, OVP_EINVAL for an unusable figures folder name, OVP_EIO when a script,
 * gnuplot or a file fails, OVP_ENOMEM; each with one message in err. */
#ifndef OVP_PLOT_H
#define OVP_PLOT_H

#include "harness.h"
#include "runstatus.h"

/* Renders every figure of h from the CSVs in RESULTS/NAME/SCALE/ into
 * FIGURES/SCALE/<figure>.{png,pdf}, atomically. The scripts are read from
 * $OVP_PLOTS_DIR, else the source tree's plots/. No path given here reaches
 * gnuplot (its scripts pass paths to a shell): gnuplot works in a private
 * directory under $TMPDIR (if made of [A-Za-z0-9/._-] only, else /tmp), removed
 * before returning. A results folder that holds an incomplete or edited run
 * (ovp_results_check) is refused with OVP_EDATA. */
OVP_MUST_CHECK int ovp_plot_harness(const ovp_harness *h, const char *results, const char *scale,
                                    const char *figures, char *err, size_t errlen);

/* Renders `figures` (script stems, NULL-terminated) from the CSVs in data_dir
 * into out_dir/<figure>.{png,pdf}; `required` names the file whose absence
 * means there is nothing to plot yet, and `hint` how to make it. */
OVP_MUST_CHECK int ovp_plot_figures(const char *data_dir, const char *required, const char *hint,
                                    const char *const *figures, const char *out_dir, char *err,
                                    size_t errlen);

#endif
