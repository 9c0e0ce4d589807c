/* kernels/models/poprelu.h: the population loss of a ReLU teacher–student network
 * (Safran & Shamir 2018; Safran, Yehudai & Shamir 2021), with its exact
 * gradient and Hessian.
 *
 *   F(W) = ½ E_x[(Σ_{i<k} relu(w_iᵀx) − Σ_{j<n} relu(v_jᵀx))²],  x ~ N(0, I_d)
 *        = ½ Σ_{i,i'} f(w_i,w_i') − Σ_{i,j} f(w_i,v_j) + ½ Σ_{j,j'} f(v_j,v_j')
 *   f(w,u) = ‖w‖‖u‖ (sin θ + (π − θ) cos θ) / 2π,   θ = ∠(w, u)
 *
 * Student W is k×d, teacher V is n×d, both row-major. With w̄ = w/‖w‖ and
 * p = ū − cos θ · w̄ (the part of ū orthogonal to w, of norm sin θ):
 *
 *   ∇_{w_i}F = ½w_i + Σ_{j≠i} g(w_i,w_j) − Σ_j g(w_i,v_j),
 *   g(w,u)   = (‖u‖ sin θ · w̄ + (π − θ) u) / 2π
 *   block (i,i) = ½I + Σ_{j≠i} h1(w_i,w_j) − Σ_j h1(w_i,v_j)
 *   block (i,j) = h2(w_i,w_j), i ≠ j
 *   h1(w,u) = ‖u‖/(2π‖w‖) · [sin θ (I − w̄w̄ᵀ) + ppᵀ/sin θ]
 *   h2(w,u) = [(π − θ) I + sin θ cos θ · w̄w̄ᵀ − (cos θ/sin θ) ppᵀ + sin θ (w̄pᵀ + pw̄ᵀ)] / 2π
 *
 * In the unit vector n̄ = p/sin θ these are THEOREMS.md's h1 and
 * h2 = [(π − θ)I + w̄ n̄_{wu}ᵀ + ū n̄_{uw}ᵀ]/2π, n̄_{wu} = normalise(ū − cos θ w̄). (THEOREMS.md
 * prints n̄_{wv}v̄ᵀ + n̄_{vw}w̄ᵀ, with the two n̄ swapped: that matrix fails the finite-
 * difference test, tests/test_poprelu.c.) The p-form above never divides a
 * rounded quantity by a small one: ppᵀ/sin θ has absolute error O(ε).
 *
 * Degenerate cases, handled explicitly:
 *   - parallel pairs (θ = 0 or π, e.g. at W = V, or a split neuron): n̄ is
 *     undefined, but f = wᵀu/2 + O(θ³)‖w‖‖u‖ near θ = 0 and f = O((π − θ)³) near π,
 *     so F is C² there and the kernel returns the limits h1 = 0, h2 = I/2 (θ = 0)
 *     and h1 = h2 = 0 (θ = π): the formulas above with the ppᵀ terms dropped once
 *     sin θ < OVP_POPRELU_SIN_TINY.
 *   - nearly parallel pairs: every angle comes from ovp_angle (kernels/numerics/angle.h):
 *     acos of the Gram cosine, or 2 atan2(‖w̄ − ū‖, ‖w̄ + ū‖) from the vectors
 *     within 2.6° of (anti)parallel, accurate to a few ulps at every angle.
 *   - a zero student neuron: F is continuous there but not differentiable
 *     (f(tw, u) = t f(w, u) is only positively homogeneous). The kernel returns F
 *     and OVP_EDOM, and writes neither G nor H.
 *   - a zero teacher neuron contributes nothing (f(w, 0) = 0).
 *
 * Cost per evaluation: the Gram products W [W;V]ᵀ (upper part, ≤ k(k+n)d) and the
 * gradient G = M [W;V] (k(k+n)d), plus O(k(k+n)) scalar work, one acos per pair. Both
 * products are poprelu.c's own: at k, n ≤ 30 dgemm's packing and dispatch cost more than
 * the flops, and each entry is one fma chain in a fixed order, so F and ∇F have the same
 * bits on every CPU and BLAS core.
 * The Hessian adds O(k(k+n)d) for the vectors p, one d×d×(k+n) dgemm per
 * diagonal block and O(d²) per off-diagonal block: O(k²d²) in all.
 * Nothing is allocated after ovp_poprelu_alloc. */
