/* kernels/numerics/stats.h: small statistics shared by the harnesses. */
#ifndef OVP_STATS_H
#define OVP_STATS_H

#include <stddef.h>

/* Least-squares line y = intercept + slope·x over the finite pairs; returns
 * the number of pairs used (the fit needs ≥ 2 distinct x, else slope is NaN). */
size_t ovp_stats_fit_line(const double *x, const double *y, size_t n, double *slope, double *intercept);

/* Wilson score interval for k successes in n trials at confidence z (1.96 for 95%). */
void ovp_stats_wilson_interval(size_t k, size_t n, double z, double *lo, double *hi);

/* Mean and the half-width of its normal confidence interval (z·s/√n). */
void ovp_stats_mean_ci(const double *x, size_t n, double z, double *mean, double *half_width);

#endif
