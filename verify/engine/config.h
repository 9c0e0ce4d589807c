/* verify/engine/config.h: a harness's config from its declaration (verify/harness.h,
 * ovp_config_spec): the scale's defaults, the options, --data and the memory check. */
#ifndef OVP_CONFIG_H
#define OVP_CONFIG_H

#include "dataset.h"
#include "harness.h"
#include "args.h"
#include "run.h"
#include "status.h"

#include <stdint.h>

/* A harness's --data file, with the --data options of args: reads it,
 * rescales rows to unit norm when `unit_norm_why` is given (a run note says how
 * many and why, e.g. "P3 assumes ||x_i|| = 1"), and records what was read in
 * the run's parameters: path, SHA-256, format, separator, header text, label
 * column, dropped columns, n and d; a rule's decision becomes a run note. */
OVP_MUST_CHECK int ovp_config_read_data(ovp_run *r, const ovp_args *args, const char *unit_norm_why,
                                        ovp_dataset *ds, char *err, size_t errlen);

/* The defaults of a scale of harness h with this seed, into config (a struct
 * of h->config->size bytes): for tests, which start from them. OVP_EINVAL for
 * an unknown scale (config zeroed). */
OVP_MUST_CHECK int ovp_config_for_scale(const ovp_harness *h, const char *scale, uint64_t seed, void *config);

/* The harness's configuration for this run (r->scale, r->seed, the options in
 * args, --data), in the order harness.h gives: OVP_OK with *config set (free
 * with ovp_config_free), or a status with one message in err (bad
 * input: exit 2). */
/* The harness's field bindings against its options: each names one of them and
 * has the C type that option writes (OVP_CONFIG_FIELD records it). OVP_EINVAL
 * with the binding in err otherwise: a harness bug, refused before any option
 * is applied, and checked for every harness by tests/test_options.c. */
OVP_MUST_CHECK int ovp_config_check_fields(const ovp_harness *h, char *err, size_t errlen);

OVP_MUST_CHECK int ovp_config_apply(const ovp_harness *h, const ovp_args *args, ovp_run *r, void **config,
                                    char *err, size_t errlen);
void ovp_config_free(const ovp_harness *h, void *config);

#endif
