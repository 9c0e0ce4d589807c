/* tests/testutil.c: shared helpers; pins BLAS to one thread for every test binary. */
#include "testutil.h"
#include "blasinfo.h"
#include "execute.h"
#include "rng.h"
#include "status.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

__attribute__((constructor)) static void pin_blas_threads(void) { ovp_blasinfo_set_threads(1); }

gsl_rng *test_rng(const char *name) { return ovp_rng_stream("test", name, 12345); }

double max_abs_diff(const ovp_mat *A, const ovp_mat *B)
{
    double m = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < A->cols; j++)
            m = fmax(m, fabs(OVP_AT(A, i, j) - OVP_AT(B, i, j)));
    return m;
}

double max_abs(const ovp_mat *A)
{
    double m = 0.0;
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < A->cols; j++)
            m = fmax(m, fabs(OVP_AT(A, i, j)));
    return m;
}

void test_run_harness(const ovp_harness *h, const void *config, int threads, ovp_run *r)
{
    ovp_run_init(r, h->paper, "ci", 1);
    r->quiet = 1;
    ovp_task_out **outs;
    size_t n;
    char err[512] = "";
    int st = ovp_execute_local(h, r, config, threads, &outs, &n, err, sizeof err);
    cr_assert_eq(st, OVP_OK, "harness %s failed: %s", h->paper->harness, err);
    ovp_execute_outs_free(outs, n);
}

ovp_verdict test_verdict_of(const ovp_run *r, const char *id)
{
    int any_pass = 0, any = 0;
    for (size_t i = 0; i < r->n_claims; i++)
        if (strcmp(r->claims[i]->id, id) == 0) {
            any = 1;
            if (r->claims[i]->verdict == OVP_FAIL)
                return OVP_FAIL;
            any_pass |= r->claims[i]->verdict == OVP_PASS;
        }
    cr_assert(any, "no record of claim %s", id);
    return any_pass ? OVP_PASS : OVP_SKIP;
}

int test_refusal(const ovp_harness *h, const void *config, char *err, size_t errlen)
{
    ovp_run r;
    ovp_run_init(&r, h->paper, "ci", 1);
    r.quiet = 1;
    ovp_task_out **outs = NULL;
    size_t n = 0;
    err[0] = '\0';
    int st = ovp_execute_local(h, &r, config, 1, &outs, &n, err, errlen);
    ovp_execute_outs_free(outs, n);
    ovp_run_free(&r);
    return st;
}

const char *test_first_not_failing(const ovp_harness *h, const void *config, int threads,
                                   const char *const *ids)
{
    ovp_run r;
    test_run_harness(h, config, threads, &r);
    const char *held = NULL;
    for (; *ids && !held; ids++)
        if (test_verdict_of(&r, *ids) != OVP_FAIL)
            held = *ids;
    ovp_run_free(&r);
    return held;
}

const char *test_thread_difference(const ovp_harness *h, const void *config, char *where, size_t len)
{
    ovp_run r1, r2;
    test_run_harness(h, config, 1, &r1);
    test_run_harness(h, config, 2, &r2);
    const char *diff = NULL;
    if (r1.n_claims != r2.n_claims) {
        snprintf(where, len, "%zu claim records on 1 thread, %zu on 2", r1.n_claims, r2.n_claims);
        diff = where;
    }
    for (size_t i = 0; !diff && i < r1.n_claims; i++) {
        const ovp_claim *a = r1.claims[i], *b = r2.claims[i];
        if (strcmp(a->id, b->id) || strcmp(a->scope, b->scope) || a->verdict != b->verdict ||
            memcmp(&a->observed, &b->observed, sizeof(double)) || memcmp(&a->bound, &b->bound, sizeof(double))) {
            snprintf(where, len, "record %zu (%s %s) differs between 1 and 2 threads", i, a->id, a->scope);
            diff = where;
        }
    }
    ovp_run_free(&r1);
    ovp_run_free(&r2);
    return diff;
}

const char *test_quantities_differ(const ovp_run *a, const ovp_run *b, double rtol, char *where, size_t len)
{
    if (a->n_quantities != b->n_quantities) {
        snprintf(where, len, "%zu quantities against %zu", a->n_quantities, b->n_quantities);
        return where;
    }
    for (size_t i = 0; i < a->n_quantities; i++) {
        const double x = a->quantities[i].value, y = b->quantities[i].value;
        if (strcmp(a->quantities[i].name, b->quantities[i].name) != 0 ||
            !(fabs(x - y) <= rtol * fmax(fabs(y), 1.0) || (isnan(x) && isnan(y)))) {
            snprintf(where, len, "%s: %.17g vs %s: %.17g", a->quantities[i].name, x, b->quantities[i].name, y);
            return where;
        }
    }
    return NULL;
}
