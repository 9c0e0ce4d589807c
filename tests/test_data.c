/* tests/test_data.c: the CSV dataset reader: what it accepts and how it refuses. */
#include "dataset.h"
#include "gram.h"
#include "status.h"
#include "test_helpers.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse(const char *text, ovp_dataset *ds, char *err)
{
    return ovp_dataset_parse(text, strlen(text), NULL, ds, err, 256);
}

Test(data, header_is_detected_and_label_is_the_last_column)
{
    ovp_dataset ds;
    char err[256];
    cr_assert_eq(parse("x1, x2 ,y\r\n1,2,3\r\n\r\n# a comment\n4, 5 ,6\n", &ds, err), OVP_OK, "%s", err);
    cr_assert(ds.has_header);
    cr_assert_eq(ds.n, 2);
    cr_assert_eq(ds.d, 2);
    cr_assert(ds.X[0] == 1 && ds.X[1] == 2 && ds.X[2] == 4 && ds.X[3] == 5);
    cr_assert(ds.y[0] == 3 && ds.y[1] == 6);
    ovp_dataset_free(&ds);
}

Test(data, numeric_first_line_is_data)
{
    ovp_dataset ds;
    char err[256];
    cr_assert_eq(parse("1e-3,-2.5,2\n", &ds, err), OVP_OK, "%s", err);
    cr_assert(!ds.has_header);
    cr_assert_eq(ds.n, 1);
    cr_assert(ds.X[0] == 1e-3 && ds.X[1] == -2.5 && ds.y[0] == 2.0);
    ovp_dataset_free(&ds);
}

Test(data, malformed_inputs_are_refused_with_line_and_field)
{
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"", "empty file"},
        {"a,b,c\n", "only a header"},
        {"1,2,3\n4,5\n", "line 2 has 2 fields, expected 3"},
        {"1,2,5\n4,NaN,6\n", "line 2, field 2: 'NaN' is not finite"},
        {"1,2,5\n-inf,5,6\n", "line 2, field 1: '-inf' is not finite"},
        {"1,2,5\n4,5,\n", "line 2, field 3 is empty"},
        {"1,2,5\n4,5x,6\n", "line 2, field 2: '5x' is not a number"},
        {"1\n2\n", "at least 2 columns"},
        {"h1,h2\n1,2\nfoo,3\n", "line 3, field 1: 'foo' is not a number"},
        {"1,1e999,2\n", "not finite"},
        {"1,2,5\n1,0x1p1,2\n", "line 2, field 2: '0x1p1' is not a number"},
        {"0,1,2\n4,5,6\n", "line 1 reads 0,1,...: column numbers"},
        {"1;2,5;1\n3;4,5;0\n", "line 1, field 2: '2,5' has a decimal comma"},
        {"1,NA,2\n3,4,5\n", "'NA' is a missing value"},
        {"1,2\n\"3,4\n", "a quoted field (field 1) is never closed"},
        {"a,b\n1,x\n2,y\n3,z\n", "holds 3 class names ('x', 'y', 'z'), not numbers: give --labels x=1,y=2,z=3"},
        {"i,a,y\n0,1.5,1\n1,2.5,0\n2,0.5,1\n", "column 1 holds 0..2 in order, like the index pandas or R write"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ovp_dataset ds;
        char err[256] = "";
        int st = parse(cases[k].text, &ds, err);
        cr_assert(test_refused(st, err, cases[k].message, ds.X == NULL && ds.y == NULL, "csv", k), "case %zu", k);
    }
}

Test(data, normalisation_rescales_and_counts_and_refuses_zero_rows)
{
    ovp_dataset ds;
    char err[256];
    cr_assert_eq(parse("3,4,1\n1,0,2\n", &ds, err), OVP_OK);
    size_t rescaled;
    cr_assert_eq(ovp_dataset_normalise_rows(&ds, &rescaled, err, sizeof err), OVP_OK);
    cr_assert_eq(rescaled, 1, "only the (3,4) row is not unit norm");
    cr_assert(fabs(ds.X[0] - 0.6) < 1e-15 && fabs(ds.X[1] - 0.8) < 1e-15);
    ovp_dataset_free(&ds);
    cr_assert_eq(parse("1,0,1\n0,0,2\n", &ds, err), OVP_OK);
    cr_assert_eq(ovp_dataset_normalise_rows(&ds, &rescaled, err, sizeof err), OVP_EDATA);
    cr_assert(strstr(err, "row 2 has zero norm"), "%s", err);
    ovp_dataset_free(&ds);
}