#ifndef OVP_POPRELU_H
#define OVP_POPRELU_H

#include "mat.h"
#include "status.h"

#include <gsl/gsl_integration.h>

/* Below this sin θ, a pair is parallel and the Hessian takes its limit: the
 * dropped terms are O(sin θ), i.e. below rounding. */
#define OVP_POPRELU_SIN_TINY 1e-15

typedef struct {
    size_t k, n, d;
    ovp_mat S;     /* (k+n)×d: rows 0..k−1 the student (copied per call), then the teacher */
    ovp_mat Sbar;  /* the rows of S normalised (zero rows stay zero), for the Hessian */
    ovp_mat C;     /* k×(k+n): W Sᵀ, then the gradient's coefficients */
    ovp_mat P, Y;  /* (k+n)×d: the vectors p of one student, and their weighted copies */
    ovp_mat D;     /* d×d scratch for one diagonal block */
    double *norm, *inv_norm;     /* k+n row norms of S, and their inverses (0 for a zero row) */
    double *theta, *sn, *cs;     /* k×(k+n): angle, sine and cosine of every pair */
    double *radial;              /* k: Σ_u ±‖u‖ sin θ_iu */
    double f_teacher;            /* ½ Σ_{j,j'} f(v_j, v_j') */
    double *fpair;               /* k+n: one row's pair terms f(w_i, u) */
    double *ST, *Spad;           /* d×ldt: Sᵀ, and (k+n)×lds: S, both zero-padded */
    size_t ldt, lds;             /* k+n and d rounded up to the product kernels' tiles */
    int use_fma;                 /* the CPU has AVX2 and FMA: the kernels' vector clone */
} ovp_poprelu;

/* Workspace for student width k and teacher V (n×d, copied). */
OVP_MUST_CHECK int ovp_poprelu_alloc(size_t k, const ovp_mat *V, ovp_poprelu *p);
void ovp_poprelu_free(ovp_poprelu *p);

/* F(W); ∇F into G (k×d) when G != NULL; ∇²F into H ((kd)×(kd), full, row-major,
 * index i·d + a for coordinate a of neuron i) when H != NULL. Returns OVP_EDOM
 * for a zero student neuron (F set, G and H untouched) or a non-finite entry,
 * OVP_EINVAL for wrong shapes. */
OVP_MUST_CHECK int ovp_poprelu_eval(ovp_poprelu *p, const ovp_mat *W, double *F, ovp_mat *G, ovp_mat *H);

/* F(W), ∇F into G (k×d) and the principal 2d×2d submatrix of ∇²F on students i < j into B
 * (rows and columns 0..d−1 neuron i, d..2d−1 neuron j): the entries ovp_poprelu_eval's H
 * has there, bit for bit, at O(k(k+n)d + (k+n)d²) instead of O(k²d²). For a quadratic form
 * along a direction that lives on two neurons. Errors as ovp_poprelu_eval; OVP_EINVAL
 * unless i < j < k. */
OVP_MUST_CHECK int ovp_poprelu_eval_pair(ovp_poprelu *p, const ovp_mat *W, size_t i, size_t j, double *F,
                                         ovp_mat *G, ovp_mat *B);

/* f(w, u) = E[relu(wᵀx) relu(uᵀx)] for two d-vectors, angle accurate near 0 and π. */
double ovp_poprelu_f(const double *w, const double *u, size_t d);

/* F(W) − F(W0) = ∫₀¹ ⟨∇F(W0 + t(W − W0)), W − W0⟩ dt by Gauss–Legendre on the
 * nodes of t (gsl_integration_glfixed_table_alloc, made once), with G and Wt (k×d) as scratch. Accurate where F(W) and
 * F(W0) are both tiny, which the direct formula is not: its terms cancel to
 * ~1e-15 absolutely while F can be 1e-18. W0 may have a zero neuron (the nodes
 * are interior). OVP_EDOM when a node hits a zero neuron. */
OVP_MUST_CHECK int ovp_poprelu_excess(ovp_poprelu *p, const ovp_mat *W0, const ovp_mat *W,
                                      const gsl_integration_glfixed_table *t, ovp_mat *Wt, ovp_mat *G,
                                      double *excess);

#endif
