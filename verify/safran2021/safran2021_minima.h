/* verify/safran2021/safran2021_minima.h: minima of the population ReLU loss: the
 * certificate of a spurious minimum, distinct minima up to a permutation of the
 * student neurons, the split construction of P4.d, and the projection onto the
 * global minima of k = n + 1. */
#ifndef OVP_VERIFY_SAFRAN2021_MINIMA_H
#define OVP_VERIFY_SAFRAN2021_MINIMA_H

#include "mat.h"
#include "poprelu.h"
#include "status.h"
#include "work.h"

/* Converged: ‖∇F‖_F at most this. F's gradient rounds to ~1e-14 at k = 22; 1e-11
 * leaves three orders and is what Newton reaches (P4.d.crit uses 2× it: √2 from the split). */
#define SAFRAN_GRAD_TOL 1e-11
/* Certified minimum: λ_min(∇²F) above this, decided by Cholesky of ∇²F − margin·I.
 * The computed λ_min is exact to kd·ε·‖H‖ ≈ 1e-12, and the point is within
 * ‖∇F‖/λ_min ≈ 1e-9 of the true critical point, which moves λ_min by ~1e-8. */
#define SAFRAN_LAMBDA_MARGIN 1e-6
/* Two minima are one when their neurons match within this (max-abs) after a
 * permutation: converged copies agree to ~‖∇F‖/λ_min ≈ 1e-9; distinct minima
 * seen differ by more than 1e-3. */
#define SAFRAN_MERGE_TOL 1e-6
/* A split point keeps F within this (P4.d.crit F): |F(split) − F(min)| is a difference
 * of two evaluations whose exact values are equal, so it is pure rounding: F sums
 * N ~ k² terms of size O(1), a typical error ~√N·u ≈ 3e-15 at k = 8 (observed 5e-15).
 * An empirical size: the worst-case γ_N·Σ|terms| ≈ k⁴u reaches 1e-12 near k = 10. */
#define SAFRAN_SPLIT_TOL 1e-12
/* Negative curvature is certified beyond the quadratic form's rounding: zᵀHz of a
 * kd×kd Hessian with O(1) entries and ‖z‖ = √2 rounds to ≤ γ_{kd}·‖|H|‖·‖z‖² ≈ 1e-13
 * at kd ≤ 500; 1e-10 leaves three orders (P4.d saddle test, P4.d.curv relative gap). */
#define SAFRAN_CURVATURE_TOL 1e-10

/* A teacher counts as orthonormal (the papers' V = I; P4.a and P4.b's hypothesis) when
 * max |<v_j, v_l> − δ_jl| is at most this: a d-term dot product of O(1) entries rounds
 * to ~d·u ≈ 1e-14 at d ≤ 64; V = I gives exactly 0, the planted v_1 = 2v_0 gives 3. */
#define SAFRAN_ORTHO_TOL 1e-12

typedef enum { SAFRAN_GLOBAL = 0, SAFRAN_SPURIOUS = 1, SAFRAN_UNRESOLVED = 2 } safran2021_class;

/* F, ‖∇F‖ and the certificate at W: spurious when ‖∇F‖ ≤ SAFRAN_GRAD_TOL,
 * F ≥ the 2018 threshold and ∇²F − margin·I is positive definite; global when
 * F is below the threshold; unresolved otherwise (not a stationary point, or a
 * degenerate or saddle one). H (kd×kd) and ws are scratch. */
OVP_MUST_CHECK int safran2021_certify(ovp_poprelu *p, const ovp_mat *W, ovp_mat *G, ovp_mat *H, ovp_work *ws,
                                      safran2021_class *cls, double *F, double *grad_norm);

/* 1 when B's rows are a permutation of A's within tol (max-abs), by a greedy
 * matching of each row of A to an unused row of B. */
int safran2021_same_up_to_permutation(const ovp_mat *A, const ovp_mat *B, double tol);

/* Sorts the rows of W lexicographically, a canonical order for output. */
void safran2021_canonical_order(ovp_mat *W);

/* Distinct points up to permutation, with how many runs reached each. */
typedef struct {
    size_t k, d, count, cap;
    double *points; /* count blocks of k×d, canonical order */
    double *F;
    size_t *hits;
} safran2021_minima;

void safran2021_minima_init(safran2021_minima *m, size_t k, size_t d);
void safran2021_minima_free(safran2021_minima *m);
/* Adds W (loss F); *index is its entry, *is_new whether it was not seen before. */
OVP_MUST_CHECK int safran2021_minima_add(safran2021_minima *m, const ovp_mat *W, double F, size_t *index,
                                         int *is_new);
ovp_mat safran2021_minima_point(const safran2021_minima *m, size_t i);

/* Classes of the distinct minima up to the teacher's symmetry as well: for V = I_n,
 * permuting coordinates (with the teachers) maps minima to minima. Two minima are
 * put in one class when their losses and their sorted multisets of entries (both
 * invariant under row and column permutations) agree within SAFRAN_MERGE_TOL: a
 * necessary condition, so the count is a lower bound on the orbits. */
size_t safran2021_minima_orbits(const safran2021_minima *m);

/* P4.d for a critical point W of the k-neuron problem (teacher V): every
 * neuron i split into (a w_i, (1 − a) w_i). */
typedef struct {
    double F, lambda_min, sum_norms;   /* at W */
    double grad_norm;                  /* ‖∇F(W)‖_F */
    size_t negative_blocks;            /* i with λ_min(H'_ii) < −SAFRAN_CURVATURE_TOL */
    double best_formula, best_quadform; /* most negative split curvature: formula vs zᵀ∇²F z */
    size_t best_neuron;
    double max_split_grad;             /* max_i ‖∇F(split_i)‖: ≤ √2‖∇F(W)‖ + rounding, since the
                                          split repeats ∇_{w_i}F on both halves */
    double max_split_F_gap;            /* max_i |F(split) − F(W)| */
    double max_curvature_gap;          /* max_i |formula − quadform| / max(1, |quadform|) */
    double best_split_lambda;          /* λ_min of the full (k+1)d Hessian at the split of best_neuron,
                                          by dsyevr: P4.d's own measurement of the conclusion, shares
                                          neither u, z nor the formula with best_formula/best_quadform */
    int saddle;                        /* best_split_lambda < −SAFRAN_CURVATURE_TOL */
} safran2021_split_report;

OVP_MUST_CHECK int safran2021_split_analysis(const ovp_mat *V, const ovp_mat *W, double a,
                                             safran2021_split_report *r);

/* Nearest point P(W) of the global-minimum family of k = n + m (m = 1, 2, 3) around
 * the indexing "student j ↔ teacher j, students n..k−1 extra": each extra student e
 * splits its own teacher σ(e) with student σ(e), weights (1 − a, a), a ∈ [0, 1]
 * (a = 0 is the zero extra neuron), a in closed form per branch, σ injective (the
 * best σ by enumeration). Branches in which two extras split one teacher, and other
 * permutations of the students, are at distance ≳ ½ min ‖v_j‖ from the points
 * tested (each extra within 0.1 of half a distinct teacher neuron, or of 0 at
 * m = 1). m = 1 is the closed form of one branch per teacher. P (k×d) receives the
 * projection; returns ‖W − P(W)‖. */
double safran2021_project_split_family(const ovp_mat *V, const ovp_mat *W, ovp_mat *P);

/* Teacher rows orthonormal: max_{j,l} |⟨v_j, v_l⟩ − δ_jl| (0 for V = I). */
double safran2021_orthonormality_gap(const ovp_mat *V);

#endif
