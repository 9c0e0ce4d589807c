/* tests/test_stats.c: the line fit (GSL) and its slope's standard error and interval
 * against a case worked by hand. */
#include "stats.h"

#include <criterion/criterion.h>
#include <math.h>

/* x = 0..3, y = 1, 3, 2, 5: x̄ = 3/2, ȳ = 11/4, Σ(x−x̄)² = 5, Σ(x−x̄)(y−ȳ) = 11/2, so
 * slope = 11/10, intercept = 11/4 − 33/20 = 11/10; residuals −0.1, 0.8, −1.3, 0.6 sum
 * to squares 2.7, s² = 2.7/2, SE = √(s²/5) = √0.27. */
Test(stats, fit_line_and_slope_standard_error_match_the_hand_computed_case)
{
    const double x[] = {0, 1, 2, 3}, y[] = {1, 3, 2, 5};
    double slope, icpt, se;
    cr_assert_eq(ovp_stats_fit_line_se(x, y, 4, &slope, &icpt, &se), 4);
    cr_assert(fabs(slope - 1.1) < 1e-14, "slope %.17g", slope);
    cr_assert(fabs(icpt - 1.1) < 1e-14, "intercept %.17g", icpt);
    cr_assert(fabs(se - sqrt(0.27)) < 1e-14, "SE %.17g", se);
    /* two degrees of freedom: t_p = (2p − 1)/√(2p(1 − p)) in closed form */
    double t = 0.95 / sqrt(2 * 0.975 * 0.025), h = ovp_stats_slope_half_width(se, 4, 0.95);
    cr_assert(fabs(h - t * sqrt(0.27)) < 1e-9 * h, "half-width %.17g vs %.17g", h, t * sqrt(0.27));
    /* the plain fit gives the same line */
    double s2, i2;
    cr_assert_eq(ovp_stats_fit_line(x, y, 4, &s2, &i2), 4);
    cr_assert(s2 == slope && i2 == icpt);
}

Test(stats, fit_line_skips_non_finite_pairs_and_refuses_degenerate_ones)
{
    /* the same four pairs with a NaN and an Inf pair among them */
    const double x[] = {0, NAN, 1, 2, 7, 3}, y[] = {1, 4, 3, 2, INFINITY, 5};
    double slope, icpt, se;
    cr_assert_eq(ovp_stats_fit_line_se(x, y, 6, &slope, &icpt, &se), 4);
    cr_assert(fabs(slope - 1.1) < 1e-14 && fabs(se - sqrt(0.27)) < 1e-14, "slope %g SE %g", slope, se);
    /* a line through two points: exact, no standard error, no interval */
    cr_assert_eq(ovp_stats_fit_line_se(x, y, 3, &slope, &icpt, &se), 2);
    cr_assert(fabs(slope - 2.0) < 1e-14 && isnan(se) && isnan(ovp_stats_slope_half_width(se, 2, 0.95)));
    /* points exactly on a line: SE 0 */
    const double lx[] = {1, 2, 3, 4}, ly[] = {1, 3, 5, 7};
    cr_assert_eq(ovp_stats_fit_line_se(lx, ly, 4, &slope, &icpt, &se), 4);
    cr_assert(fabs(slope - 2.0) < 1e-14 && fabs(icpt + 1.0) < 1e-13 && se < 1e-14, "%g %g %g", slope, icpt, se);
    /* every x the same: no slope */
    const double cx[] = {2, 2, 2};
    cr_assert_eq(ovp_stats_fit_line_se(cx, ly, 3, &slope, &icpt, &se), 3);
    cr_assert(isnan(slope) && isnan(icpt) && isnan(se));
}
