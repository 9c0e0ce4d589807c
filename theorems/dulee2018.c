/* theorems/dulee2018.c: claims of Du & Lee (2018) and their bound formulas.
 * Loss scaling 1/n throughout (eq. 2); see dulee2018.h for the notation. */
#include "dulee2018.h"

#include <math.h>

#define DULEE_STR_(x) #x
#define DULEE_STR(x) DULEE_STR_(x)

OVP_PAPER(dulee2018_paper, "dulee2018", "Du, Lee (ICML 2018)",
          "quadratic activation: no spurious SOSPs for k >= d or k(k+1)/2 > n; weight decay generalises",
    {"P1.T3.1.cert", "k >= d: every SOSP found is certified global: lambda_min(S) >= -tau_S (and WS = grad/2 ~ 0)"},
    {"P1.T3.1.value", "k >= d: every SOSP's L equals the convex optimum over PSD M, within the SOSP tolerance"},
    {"P1.T3.2.cert", "k(k+1)/2 > n, k < d, C PSD with a density: every SOSP of L_C is certified global: lambda_min(S_C) >= -tau(rank tol * sigma_1)"},
    {"P1.T3.2.value", "k(k+1)/2 > n, k < d: every SOSP's L_C equals the perturbed convex optimum"},
    {"P1.T3.2.rank", "k(k+1)/2 > n, k < d: every SOSP of L_C is rank-deficient: sigma_k(W)/sigma_1(W) ~ 0"},
    {"P1.T3.2.bound", "k(k+1)/2 > n, k < d, W* != 0: L(W_hat) <= L(W*) + delta ||W*||_F^2 for the global min W_hat of L_C"},
    {"P1.P2.2", "k >= d: lambda_min(Hessian of L) <= -eps_H at each non-global eps_g-critical point checked (W = 0, end points, "
                "up to " DULEE_STR(DULEE2018_DONOR_MAX_EMBED) " embedded narrower SOSPs per instance); fails only if lambda_hat - rounding bound > -eps_H"},
    {"P1.P2.2.C", "k(k+1)/2 > n, k < d, C PSD with a density: the same for L_C: lambda_min(Hessian) <= -eps_H at each non-global "
                  "eps_g-critical point checked; fails only if lambda_hat - rounding bound > -eps_H"},
    {"P1.CVX.cert", "the convex reference optimum over PSD M is certified: duality gap (Fenchel dual, KKT residuals lambda_min(S), <S, M>) within tolerance"},
    {"P1.NC.thresholds", "below both thresholds (k < d, k(k+1)/2 <= n, C = 0) the certificate reports non-global SOSPs"},
    {"P1.T5.2", "R_S(Sigma(M)) = (M^2/n) E max(lambda_max(sum sigma_i x_i x_i'), 0) <= sqrt(2 M^4 s log d)/n"},
    {"P1.T4.2", "||x|| <= b: R_S(Sigma(M)) <= sqrt(2 b^4 M^4 log d / n)"},
    {"P1.C4.1", "Gaussian x: R_S(Sigma(M)) <= C sqrt(M^4 d/n): log-log slope in n at most -1/2"},
    {"P1.T4.3", "||x|| <= b: L_te - L_tr <= C L M^2 b^2 sqrt(log d / n), C = 2 sqrt(2 log(d+1)/log d) (ovp's: the expected gap)"},
    {"P1.T4.3.eq5", "eq. (5), x ~ N(0, I): L_te - L_tr <= C L M^2 sqrt(d^2 log d / n), C = 2 sqrt(2 (1+2/d) log(d+1)/log d) (ovp's: the expected gap)"},
    {"P1.T4.4", "weight decay, Gaussian x: L_te - L_tr <= C L M^2 sqrt(d/n): gap/(M^2 sqrt(d/n)) does not grow with n"});

int dulee2018_t31_holds(double k, double d) { return k >= d; }

int dulee2018_t32_holds(double k, double n, double d) { return k * (k + 1) / 2 > n && k < d; }

int dulee2018_below_thresholds(double k, double n, double d)
{
    return !dulee2018_t31_holds(k, d) && !(k * (k + 1) / 2 > n);
}

double dulee2018_cert_tol(double eps_g, double eps_H, double c)
{
    return 0.5 * eps_H + 0.5 * pow(eps_g, 2.0 / 3.0) * cbrt(4.0 * c);
}

double dulee2018_cert_tol_sigma(double eps_H, double c, double sigma) { return 0.5 * eps_H + 2.0 * c * sigma * sigma; }

double dulee2018_trace_bound(double f_upper, double lambda) { return 2.0 * f_upper / lambda; }

double dulee2018_gap_bound(double inner_SM, double lambda_min_S, double trace_bound)
{
    return inner_SM + fmax(-lambda_min_S, 0.0) * trace_bound;
}

double dulee2018_value_tol(double eps_g, double w_fro, double tau_S, double trace_bound)
{
    return dulee2018_gap_bound(0.5 * eps_g * w_fro, -tau_S, trace_bound);
}

double dulee2018_perturbed_value_bound(double L_star, double delta, double wstar_fro_sq)
{
    return L_star + delta * wstar_fro_sq;
}

double dulee2018_rademacher_bound(double M, double s, double d, double n)
{
    return sqrt(2.0 * pow(M, 4) * s * log(d)) / n;
}

double dulee2018_rademacher_bounded(double b, double M, double d, double n)
{
    return sqrt(2.0 * pow(b, 4) * pow(M, 4) * log(d) / n);
}

double dulee2018_gaussian_rate(double M, double d, double n) { return M * M * sqrt(d / n); }

double dulee2018_t43_constant(double d) { return 2.0 * sqrt(2.0 * log(d + 1.0) / log(d)); }

double dulee2018_t43_bound(double lipschitz, double M, double b, double d, double n)
{
    return dulee2018_t43_constant(d) * lipschitz * M * M * b * b * sqrt(log(d) / n);
}

double dulee2018_eq5_constant(double d) { return 2.0 * sqrt(2.0 * (1.0 + 2.0 / d) * log(d + 1.0) / log(d)); }

double dulee2018_eq5_bound(double lipschitz, double M, double d, double n)
{
    return dulee2018_eq5_constant(d) * lipschitz * M * M * sqrt(d * d * log(d) / n);
}

double dulee2018_gap_range(double M, double lambda_max_test) { return log(2.0) + M * M * lambda_max_test; }
