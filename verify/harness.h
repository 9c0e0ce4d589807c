/* verify/harness.h: what a harness is, to the driver.
 *
 * A harness verifies one paper. It declares its configuration (config, below)
 * and the driver calls, in order:
 *   setup      config -> shared read-only state (data, Gram matrices, λ₀...)
 *              and the number of independent tasks (task and reduce see only
 *              the state, so setup keeps what they need of the config);
 *   task       one (config, seed) unit of work, any thread or rank, into its output;
 *   reduce     all task outputs, in task order -> claims and quantities;
 *   free_state always (the state may be NULL).
 * Tests call the same functions with a hand-built config (negative controls),
 * or start from a scale's config (ovp_config_for_scale, verify/engine/config.h).
 *
 * Configuration is declared, not programmed (ovp_config_spec below). The engine
 * (ovp_config_apply) does, in order:
 *   1. --data given and the harness takes none: refuses it with data.refusal;
 *   2. allocates the config (size bytes, zeroed) and copies the defaults of
 *      the run's scale from the scales table ("unknown scale 'x'" otherwise),
 *      then the run's seed into the uint64_t at seed;
 *   3. every option given that a field binds is written into its field;
 *   4. --data: refuses the options of data.synthetic, runs data.admit, reads
 *      the file (ovp_config_read_data; unit-norm rows when data.unit_norm_why)
 *      and points the fields at data.X, data.y, data.n, data.d at it (the
 *      engine owns the rows until ovp_config_free);
 *   5. finish, the harness's own part: cross-field checks, derived values;
 *   6. refuses a run the machine cannot hold, by bytes(config, threads).
 * A harness therefore writes tables and, at most, finish and bytes. */
#ifndef OVP_HARNESS_H
#define OVP_HARNESS_H

#include "theorems/claims.h"
#include "args.h"
#include "run.h"
#include "status.h"
#include "task.h"

#include <stddef.h>

/* One scale: the whole config struct as the scale sets it (seed aside). */
typedef struct {
    const char *name;             /* one of ovp_scales */
    const void *defaults;         /* a config struct of the harness's type */
    void (*derive)(void *config); /* defaults computed, not listed (e.g. a grid); may be NULL */
} ovp_config_scale;

/* An option written into a config field, typed by its spec in the harness's
 * options[]:
 *   OVP_OPT_UINT                  size_t
 *   OVP_OPT_REAL                  double
 *   OVP_OPT_UINT_LIST, _REAL_LIST double[OVP_MAX_LIST], its length in the
 *                                 size_t at count
 *   OVP_OPT_STRING, OVP_OPT_CHOICE const char * (the text of argv)
 *   OVP_OPT_FLAG                  int, 1 when given
 * An option not given leaves the scale's default. Options with no field (a
 * choice mapped to bits, an option read only with --data) are finish's.
 * Write entries with OVP_CONFIG_FIELD / OVP_CONFIG_LIST: they record the
 * field's C type, and the engine refuses a binding whose option does not exist
 * or whose field has another type than the option writes. */
typedef enum {
    OVP_CTYPE_OTHER,
    OVP_CTYPE_SIZE,    /* size_t */
    OVP_CTYPE_DOUBLE,  /* double */
    OVP_CTYPE_DOUBLES, /* double[] */
    OVP_CTYPE_TEXT,    /* const char * */
    OVP_CTYPE_INT      /* int */
} ovp_ctype;

#define OVP_CTYPE_OF(x)                                                                                    \
    _Generic((x), size_t: OVP_CTYPE_SIZE, double: OVP_CTYPE_DOUBLE, double *: OVP_CTYPE_DOUBLES,         \
             const char *: OVP_CTYPE_TEXT, int: OVP_CTYPE_INT, default: OVP_CTYPE_OTHER)

typedef struct {
    const char *option; /* name in options[], without the dashes */
    size_t offset;      /* offsetof(config, field) */
    size_t count;       /* lists: offsetof(config, length) */
    ovp_ctype type, count_type;
} ovp_config_field;

