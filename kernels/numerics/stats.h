/* kernels/numerics/stats.h: small statistics shared by the harnesses. */
#ifndef OVP_STATS_H
#define OVP_STATS_H

#include <stddef.h>

/* Least-squares line y = intercept + slope·x over the finite pairs (GSL's
 * gsl_fit_linear); returns the number of pairs used (the fit needs ≥ 2 distinct
 * x, else slope and intercept are NaN). */
size_t ovp_stats_fit_line(const double *x, const double *y, size_t n, double *slope, double *intercept);

/* The same, with the slope's standard error √cov₁₁ = s/√Σ(x − x̄)², where
 * s² = Σ residual²/(used − 2): NaN below 3 pairs (no residual degree of freedom),
 * 0 when the pairs lie on the line exactly. */
size_t ovp_stats_fit_line_se(const double *x, const double *y, size_t n, double *slope, double *intercept,
                             double *slope_se);

/* Half-width t_{(1+level)/2, used−2}·slope_se of the two-sided confidence interval
 * at `level` (0.95) for a slope fitted over `used` pairs with normal errors (GSL's
 * gsl_cdf_tdist_Pinv); NaN below 3 pairs or for a NaN standard error. */
double ovp_stats_slope_half_width(double slope_se, size_t used, double level);

/* Wilson score interval for k successes in n trials at confidence z (1.96 for 95%). */
void ovp_stats_wilson_interval(size_t k, size_t n, double z, double *lo, double *hi);

/* Mean and the half-width of its normal confidence interval (z·s/√n). */
void ovp_stats_mean_ci(const double *x, size_t n, double z, double *mean, double *half_width);

#endif
