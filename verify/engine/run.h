/* verify/engine/run.h: one harness run: its claim records, quantities and parameters.
 *
 * Harnesses hand an observed value and the paper's bound to ovp_claim_le /
 * ovp_claim_ge; the recorder computes the margin, decides the verdict and
 * keeps the record. No harness formats JSON or CSV itself.
 *
 *   margin = bound/observed (≤ claims) or observed/bound (≥ claims), ≥ 1 when
 *   the claim holds; defined when both are > 0. slack = bound − observed
 *   (≤) or observed − bound (≥), ≥ 0 when it holds; always defined.
 *
 * A claim that cannot fail at the instance is a skip marked vacuous, never a
 * pass; ovp_claim_le_within / ovp_claim_ge_within decide that, from the range
 * the observed quantity can take there. */
#ifndef OVP_RUN_H
#define OVP_RUN_H

#include "theorems/claims.h"

#include <stddef.h>
#include <stdint.h>

typedef enum { OVP_REGIME_EMPIRICAL = 0, OVP_REGIME_MET = 1 } ovp_regime;
typedef enum { OVP_PASS = 0, OVP_FAIL = 1, OVP_SKIP = 2 } ovp_verdict;

typedef struct {
    char id[32];
    char statement[256];
    char scope[96];      /* which instance: "m=1000 seed=0"; "" for the whole run */
    char relation[4];    /* "<=", ">=" or "" for a skip */
    ovp_regime regime;
    double bound, observed;
    int split;           /* 1: bound = paper_bound + tolerance (ovp_claim_le_tol) */
    double paper_bound;  /* then the paper's term of the bound, */
    double tolerance;    /* and ovp's; NaN otherwise */
    double margin;       /* NaN when undefined */
    double slack;
    ovp_verdict verdict;
    char note[768];
} ovp_claim;

typedef struct {
    char name[64];
    double value;
} ovp_quantity;

typedef struct {
    char name[48];
    char *json; /* the value as JSON text */
} ovp_param;

typedef struct ovp_run {
    const ovp_paper *paper;
    char scale[16];
    char tag[72];           /* `ovp verify --tag`: "" for none; in summary.json as "tag" */
    uint64_t seed;
    int threads, blas_threads;
    char data_path[1024];   /* "" for synthetic data */
    ovp_claim **claims;
    size_t n_claims, cap_claims;
    ovp_quantity *quantities;
    size_t n_quantities, cap_quantities;
    ovp_param *params;
    size_t n_params, cap_params;
    char **notes;
    size_t n_notes, cap_notes;
    double wall_start;
    int quiet;              /* no progress lines */
} ovp_run;

void ovp_run_init(ovp_run *r, const ovp_paper *paper, const char *scale, uint64_t seed);
void ovp_run_free(ovp_run *r);

/* observed ≤ bound. The regime starts as empirical; say otherwise with ovp_claim_regime. */
ovp_claim *ovp_claim_le(ovp_run *r, const char *id, const char *scope, double observed, double bound);
/* observed ≥ bound. */
ovp_claim *ovp_claim_ge(ovp_run *r, const char *id, const char *scope, double observed, double bound);
/* observed ≤ paper_bound + tolerance, as ovp_claim_le_within with that bound
 * (observed_max NaN: no limit known), the two parts kept apart in the record:
 * the paper's term (its formula, nothing added) and ovp's tolerance (a named
 * allowance for what the paper leaves unspecified: an ε or O(·) without a
 * constant, a sampling error). summary.json gives both beside the bound. */
ovp_claim *ovp_claim_le_tol(ovp_run *r, const char *id, const char *scope, double observed, double paper_bound,
                            double tolerance, double observed_max);
/* The same comparisons where the observed quantity is known to be limited at
 * this instance: observed ≤ observed_max (a fraction ≤ 1, ‖H(0) − H∞‖_F² over
 * every activation pattern) or observed ≥ observed_min (λ_min of a PSD matrix,
 * less its rounding). A claim that cannot fail there (bound ≥ observed_max for
 * ≤, bound ≤ observed_min for ≥) is recorded as a skip marked vacuous, "vacuous:
 * the bound B is at least the largest value the observed quantity can take
 * here, M", with relation, bound and observed kept and margin and slack NaN:
 * never a pass. Otherwise the record is ovp_claim_le's / ovp_claim_ge's. A NaN
 * or infinite limit means no limit is known (plain comparison); an observed
 * value beyond its stated limit is compared plainly and noted (the limit is
 * wrong). This is the one place a claim is declared vacuous. */
ovp_claim *ovp_claim_le_within(ovp_run *r, const char *id, const char *scope, double observed, double bound,
                               double observed_max);
ovp_claim *ovp_claim_ge_within(ovp_run *r, const char *id, const char *scope, double observed, double bound,
                               double observed_min);
/* Not evaluated, with the reason. */
ovp_claim *ovp_claim_skip(ovp_run *r, const char *id, const char *scope, const char *reason_fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Sets the regime and appends a note ("m = 1e3 < 3e17 required"). */
void ovp_claim_regime(ovp_claim *c, ovp_regime regime, const char *note_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends to the note. */
void ovp_claim_note(ovp_claim *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The first record with this id (and scope, unless scope is NULL), or NULL. */
const ovp_claim *ovp_run_find_claim(const ovp_run *r, const char *id, const char *scope);

/* OVP_FAIL if any claim failed, else OVP_PASS; OVP_SKIP when the run has no claim (nothing checked). */
ovp_verdict ovp_run_verdict(const ovp_run *r);

/* quantities: named numbers for summary.json, e.g. "lambda0". Name is printf-formatted. */
void ovp_run_quantity(ovp_run *r, double value, const char *name_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The quantity's value, NaN when absent. */
double ovp_run_get_quantity(const ovp_run *r, const char *name);

/* parameters, recorded in provenance.params */
void ovp_run_param_num(ovp_run *r, const char *name, double value);
void ovp_run_param_str(ovp_run *r, const char *name, const char *value);
void ovp_run_param_list(ovp_run *r, const char *name, const double *values, size_t n);

/* run-level notes (data normalised, hypotheses, ...), printed and stored */
void ovp_run_note(ovp_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

const char *ovp_run_regime_name(ovp_regime g);
const char *ovp_run_verdict_name(ovp_verdict v);

#endif