/* {"option", field of type T}: OVP_CONFIG_FIELD(du2019_config, "iters", iters). */
#define OVP_CONFIG_FIELD(T, option, member)                                                                 \
    {(option), offsetof(T, member), 0, OVP_CTYPE_OF(((T *)0)->member), OVP_CTYPE_OTHER}
/* A list option into double member[OVP_MAX_LIST] and its length, size_t count. */
#define OVP_CONFIG_LIST(T, option, member, count)                                                           \
    {(option), offsetof(T, member), offsetof(T, count), OVP_CTYPE_OF(((T *)0)->member),                       \
     OVP_CTYPE_OF(((T *)0)->count)}

/* How a harness takes --data FILE. */
typedef struct {
    const char *refusal;           /* not NULL: takes no --data, and this is why */
    const char *unit_norm_why;     /* rows rescaled to unit norm, and why (a run note); NULL keeps them */
    const char *const *synthetic;  /* NULL-terminated: options describing synthetic data */
    const char *synthetic_error;   /* the refusal of one of them: a printf format given its name */
    /* More refusals of --data before the file is read; may be NULL. */
    int (*admit)(const ovp_args *args, char *err, size_t errlen);
    size_t X, y, n, d;             /* offsetof the const double *X, *y and size_t n, d the file sets */
} ovp_config_data;

typedef struct {
    size_t size;                    /* sizeof the config struct */
    size_t seed;                    /* offsetof its uint64_t seed */
    const ovp_config_scale *scales; /* every name of ovp_scales */
    size_t n_scales;
    const ovp_config_field *fields;
    size_t n_fields;
    ovp_config_data data;
    /* The harness's own checks and derived values, after the options and
     * --data (config's data fields set); OVP_OK or a status with a message. May be NULL. */
    int (*finish)(const ovp_args *args, ovp_run *r, void *config, char *err, size_t errlen);
    /* Peak bytes of a run on `threads` task threads, and what needs them
     * ("du2019 with n = 100, ..."), for the refusal; may be NULL. */
    double (*bytes)(const void *config, int threads, char *what, size_t whatlen);
} ovp_config_spec;

typedef struct ovp_harness {
    const ovp_paper *paper;            /* name, citation, claims */
    const char *summary;               /* a paragraph for `ovp verify NAME --help` */
    const char *scales;                /* "ci: ...\npaper: ..." */
    const ovp_table_spec *tables;
    size_t n_tables;
    const ovp_opt_spec *options;       /* harness-specific options */
    size_t n_options;
    const char *const *figures;        /* plot script stems under plots/, NULL-terminated */

    const ovp_config_spec *config;     /* options (and --data) -> config: see above */
    int (*setup)(ovp_run *r, const void *config, void **state, size_t *n_tasks, char *err, size_t errlen);
    ovp_task_fn task;
    ovp_task_label_fn task_label;
    ovp_task_cost_fn task_cost;        /* relative cost of a task, for the ETA; may be NULL */
    int (*reduce)(ovp_run *r, const void *state, ovp_task_out *const *outs, size_t n_tasks);
    void (*free_state)(void *state);
} ovp_harness;

/* The descriptor fields a harness file fills from its own statics, by the names every
 * harness gives them (options[], figures[], config_spec), and its tables. */
#define OVP_HARNESS_STATICS(tables_, n_tables_)                                                               \
    .tables = (tables_), .n_tables = (n_tables_), .options = options,                                     \
    .n_options = sizeof options / sizeof *options, .figures = figures, .config = &config_spec

/* The task functions of a harness that runs its own tasks (not verify/engine/parts.h),
 * by their usual names. */
#define OVP_HARNESS_OWN_TASKS                                                                                 \
    .setup = setup, .task = run_task, .task_label = task_label, .task_cost = task_cost, .reduce = reduce,  \
    .free_state = free_state

/* The registry: every harness, in `ovp list` order. */
extern const ovp_harness *const ovp_harnesses[];
extern const size_t ovp_n_harnesses;
const ovp_harness *ovp_harness_find(const char *name);

/* Scales every harness offers; the first is the default. */
extern const char *const ovp_scales[];
#define OVP_DEFAULT_SCALE "ci"

#endif
