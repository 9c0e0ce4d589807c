/* theorems/oymak2019.c: claims of Oymak (2019) and their bound formulas. */
#include "oymak2019.h"

#include <float.h>
#include <math.h>

OVP_PAPER(oymak2019_paper, "oymak2019", "Oymak (2019)",
          "overparameterized nonlinear least squares: GD converges linearly and nearly takes the shortest path",
    {"P2.T1.A1", "Assumption 1 at init: sigma_min(J(theta_0)) = 2 alpha > 0"},
    {"P2.T1.A3", "Assumption 3 along GD: ||J(theta_tau) - J(theta_0)|| <= alpha/3 at every iterate"},
    {"P2.T1a", "Theorem 1, eq. (4): ||y - f(theta_tau)|| <= (1 - eta alpha^2/4)^tau ||y - f(theta_0)|| for every tau"},
    {"P2.T1b", "Theorem 1, eq. (5): (alpha/5)||theta_tau - theta_0|| + ||y - f(theta_tau)|| <= ||y - f(theta_0)|| for every tau"},
    {"P2.T1c.lo", "no solution within ||r_0||/beta of theta_0: ||theta_T - theta_0|| >= (||r_0|| - ||r_T||)/beta"},
    {"P2.T1c.hi", "the GD limit lies within R = 5||r_0||/alpha of theta_0"},
    {"P2.T1c.lin", "f = X theta: GD converges to theta_dagger + Pi_null(theta_0) to rounding"},
    {"P2.T2.A4", "Assumption 4: alpha^2 = lambda_min(E_g[relu(Xg) relu(Xg)^T]) > 0 (arc-cosine kernel)"},
    {"P2.T2", "Theorem 2: sigma_min(Phi)/sqrt(k) >= alpha/2 for Phi = relu(W X^T) at the largest width, every seed"},
    {"P2.T2.rank", "Theorem 2: Phi = relu(W X^T) has full rank n at the largest width, every seed"},
    {"P2.T2.fit", "the output-layer pseudo-inverse v = Phi (Phi^T Phi)^-1 y fits y to rounding (largest width)"},
    {"P2.T2.gd", "GD on the output layer v from 0, step 1/sigma_max(Phi)^2: ||v_T - v_dagger||/||v_dagger|| <= (1 - sigma_min^2/sigma_max^2)^T (+ rounding)"},
    {"P2.T2.k", "k* (smallest width from which sigma_min/sqrt(k) >= alpha/2 for every seed) grows no faster than n log n"},
    {"P2.F1", "Fig. 1: Phi = relu(W X^T) with k = 1600, d = 20 has full rank: sigma_min bounded away from 0"},
    {"P2.F1.gap", "Fig. 1: the spectrum is bimodal: sigma_{d+1}/sigma_{d+2} (top cluster: mean + d linear modes, vs the bulk) >= 1.25"},
    {"P2.F1.grow", "Fig. 1: the gap sigma_{d+1}/sigma_{d+2} grows with n (every consecutive n of the figure)"});

double oymak2019_radius(double residual0, double alpha) { return 5.0 * residual0 / alpha; }

double oymak2019_rate_bound(double eta, double alpha, double tau)
{
    return pow(fmax(0.0, 1.0 - eta * alpha * alpha / 4.0), tau);
}

double oymak2019_radius_lhs(double alpha, double dist, double residual)
{
    return alpha / 5.0 * dist + residual;
}

double oymak2019_min_distance(double residual0, double residual_T, double beta)
{
    return (residual0 - residual_T) / beta;
}

double oymak2019_step_max(double beta) { return 1.0 / (beta * beta); }

double oymak2019_beta_global(double dphi_sup, double norm_X, double norm_v)
{
    return dphi_sup * norm_X * norm_v;
}

double oymak2019_jacobian_lipschitz(double ddphi_sup, double v_inf, double x_max, double norm_X)
{
    return ddphi_sup * v_inf * x_max * norm_X;
}

double oymak2019_width_certified(double ddphi_sup, double x_max, double norm_X, double residual0,
                                 double alpha)
{
    double s = 15.0 * ddphi_sup * x_max * norm_X * residual0 / (alpha * alpha);
    return s * s;
}

double oymak2019_sigma_bound(double alpha) { return alpha / 2.0; }

/* GD on least squares min_v ½‖Φᵀv − y‖² from v₀ = 0 with η = 1/σ_max²: v† = Φ(ΦᵀΦ)⁻¹y is
 * the solution in range(Φ), and every iterate stays in range(Φ) (each step adds
 * −ηΦ(Φᵀv − y)). The error e_t = v_t − v† obeys e_{t+1} = e_t − ηΦΦᵀe_t = (I − ηΦΦᵀ)e_t
 * (using Φᵀv† = y). On range(Φ) the eigenvalues of ηΦΦᵀ are σ_i²/σ_max² ∈ [σ_min²/σ_max², 1]
 * (Φᵀ has full row rank: σ_min > 0), so those of I − ηΦΦᵀ lie in [0, 1 − σ_min²/σ_max²]
 * and ‖e_{t+1}‖ ≤ (1 − σ_min²/σ_max²)‖e_t‖. With e_0 = −v†:
 * ‖v_T − v†‖/‖v†‖ ≤ (1 − σ_min²/σ_max²)^T, attained when v† lies along the σ_min direction. */
