/* theorems/du2019.c: claims of Du et al. (2019) and their bound formulas. */
#include "du2019.h"

#include <math.h>

OVP_PAPER(du2019_paper, "du2019", "Du, Zhai, Poczos, Singh (ICLR 2019)",
          "two-layer ReLU net: GD converges linearly at rate lambda0 = lambda_min(H_inf)",
    {"P3.A3.1", "non-degenerate data: lambda0 = lambda_min(H_inf) > 0 (no two parallel inputs)"},
    {"P3.L3.1", "at init, lambda_min(H(0)) >= 3/4 lambda0 (m = Omega(n^2 log^2(n/delta) / lambda0^2))"},
    {"P3.L3.1.F", "at init, ||H(0) - H_inf||_F^2 <= 16 n^2 log^2(n/delta) / m, w.p. >= 1 - delta"},
    {"P3.T4.1", "GD: ||u(k) - y||^2 <= (1 - eta lambda0 / 2)^k ||u(0) - y||^2 for every k"},
    {"P3.C4.1", "every neuron stays within R' = 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda0) of its init"},
    {"P3.L3.2", "stability: lambda_min(H(k)) >= lambda0 / 2 at every iteration k"},
    {"P3.L4.1", "Lemma 4.1 at R = max_r,k ||w_r(k) - w_r(0)|| (observed): fraction of patterns (i, r) "
                "ever flipped <= 2 R / sqrt(2 pi) (every flip is in the lemma's S_i-perp)"},
    {"P3.L4.1.Rprime", "Lemma 4.1 at the radius R' of Corollary 4.1: fraction of patterns (i, r) ever "
                       "flipped <= 2 R' / sqrt(2 pi)"},
    {"P3.L4.1.m", "the flipped fraction shrinks as m grows (largest m vs smallest m)"},
    {"P3.T3.1", "gradient flow: ||u(t) - y||^2 <= exp(-lambda0 t) ||u(0) - y||^2 for every t, i.e. "
                "(1/t) ln(||u(0) - y||^2 / ||u(t) - y||^2) >= lambda0 (m = Omega(n^6 / (lambda0^4 delta^3)))"},
    {"P3.L3.3.rate", "Lemma 3.3: if lambda_min(H(s)) >= lambda0/2 for 0 <= s <= t, then "
                     "||u(t) - y||^2 <= exp(-lambda0 t) ||u(0) - y||^2 (the rate of P3.T3.1)"},
    {"P3.L3.3", "Lemma 3.3: if lambda_min(H(s)) >= lambda0/2 for 0 <= s <= t, every neuron stays within "
                "2 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda0) of its init (gradient flow)"},
    {"P3.L3.2.flow", "gradient flow: lambda_min(H(t)) >= lambda0 / 2 for every t (Lemma 3.2's conclusion; "
                     "H of the Filippov flow where patterns slide)"},
    {"P3.L3.4", "Lemma 3.4: if R' < R = c lambda0 / n^2 (Lemma 3.2, c a small constant), then for every t "
                "lambda_min(H(t)) >= lambda0/2, ||w_r(t) - w_r(0)|| <= R' and the rate of P3.T3.1"});

double du2019_radius_Rprime(double n, double residual0, double m, double lambda0)
{
    return 4.0 * sqrt(n) * residual0 / (sqrt(m) * lambda0);
}

double du2019_radius_flow(double n, double residual0, double m, double lambda0)
{
    return 2.0 * sqrt(n) * residual0 / (sqrt(m) * lambda0);
}

double du2019_rate_flow(double lambda0, double t) { return exp(-lambda0 * t); }

double du2019_lemma34_constant(double radius_flow, double n, double lambda0)
{
    return radius_flow * n * n / lambda0;
}

double du2019_rate_bound(double eta, double lambda0, double k)
{
    return pow(1.0 - eta * lambda0 / 2.0, k);
}

double du2019_init_frobenius_bound(double n, double m, double delta)
{
    double l = log(n / delta);
    return 16.0 * n * n * l * l / m;
}

double du2019_width_for_init(double n, double lambda0, double delta)
{
    double l = log(n / delta);
    return 256.0 * n * n * l * l / (lambda0 * lambda0);
}

double du2019_width_for_gd(double n, double lambda0, double delta)
{
    return pow(n, 6) / (pow(lambda0, 4) * pow(delta, 3));
}

double du2019_step_for_gd(double n, double lambda0) { return lambda0 / (n * n); }

double du2019_flip_fraction_bound(double radius) { return 2.0 * radius / sqrt(2.0 * M_PI); }

double du2019_h0_entry_deviation_max(double inner, double hinf)
{
    return fmax(fabs(hinf), fabs(inner - hinf));
}
