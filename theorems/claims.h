/* theorems/claims.h: a paper's claims as data.
 * Ids follow THEOREMS.md (P<paper>.<kind><number>[.<part>]); statements are
 * one line, in the paper's notation, for `ovp list` and every summary.json.
 * This directory includes nothing of ovp's other modules. */
#ifndef OVP_CLAIMS_H
#define OVP_CLAIMS_H

#include <stddef.h>

typedef struct {
    const char *id;        /* e.g. "P3.T4.1" */
    const char *statement; /* one line */
} ovp_claim_info;

typedef struct {
    const char *harness;  /* "du2019" */
    const char *citation; /* "Du, Zhai, Póczos, Singh (ICLR 2019)" */
    const char *topic;    /* "two-layer ReLU: GD converges linearly..." */
    const ovp_claim_info *claims;
    size_t n_claims;
} ovp_paper;

/* The claim with this id, or NULL. */
const ovp_claim_info *ovp_paper_claim(const ovp_paper *paper, const char *id);

#endif
