/* verify/engine/config.c: a harness's config from its declaration (verify/harness.h),
 * and the --data file of a run, read and recorded. */
#include "config.h"
#include "sysinfo.h"

#include <math.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ovp_config_read_data(ovp_run *r, const ovp_args *args, const char *unit_norm_why, ovp_dataset *ds,
                         char *err, size_t errlen)
{
    const char *path = ovp_args_text(args, "data", "");
    ovp_dataset_options o;
    ovp_dataset_options_from_args(args, &o);
    int st = ovp_dataset_read(path, &o, ds, err, errlen);
    size_t rescaled = 0;
    if (!st && unit_norm_why)
        st = ovp_dataset_normalise_rows(ds, &rescaled, err, errlen);
    if (st) {
        ovp_dataset_free(ds);
        return st;
    }
    if (ds->note[0])
        ovp_run_note(r, "%s: %s", path, ds->note);
    if (rescaled)
        ovp_run_note(r, "%zu of %zu rows of %s were not unit norm and were normalised (%s)", rescaled,
                     ds->n, path, unit_norm_why);
    snprintf(r->data_path, sizeof r->data_path, "%s", path);
    /* What was read, exactly: enough to tell two readings of one file apart. */
    ovp_run_param_str(r, "data", path);
    ovp_run_param_str(r, "data_sha256", ds->sha256);
    ovp_run_param_str(r, "data_format", ds->format);
    if (ds->separator[0]) {
        char sep[48];
        snprintf(sep, sizeof sep, "%s (%s)", ds->separator, ds->separator_given ? "--delimiter" : "detected");
        ovp_run_param_str(r, "data_separator", sep);
    }
    if (ds->header)
        ovp_run_param_str(r, "data_header", ds->header);
    else
        ovp_run_param_num(r, "data_header", NAN); /* null: no header row */
    ovp_run_param_str(r, "data_label_column", ds->label_column);
    ovp_run_param_str(r, "data_dropped_columns", ds->dropped);
    ovp_run_param_num(r, "data_n", (double)ds->n);
    ovp_run_param_num(r, "data_d", (double)ds->d);
    ovp_run_param_num(r, "data_rows_normalised", (double)rescaled);
    return OVP_OK;
}

int ovp_config_for_scale(const ovp_harness *h, const char *scale, uint64_t seed, void *config)
{
    const ovp_config_spec *s = h->config;
    memset(config, 0, s->size);
    for (size_t i = 0; i < s->n_scales; i++)
        if (strcmp(scale, s->scales[i].name) == 0) {
            memcpy(config, s->scales[i].defaults, s->size);
            memcpy((char *)config + s->seed, &seed, sizeof seed);
            if (s->scales[i].derive)
                s->scales[i].derive(config);
            return OVP_OK;
        }
    return OVP_EINVAL;
}

/* The C type an option of this type writes. */
static ovp_ctype ctype_of_option(ovp_opt_type t)
{
    switch (t) {
    case OVP_OPT_FLAG:
        return OVP_CTYPE_INT;
    case OVP_OPT_STRING:
    case OVP_OPT_CHOICE:
        return OVP_CTYPE_TEXT;
    case OVP_OPT_UINT:
        return OVP_CTYPE_SIZE;
    case OVP_OPT_REAL:
        return OVP_CTYPE_DOUBLE;
    case OVP_OPT_UINT_LIST:
    case OVP_OPT_REAL_LIST:
        return OVP_CTYPE_DOUBLES;
    }
    return OVP_CTYPE_OTHER;
}

int ovp_config_check_fields(const ovp_harness *h, char *err, size_t errlen)
{
    const ovp_config_spec *s = h->config;
    for (size_t i = 0; i < s->n_fields; i++) {
        const ovp_config_field *f = &s->fields[i];
        const ovp_opt_spec *o = NULL;
        for (size_t k = 0; k < h->n_options && !o; k++)
            if (strcmp(h->options[k].name, f->option) == 0)
                o = &h->options[k];
        int is_list = o && (o->type == OVP_OPT_UINT_LIST || o->type == OVP_OPT_REAL_LIST);
        const char *wrong = !o ? "names no option of the harness"
                            : f->type != ctype_of_option(o->type) ? "binds a field of another C type than the option writes"
                            : is_list && f->count_type != OVP_CTYPE_SIZE ? "binds a list without a size_t count"
                            : NULL;
        if (wrong) {
            snprintf(err, errlen, "%s: the config binding of --%s %s (a harness bug: see verify/harness.h)",
                     h->paper->harness, f->option, wrong);
            return OVP_EINVAL;
        }
    }
    return OVP_OK;
}

