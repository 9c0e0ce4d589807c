/* verify/registry.c: the list of harnesses. */
#include "harness.h"

#include <string.h>

extern const ovp_harness ovp_harness_du2019;
extern const ovp_harness ovp_harness_dulee2018;
extern const ovp_harness ovp_harness_oymak2019;
extern const ovp_harness ovp_harness_safran2021;

const ovp_harness *const ovp_harnesses[] = {
    &ovp_harness_du2019,
    &ovp_harness_dulee2018,
    &ovp_harness_oymak2019,
    &ovp_harness_safran2021,
};
const size_t ovp_n_harnesses = sizeof ovp_harnesses / sizeof *ovp_harnesses;

const char *const ovp_scales[] = {"ci", "paper", NULL};

const ovp_harness *ovp_harness_find(const char *name)
{
    for (size_t i = 0; i < ovp_n_harnesses; i++)
        if (strcmp(ovp_harnesses[i]->paper->harness, name) == 0)
            return ovp_harnesses[i];
    return NULL;
}
