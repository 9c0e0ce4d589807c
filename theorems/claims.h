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

/* Defines the paper `name` over its claim rows, written inline after the topic:
 *   OVP_PAPER(du2019_paper, "du2019", "Du et al. (ICLR 2019)", "two-layer ReLU: ...",
 *             {"P3.A3.1", "lambda0 > 0"}, {"P3.L3.1", "..."});
 * n_claims is the table's length, so it cannot drift from the rows. */
#define OVP_PAPER(name, harness_, citation_, topic_, ...)                                                \
    static const ovp_claim_info name##_claims[] = {__VA_ARGS__};                                         \
    const ovp_paper name = {.harness = (harness_), .citation = (citation_), .topic = (topic_),           \
                            .claims = name##_claims, .n_claims = sizeof name##_claims / sizeof *name##_claims}

/* The claim with this id, or NULL. */
const ovp_claim_info *ovp_paper_claim(const ovp_paper *paper, const char *id);

#endif
