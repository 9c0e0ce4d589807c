/* verify/engine/config.c: the --data file of a run, read and recorded. */
#include "config.h"

#include <math.h>
#include <stdio.h>

int ovp_run_read_data(ovp_run *r, const ovp_args *args, const char *unit_norm_why, ovp_dataset *ds,
                      char *err, size_t errlen)
{
    const char *path = ovp_args_text(args, "data", "");
    ovp_data_options o;
    ovp_data_options_from_args(args, &o);
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

int ovp_harness_configure(const ovp_harness *h, const ovp_args *args, ovp_run *r, void **config, char *err,
                          size_t errlen)
{
    *config = NULL;
    return h->configure(args, r, config, err, errlen);
}

void ovp_harness_free_config(const ovp_harness *h, void *config)
{
    if (config)
        h->free_config(config);
}
