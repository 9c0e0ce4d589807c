/* theorems/arora2019.c: claims of Arora et al. (2019) and their bound formulas. */
#include "arora2019.h"

#include <math.h>

OVP_PAPER(arora2019_paper, "arora2019", "Arora, Du, Hu, Li, Wang (ICML 2019)",
          "two-layer ReLU net: GD's trajectory follows H_inf's eigen-projections; distance and "
          "generalisation by y' H_inf^-1 y",
    {"P5.T4.1", "||y - u(k)|| = sqrt(sum_i (1 - eta lambda_i)^(2k) (v_i'(y - u(0)))^2) +- eps for every k "
                "(kappa = O(eps lambda0 delta / sqrt n), m = Omega(n^7 / (lambda0^4 kappa^2 delta^4 eps^2)))"},
    {"P5.L5.3", "||W(k) - W(0)||_F <= sqrt((y - u(0))' H_inf^-1 (y - u(0))) + eps for every k"},
    {"P5.T5.1", "for a 1-Lipschitz loss in [0, 1] with l(y, y) = 0, population loss <= "
                "sqrt(2 y' H_inf^-1 y / n) + O(sqrt(log(n / (lambda0 delta)) / n))"});

double arora2019_trajectory(const double *lambda, const double *proj, size_t n, double eta, double k)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double c = pow(1.0 - eta * lambda[i], k) * proj[i];
        s += c * c;
    }
    return sqrt(s);
}

double arora2019_kappa_for_trajectory(double n, double lambda0, double delta, double eps)
{
    return eps * lambda0 * delta / sqrt(n);
}

double arora2019_width_for_trajectory(double n, double lambda0, double kappa, double delta, double eps)
{
    return pow(n, 7) / (pow(lambda0, 4) * kappa * kappa * pow(delta, 4) * eps * eps);
}

double arora2019_distance_bound(double quad) { return sqrt(quad); }

double arora2019_generalization_bound(double quad, double n) { return sqrt(2.0 * quad / n); }

double arora2019_generalization_lower_order(double n, double lambda0, double delta)
{
    return sqrt(log(n / (lambda0 * delta)) / n);
}

double arora2019_clipped_loss(double f, double y)
{
    return isfinite(f) ? fmin(fabs(f - y), 1.0) : NAN; /* a diverged net is a failure, not a loss of 1 */
}