double oymak2019_lsq_gd_bound(double sigma_min, double sigma_max, double T)
{
    double q = sigma_min / sigma_max;
    return pow(fmax(0.0, 1.0 - q * q), T);
}

double oymak2019_width_t2(double n, double k, double alpha)
{
    return n * log(n) * log(k) / (alpha * alpha);
}

/* γ_m = m u / (1 − m u), u = 2⁻⁵³ (Higham, §3.1). */
static double gamma_m(double m)
{
    const double u = DBL_EPSILON / 2.0;
    return m * u / (1.0 - m * u);
}

/* relu's kernel for unit vectors, E_g[relu(gᵀx) relu(gᵀy)] = k(c), c = xᵀy, has the power
 * series (2π k(c) = √(1 − c²) + (π/2)c + c·arcsin c, since π − arccos c = π/2 + arcsin c)
 *   a_0 = 1/(2π),  a_1 = 1/4,  a_odd≥3 = 0,
 *   a_2m = b_m / (2π (2m − 1)(2m)),  b_m = (2m − 3)!!/(2m − 2)!!  (b_1 = 1, b_{m+1} = b_m (2m − 1)/(2m)),
 * from √(1 − c²) = 1 − Σ_{m≥1} (2m − 3)!!/(2m)!! c^{2m} and c·arcsin c = Σ_{m≥1} (2m − 3)!!/
 * ((2m − 2)!!(2m − 1)) c^{2m}; every a_k ≥ 0 and Σ a_k = k(1) = 1/2. (These are μ_k², relu's
 * squared normalised Hermite coefficients.) With C = (c_ij), K = Σ_k a_k C^{∘k}, each C^{∘k}
 * PSD (Schur's product theorem), so K ⪰ T = Σ_{k≥k0} a_k C^{∘k} for any k0; T has diagonal
 * t(k0) = 1/2 − Σ_{k<k0} a_k and off-diagonal entries |T_ij| ≤ Σ_{k≥k0} a_k |c_ij|^k ≤
 * c_max^{k0} t(k0), so by Gershgorin λ_min(K) ≥ λ_min(T) ≥ t(k0)(1 − (n − 1)c_max^{k0}).
 * t(k0) falls like k0^{-3/2}, the factor rises to 1: the best of k0 = 1 and the even k0 = 2m0
 * is searched (a_odd≥3 = 0, so odd k0 ≥ 3 give the same T as k0 + 1 with a weaker factor).
 * Rounding, counted against the bound: each a_2j carries γ_{2j+4} (b_j's 2j roundings, 2π, two
 * products, one division), the partial sum S a further γ_{m0+1}, so |Ŝ − S| ≤ γ_{3m0+8}/2
 * (S ≤ 1/2); 1/2 − Ŝ is exact (Sterbenz, Ŝ ≥ a_0 + a_1 > 1/4); c_max^{2m0} by m0 products of
 * the rounded c_max² carries γ_{2m0+2}; the last subtraction and product γ_3. */
double oymak2019_arccos1_lower(double n, double c_max)
{
    if (!(c_max < 1.0) || !(n >= 1.0))
        return 0.0;
    const double two_pi = 2.0 * M_PI, c2 = c_max * c_max;
    /* k0 = 1: t(1) = 1/2 − a_0 */
    const double tail1 = (0.5 - 1.0 / two_pi) - 0.5 * gamma_m(4.0);
    const double factor1 = 1.0 - (n - 1.0) * c_max * (1.0 + gamma_m(2.0));
    double sum = 1.0 / two_pi + 0.25, b = 1.0, cpow = c2, best = factor1 > 0.0 ? tail1 * factor1 * (1.0 - gamma_m(3.0)) : 0.0;
    for (double m = 1.0; m <= 1e8; m += 1.0) { /* k0 = 2m */
        const double tail = (0.5 - sum) - 0.5 * gamma_m(3.0 * m + 8.0);
        if (!(tail > best))
            break; /* t(k0) only falls and the factor is ≤ 1: no larger k0 does better */
        const double factor = 1.0 - (n - 1.0) * cpow * (1.0 + gamma_m(2.0 * m + 2.0));
        if (factor > 0.0)
            best = fmax(best, tail * factor * (1.0 - gamma_m(3.0)));
        sum += b / (two_pi * (2.0 * m - 1.0) * (2.0 * m));
        b *= (2.0 * m - 1.0) / (2.0 * m);
        cpow *= c2;
    }
    return best;
}
