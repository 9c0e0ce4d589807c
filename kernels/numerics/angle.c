/* kernels/numerics/angle.c: stable angles between vectors (see angle.h). */
#include "angle.h"

#include <float.h>
#include <math.h>

static double norm(const double *x, size_t d)
{
    double s = 0.0;
    for (size_t q = 0; q < d; q++)
        s += x[q] * x[q];
    return sqrt(s);
}

/* 2 atan2(‖ā − b̄‖, ‖ā + b̄‖). noinline: the refined path is rare, and keeping
 * it out of the callers' loops keeps those vectorised. */
static double __attribute__((noinline)) refined(const double *a, const double *b, double na, double nb,
                                                size_t d)
{
    double dm = 0.0, dp = 0.0, ia = 1.0 / na, ib = 1.0 / nb;
    for (size_t q = 0; q < d; q++) {
        double x = a[q] * ia, y = b[q] * ib;
        dm += (x - y) * (x - y);
        dp += (x + y) * (x + y);
    }
    return 2.0 * atan2(sqrt(dm), sqrt(dp));
}

void ovp_angle(const double *a, const double *b, double na, double nb, size_t d, double c, double *theta,
               double *sn, double *cs)
{
    c = c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c);
    if (1.0 - fabs(c) < OVP_ANGLE_REFINE) {
        *theta = refined(a, b, na, nb, d);
        *sn = sin(*theta);
        *cs = cos(*theta);
        return;
    }
    *theta = acos(c);
    *sn = sqrt(1.0 - c * c); /* sin θ ≥ 0.045 here: no cancellation to fear */
    *cs = c;
}

double ovp_angle_direct(const double *a, const double *b, size_t d)
{
    return refined(a, b, norm(a, d), norm(b, d), d);
}

double ovp_angle_error_bound(double theta, size_t d)
{
    const double eps = DBL_EPSILON / 2; /* unit roundoff */
    double gamma = (double)(d + 2) * eps / (1.0 - (double)(d + 2) * eps);
    double c = cos(theta);
    if (1.0 - fabs(c) < OVP_ANGLE_REFINE)
        return (gamma + 4.0 * eps) * theta + 2.0 * eps * M_PI;
    /* δ/sin θ with sin θ ≥ √(2τ − τ²), plus acos's own rounding */
    return gamma / sqrt(1.0 - c * c) + 2.0 * eps * theta;
}
