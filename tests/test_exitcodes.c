/* tests/test_exitcodes.c: the exit code of a run (a hypotheses-met FAIL is 1,
 * an empirical-only FAIL is 4), the order in which `ovp verify all` keeps the
 * worst, and the JUnit report's counts and escaping (issue 16). */
#include "harness.h"
#include "results.h"
#include "runstatus.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A run of the first harness's paper with its first claim id. */
static const char *first_id(ovp_run *r)
{
    const ovp_paper *p = ovp_harnesses[0]->paper;
    ovp_run_init(r, p, "ci", 1);
    return p->claims[0].id;
}

Test(exitcodes, a_hypotheses_met_fail_is_1_an_empirical_only_fail_is_4)
{
    ovp_run r;
    const char *id = first_id(&r);
    ovp_claim_le(&r, id, "pass", 1.0, 2.0);
    ovp_claim_skip(&r, id, "skip", "not evaluated");
    cr_assert_eq(ovp_results_exit_code(&r), 0, "passes and skips");
    ovp_claim_le(&r, id, "emp", 3.0, 2.0); /* empirical unless said otherwise */
    cr_assert_eq(ovp_results_exit_code(&r), OVP_EXIT_EMPIRICAL);
    ovp_claim_regime(ovp_claim_ge(&r, id, "met", 1.0, 2.0), OVP_REGIME_MET, "hypotheses hold");
    cr_assert_eq(ovp_results_exit_code(&r), OVP_EXIT_FAIL, "a counterexample or a bug outranks a conjecture");
    ovp_run_free(&r);
}

Test(exitcodes, all_keeps_the_worst_by_severity_not_by_number)
{
    const int order[] = {0, OVP_EXIT_EMPIRICAL, OVP_EXIT_FAIL, OVP_EXIT_USAGE, OVP_EXIT_RUNTIME, 130};
    const size_t n = sizeof order / sizeof *order;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int want = order[i > j ? i : j];
            cr_assert_eq(ovp_runstatus_exit_worst(order[i], order[j]), want, "worst(%d, %d)", order[i], order[j]);
            if (i < j)
                cr_assert_lt(ovp_runstatus_exit_severity(order[i]), ovp_runstatus_exit_severity(order[j]));
        }
    cr_assert_eq(OVP_EXIT_EMPIRICAL, 4, "documented in README.md and 'ovp verify --help'");
}

static char *junit_text(const ovp_results_junit_suite *suites, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    ovp_results_print_junit(f, suites, n);
    fclose(f);
    return buf;
}

Test(exitcodes, junit_counts_every_suite_and_escapes_every_text)
{
    ovp_results_claim claims[] = {
        {"P.1", "m=1", "hypotheses-met", "<=", "pass", "", 2, 1, 2, 1, NAN, NAN},
        {"P.2", "", "empirical", ">=", "fail", "a < b & \"c\" 'd'\nnext", 2, 1, 0.5, -1, 1.5, 0.5},
        {"P.3", "k=2", "empirical", "", "skip", "", NAN, NAN, NAN, NAN, NAN, NAN},
    };
    ovp_results_summary s = {.harness = "h1", .paper = "A & B", .scale = "ci", .verdict = "fail",
                             .claims = claims, .n_claims = 3};
    ovp_results_junit_suite suites[] = {{"h1", &s, OVP_EXIT_EMPIRICAL}, {"h2", NULL, OVP_EXIT_RUNTIME}};
    char *x = junit_text(suites, 2);
    cr_assert(strstr(x, "<testsuites name=\"ovp verify\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\""), "%s", x);
    cr_assert(strstr(x, "<testsuite name=\"h1\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""), "%s", x);
    cr_assert(strstr(x, "<testsuite name=\"h2\" tests=\"1\" failures=\"0\" errors=\"1\""), "%s", x);
    cr_assert(strstr(x, "classname=\"h1.hypotheses-met\" name=\"P.1 m=1\" time=\"0\"/>"), "%s", x);
    cr_assert(strstr(x, "name=\"P.2\" time=\"0\">"), "no trailing space without a scope: %s", x);
    cr_assert(strstr(x, "<failure message=\"a &lt; b &amp; &quot;c&quot; &apos;d&apos;&#10;next\""), "%s", x);
    cr_assert(strstr(x, "<skipped message=\"not evaluated\"/>"), "a skip without a note: %s", x);
    cr_assert(strstr(x, "value=\"A &amp; B\""), "%s", x);
    cr_assert(strstr(x, "exit code 3"), "the error entry says how the harness stopped: %s", x);
    free(x);
}
