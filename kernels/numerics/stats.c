/* kernels/numerics/stats.c: line fit, Wilson interval, mean with interval. */
#include "stats.h"

#include <math.h>

size_t ovp_stats_fit_line(const double *x, const double *y, size_t n, double *slope, double *intercept)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            continue;
        sx += x[i];
        sy += y[i];
        sxx += x[i] * x[i];
        sxy += x[i] * y[i];
        used++;
    }
    double den = (double)used * sxx - sx * sx;
    if (used < 2 || !(fabs(den) > 0)) {
        *slope = *intercept = NAN;
        return used;
    }
    *slope = ((double)used * sxy - sx * sy) / den;
    *intercept = (sy - *slope * sx) / (double)used;
    return used;
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
