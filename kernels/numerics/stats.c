/* kernels/numerics/stats.c: line fit (GSL) with the slope's standard error and interval,
 * Wilson interval, mean with interval. */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>

size_t ovp_stats_fit_line_se(const double *x, const double *y, size_t n, double *slope, double *intercept,
                             double *slope_se)
{
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += isfinite(x[i]) && isfinite(y[i]);
    *slope = *intercept = *slope_se = NAN;
    if (used < 2)
        return used;
    /* gsl_fit_linear takes every pair: gather the finite ones when some are not */
    double *buf = NULL;
    const double *fx = x, *fy = y;
    if (used < n) {
        if (!(buf = malloc(2 * used * sizeof *buf)))
            return used;
        for (size_t i = 0, k = 0; i < n; i++)
            if (isfinite(x[i]) && isfinite(y[i])) {
                buf[k] = x[i];
                buf[used + k++] = y[i];
            }
        fx = buf;
        fy = buf + used;
    }
    double c0, c1, cov00, cov01, cov11, sumsq;
    gsl_fit_linear(fx, 1, fy, 1, used, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    free(buf);
    if (isfinite(c1) && isfinite(c0)) { /* NaN or ±Inf when every x is the same */
        *slope = c1;
        *intercept = c0;
        if (used > 2)
            *slope_se = sqrt(cov11);
    }
    return used;
}

size_t ovp_stats_fit_line(const double *x, const double *y, size_t n, double *slope, double *intercept)
{
    double se;
    return ovp_stats_fit_line_se(x, y, n, slope, intercept, &se);
}

double ovp_stats_slope_half_width(double slope_se, size_t used, double level)
{
    if (used < 3 || isnan(slope_se) || !(level > 0 && level < 1))
        return NAN;
    return gsl_cdf_tdist_Pinv(0.5 * (1.0 + level), (double)(used - 2)) * slope_se;
}

void ovp_stats_wilson_interval(size_t k, size_t n, double z, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0.0;
        *hi = 1.0;
        return;
    }
    double p = (double)k / (double)n, z2 = z * z, nn = (double)n;
    double center = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
    *lo = fmax(0.0, center - half);
    *hi = fmin(1.0, center + half);
}

void ovp_stats_mean_ci(const double *x, size_t n, double z, double *mean, double *half_width)
{
    double s = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    *mean = n ? s / (double)n : NAN;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *half_width = n > 1 ? z * sqrt(ss / (double)(n - 1) / (double)n) : NAN;
}
