/* theorems/safran2021.c: claims of Safran, Yehudai, Shamir (2021) and Safran &
 * Shamir (2018), and their formulas. */
#include "safran2021.h"

OVP_PAPER(safran2021_paper, "safran2021", "Safran, Yehudai, Shamir (COLT 2021); Safran, Shamir (ICML 2018)",
          "ReLU teacher-student population loss: strongly convex at k = n, not even locally convex at k > n",
    {"P4.a", "k = n: F is strongly convex at the global minimum, lambda_min(Hess F(V)) > 0"},
    {"P4.b", "k > n (n+1..n+3): within every distance eps of a global minimum a point has a negative Hessian "
             "eigenvalue"},
    {"P4.b.PL", "k > n (n+1..n+3): the PL ratio ||grad F||^2/(F - F*) tends to 0 approaching the global minima"},
    {"P4.b.OP", "k > n (n+1..n+3): the one-point ratio <grad F, W - P(W)>/||W - P(W)||^2 tends to 0 or below"},
    {"P4.b.kn.PL", "k = n (contrast): the PL ratio stays >= lambda_min(Hess F(V)) near V"},
    {"P4.b.kn.OP", "k = n (contrast): the one-point ratio stays >= lambda_min(Hess F(V))/2 near V"},
    {"P4.c", "k = n+1: the one-point inequality holds in most random directions near the minima (fraction >= 1/2)"},
    {"P4.d", "every spurious minimum at k = n becomes a saddle when one neuron is split: lambda_min of the full "
             "Hessian at the split point < 0"},
    {"P4.d.crit", "the split point is critical with the same F (to rounding)"},
    {"P4.d.curv", "curvature along (u, -u) equals (1/a + 1/(1-a)) u'H'_ii u (full Hessian's quadratic form)"},
    {"P4.d.cond", "technical conditions at every spurious minimum: sum ||w_i|| <= k, Hess > 0, some H'_ii not PSD"},
    {"P4.d.common", "spurious minima are common at k = n >= 6 (Safran-Shamir 2018): certified ones are found"},
    {"P4.d.grow", "the spurious rate at k = n grows with n (largest n vs smallest n)"},
    {"P4.d.fewer", "mild over-parameterization reduces spurious minima: pooled rate at k = n+j <= rate at k = n"},
    {"P4.P21", "the 2021 experiment (V = I, k = n, step 5/k, 500 runs per n): the non-global-minimum rate rises "
               "with n (Wilson 95% lower end at the largest n >= upper end at the smallest)"});

double safran2018_spurious_loss(void) { return 1e-3; }

double safran2021_step(double k) { return 5.0 / k; }

double safran2021_split_curvature(double a, double u_Hprime_u)
{
    return (1.0 / a + 1.0 / (1.0 - a)) * u_Hprime_u;
}

double safran2021_norm_budget(double k) { return k; }

double safran2021_pl_floor(double lambda_min) { return lambda_min; }

double safran2021_one_point_floor(double lambda_min) { return 0.5 * lambda_min; }