Test(data, the_closest_pair_and_its_stable_angle)
{
    /* rows 0 and 2 are 1e-9 rad apart: their cosine rounds to 1, the angle does not */
    double x[6] = {1, 0, 0, 1, cos(1e-9), sin(1e-9)}, k[9];
    ovp_mat X = ovp_mat_view(x, 3, 2), K = ovp_mat_view(k, 3, 3);
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    ovp_pair p;
    ovp_dataset_closest_pair(&X, &K, &p);
    cr_assert(p.found && p.i == 0 && p.j == 2);
    cr_assert(fabs(p.theta - 1e-9) < 1e-22, "theta %.17g", p.theta);
    cr_assert(!p.parallel, "1e-9 rad is far above the angle's rounding error");
    double y[6] = {1, 0, 0, 1, 2, 0}; /* rows 0 and 2: the same direction exactly */
    X = ovp_mat_view(y, 3, 2);
    cr_assert_eq(ovp_gram_inner(&X, &K), OVP_OK);
    ovp_dataset_closest_pair(&X, &K, &p);
    cr_assert(p.found && p.i == 0 && p.j == 2 && p.parallel && p.theta == 0.0);
    char err[512];
    ovp_dataset_degenerate_message(&p, "lambda0", 1e-17, 3e-15, "no", err, sizeof err);
    cr_assert(strstr(err, "data rows 1 and 3 point in the same direction"), "%s", err);
}

/* A fresh directory for files of one test. */
static char *scratch_dir(char *buf, size_t len)
{
    snprintf(buf, len, "%s/ovp-test-data-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert(mkdtemp(buf), "mkdtemp %s", buf);
    return buf;
}

/* The timeout turns a read that blocks on the FIFO into a failure, not a hang. */
Test(data, read_refuses_anything_but_a_regular_file, .timeout = 20)
{
    char dir[512], fifo[600], csv[600];
    scratch_dir(dir, sizeof dir);
    snprintf(fifo, sizeof fifo, "%s/fifo.csv", dir);
    snprintf(csv, sizeof csv, "%s/ok.csv", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    const char *paths[] = {dir, fifo, "/dev/zero"};
    const char *kinds[] = {"a directory", "a FIFO", "a character device"};
    for (size_t k = 0; k < 3; k++) {
        ovp_dataset ds;
        char err[1024] = "", want[1024];
        cr_assert_eq(ovp_dataset_read(paths[k], NULL, &ds, err, sizeof err), OVP_EDATA, "%s accepted", paths[k]);
        snprintf(want, sizeof want, "'%s' is %s, not a regular file; ovp reads files, never devices or pipes", paths[k], kinds[k]);
        cr_assert_str_eq(err, want);
        cr_assert(ds.X == NULL && ds.y == NULL);
    }
    /* a regular file is still read whole */
    FILE *f = fopen(csv, "w");
    cr_assert(f);
    fputs("x,y\n1,2\n3,4\n", f);
    fclose(f);
    ovp_dataset ds;
    char err[1024] = "";
    cr_assert_eq(ovp_dataset_read(csv, NULL, &ds, err, sizeof err), OVP_OK, "%s", err);
    cr_assert(ds.n == 2 && ds.d == 1 && ds.X[1] == 3 && ds.y[1] == 4);
    ovp_dataset_free(&ds);
    cr_assert_eq(ovp_dataset_read("/nonexistent/x.csv", NULL, &ds, err, sizeof err), OVP_EDATA);
    cr_assert(strstr(err, "cannot open '/nonexistent/x.csv': No such file"), "%s", err);
    unlink(csv);
    unlink(fifo);
    rmdir(dir);
}
