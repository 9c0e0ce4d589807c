/* tests/test_angle.c: angles and λ₀ against multiprecision references
 * (tests/data/angles/, made once by make_reference.py with mpmath at 60
 * digits from the very doubles the tests read). */
#include "angle.h"
#include "gram.h"
#include "linalg.h"
#include "status.h"
#include "work.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANGLES OVP_FUZZ_CORPUS "/../data/angles/"

/* Reads the numeric rows of a committed CSV (header skipped) into rows[][cols]. */
static size_t read_rows(const char *name, size_t cols, double rows[][16], size_t max)
{
    char path[512], line[2048];
    snprintf(path, sizeof path, "%s%s", ANGLES, name);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    size_t n = 0;
    cr_assert_not_null(fgets(line, sizeof line, f)); /* header */
    while (n < max && fgets(line, sizeof line, f)) {
        char *p = line;
        for (size_t k = 0; k < cols; k++) {
            char *end;
            rows[n][k] = strtod(p, &end);
            cr_assert(end != p, "%s row %zu field %zu", name, n + 2, k + 1);
            p = *end == ',' ? end + 1 : end;
        }
        n++;
    }
    fclose(f);
    return n;
}

static double dot3(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

/* From 1e-12 to π − 1e-12: within the stated bound, which is a few ulps
 * absolute. Not relative at tiny angles: normalising a stored vector rounds
 * each entry by u, which moves the angle of a nearly parallel pair by ~u, so
 * no backward-stable method does better than ~u absolute (the angle's
 * condition number is 1/θ); acos of the cosine did √u. */
Test(angle, matches_multiprecision_at_every_angle)
{
    double rows[64][16];
    size_t n = read_rows("angles.csv", 8, rows, 64);
    cr_assert_geq(n, 50);
    double worst = 0;
    for (size_t r = 0; r < n; r++) {
        const double *u = &rows[r][1], *v = &rows[r][4], ref = rows[r][7];
        double nu = sqrt(dot3(u, u)), nv = sqrt(dot3(v, v)), t, sn, cs;
        ovp_angle(u, v, nu, nv, 3, dot3(u, v) / (nu * nv), &t, &sn, &cs);
        cr_assert_leq(fabs(t - ref), ovp_angle_error_bound(ref, 3), "theta %.17g: got %.17g, error %.3g > bound %.3g",
                      ref, t, fabs(t - ref), ovp_angle_error_bound(ref, 3));
        worst = fmax(worst, fabs(t - ref));
    }
    cr_assert_leq(worst, 4 * DBL_EPSILON, "worst absolute error %.3g", worst);
}

/* The negative control: acos of the rounded cosine, what ovp did before,
 * breaks the same bound near parallel (at 1e-8 rad it is off by ~1e-8). */
Test(angle, acos_of_the_cosine_fails_the_same_check)
{
    double rows[64][16];
    size_t n = read_rows("angles.csv", 8, rows, 64), failed = 0;
    for (size_t r = 0; r < n; r++) {
        const double *u = &rows[r][1], *v = &rows[r][4], ref = rows[r][7];
        double c = dot3(u, v) / sqrt(dot3(u, u) * dot3(v, v));
        double t = acos(c > 1 ? 1 : c < -1 ? -1 : c);
        failed += fabs(t - ref) > ovp_angle_error_bound(ref, 3);
    }
    cr_assert_geq(failed, 10, "only %zu of %zu angles fail the bound with acos", failed, n);
}

/* λ₀ of three inputs, two of them t apart (1 ... 1e-9 rad): within its error
 * bound always; to 1e-8 relative wherever the stored H∞ can carry it. A
 * double near 1/2 is known to ulp(1/2)/2 = 5.6e-17, so H∞'s off-diagonal
 * entry alone fixes λ₀ ≈ t/2π only to 5.6e-17 absolute: 1e-8 relative needs
 * λ₀ ≥ 5.6e-9, i.e. t ≳ 3.5e-8 rad. */
Test(angle, lambda0_matches_multiprecision_with_its_error_bound)
{
    double rows[32][16];
    size_t n = read_rows("pairs.csv", 11, rows, 32);
    cr_assert_geq(n, 19);
    ovp_work ws = {0};
    for (size_t r = 0; r < n; r++) {
        double x[9], k[9], h[9], tmp[9], l0, lmax;
        memcpy(x, &rows[r][1], sizeof x);
        ovp_mat X = ovp_mat_view(x, 3, 3), K = ovp_mat_view(k, 3, 3), H = ovp_mat_view(h, 3, 3);
        ovp_mat T = ovp_mat_view(tmp, 3, 3);
        cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
        ovp_mat_symmetrize_upper(&K);
        cr_assert_eq(ovp_gram_hinf(&X, &K, &H), OVP_OK);
        cr_assert_eq(ovp_mat_copy(&H, &T), OVP_OK);
        cr_assert_eq(ovp_linalg_eig_min(&T, &l0, &ws), OVP_OK);
        cr_assert_eq(ovp_mat_copy(&H, &T), OVP_OK);
        cr_assert_eq(ovp_linalg_eig_max(&T, &lmax, &ws), OVP_OK);
        double ref = rows[r][10], t = rows[r][0], bound = ovp_gram_lambda_error(3, 3, lmax);
        cr_assert_leq(fabs(l0 - ref), bound, "t = %.3g: lambda0 %.17g vs %.17g, error %.3g > bound %.3g", t, l0,
                      ref, fabs(l0 - ref), bound);
        cr_assert_gt(l0, bound, "t = %.3g: lambda0 %.3g is certified positive (bound %.3g)", t, l0, bound);
        if (ref >= 5.6e-9)
            cr_assert_leq(fabs(l0 - ref) / ref, 1e-8, "t = %.3g: relative error %.3g", t, fabs(l0 - ref) / ref);
    }
    ovp_work_free(&ws);
}