/* Step 3 of harness.h: every option given that a field binds, into its field. */
static void apply_options(const ovp_config_spec *s, const ovp_args *args, void *config)
{
    for (size_t i = 0; i < s->n_fields; i++) {
        const ovp_config_field *f = &s->fields[i];
        const ovp_opt_value *v = ovp_args_get(args, f->option);
        if (!v)
            continue;
        char *field = (char *)config + f->offset;
        switch (v->spec->type) {
        case OVP_OPT_FLAG: {
            int one = 1;
            memcpy(field, &one, sizeof one);
            break;
        }
        case OVP_OPT_STRING:
        case OVP_OPT_CHOICE:
            memcpy(field, &v->text, sizeof v->text);
            break;
        case OVP_OPT_UINT: {
            size_t u = (size_t)v->uint;
            memcpy(field, &u, sizeof u);
            break;
        }
        case OVP_OPT_REAL:
            memcpy(field, &v->real, sizeof v->real);
            break;
        case OVP_OPT_UINT_LIST:
        case OVP_OPT_REAL_LIST:
            memcpy(field, v->list, v->n_list * sizeof *v->list);
            memcpy((char *)config + f->count, &v->n_list, sizeof v->n_list);
            break;
        }
    }
}

/* The config and the --data rows it points at, freed together: the harness
 * sees only the config, after the dataset. */
typedef struct {
    ovp_dataset data;
    alignas(max_align_t) unsigned char config[];
} owned_config;

static owned_config *owner_of(void *config)
{
    return (owned_config *)(void *)((char *)config - offsetof(owned_config, config));
}

/* Step 4 of harness.h: refusals, the file, and the fields it sets. */
static int take_data(const ovp_config_data *d, const ovp_args *args, ovp_run *r, owned_config *oc, char *err,
                     size_t errlen)
{
    for (const char *const *o = d->synthetic; o && *o; o++)
        if (ovp_args_get(args, *o)) {
            snprintf(err, errlen, d->synthetic_error, *o);
            return OVP_EINVAL;
        }
    int st = d->admit ? d->admit(args, err, errlen) : OVP_OK;
    if (!st)
        st = ovp_config_read_data(r, args, d->unit_norm_why, &oc->data, err, errlen);
    if (st)
        return st;
    memcpy(oc->config + d->X, &(const double *){oc->data.X}, sizeof(const double *));
    memcpy(oc->config + d->y, &(const double *){oc->data.y}, sizeof(const double *));
    memcpy(oc->config + d->n, &oc->data.n, sizeof oc->data.n);
    memcpy(oc->config + d->d, &oc->data.d, sizeof oc->data.d);
    return OVP_OK;
}

int ovp_config_apply(const ovp_harness *h, const ovp_args *args, ovp_run *r, void **config, char *err,
                     size_t errlen)
{
    const ovp_config_spec *s = h->config;
    const int data = ovp_args_get(args, "data") != NULL;
    *config = NULL;
    int bad = ovp_config_check_fields(h, err, errlen);
    if (bad)
        return bad;
    if (data && s->data.refusal) {
        snprintf(err, errlen, "%s", s->data.refusal);
        return OVP_EINVAL;
    }
    owned_config *oc = calloc(1, sizeof *oc + s->size);
    if (!oc)
        return OVP_ENOMEM;
    void *c = oc->config;
    int st = ovp_config_for_scale(h, r->scale, r->seed, c);
    if (st)
        snprintf(err, errlen, "unknown scale '%s'", r->scale);
    if (!st)
        apply_options(s, args, c);
    if (!st && data)
        st = take_data(&s->data, args, r, oc, err, errlen);
    if (!st && s->finish)
        st = s->finish(args, r, c, err, errlen);
    if (!st && s->bytes) {
        char what[400];
        double bytes = s->bytes(c, r->threads, what, sizeof what);
        st = ovp_sysinfo_check_memory(bytes, what, err, errlen);
    }
    if (st) {
        ovp_config_free(h, c);
        return st;
    }
    *config = c;
    return OVP_OK;
}

void ovp_config_free(const ovp_harness *h, void *config)
{
    (void)h;
    if (!config)
        return;
    owned_config *oc = owner_of(config);
    ovp_dataset_free(&oc->data);
    free(oc);
}
