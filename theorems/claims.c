/* theorems/claims.c: lookup by id. */
#include "claims.h"

#include <string.h>

const ovp_claim_info *ovp_paper_claim(const ovp_paper *paper, const char *id)
{
    for (size_t i = 0; i < paper->n_claims; i++)
        if (strcmp(paper->claims[i].id, id) == 0)
            return &paper->claims[i];
    return NULL;
}
