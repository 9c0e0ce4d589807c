/* tests/test_tasks.c: task outputs survive their text form bit for bit, the
 * engine merges in task order for any thread count, doubles print exactly, and
 * every status (a task's or a file's) has its words and its one exit code. */
#include "engine.h"
#include "json.h"
#include "runstatus.h"
#include "task.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

Test(tasks, serialisation_round_trips_exactly)
{
    ovp_task_out *t = ovp_task_out_new(17, 2);
    ovp_task_set(t, "third", 1.0 / 3.0);
    ovp_task_set(t, "tiny", DBL_MIN / 3);
    ovp_task_set(t, "nan", NAN);
    ovp_task_set(t, "neg_inf", -INFINITY);
    ovp_task_row(t, 0, 3, (double[]){1, 0.1, -2.5e-300});
    ovp_task_rowf(t, 1, "split,%d", 3);
    ovp_text txt = {0};
    cr_assert_eq(ovp_task_serialize(t, "00000000000000ab", &txt), OVP_OK);
    ovp_task_out *u;
    cr_assert_eq(ovp_task_deserialize(txt.data, txt.len, "00000000000000ab", 2, &u), OVP_OK);
    cr_assert_eq(u->index, 17);
    double a = ovp_task_get(t, "third"), b = ovp_task_get(u, "third");
    cr_assert(memcmp(&a, &b, sizeof a) == 0);
    a = ovp_task_get(t, "tiny");
    b = ovp_task_get(u, "tiny");
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "subnormal survives");
    cr_assert(isnan(ovp_task_get(u, "nan")));
    cr_assert(ovp_task_get(u, "neg_inf") == -INFINITY);
    cr_assert_str_eq(u->tables[0].data, t->tables[0].data);
    cr_assert_str_eq(u->tables[1].data, "split,3\n");
    cr_assert(isnan(ovp_task_get(u, "absent")));
    /* truncated text is refused, never half-read */
    ovp_task_out *v;
    cr_assert_eq(ovp_task_deserialize(txt.data, txt.len - 5, NULL, 2, &v), OVP_EDATA);
    cr_assert_null(v);
    ovp_task_text_free(&txt);
    ovp_task_out_free(t);
    ovp_task_out_free(u);
}

static int square_task(const void *state, size_t i, ovp_task_out *out)
{
    (void)state;
    double x = (double)i;
    ovp_task_row(out, 0, 2, (double[]){x, sqrt(x)});
    ovp_task_set(out, "x", x);
    return OVP_OK;
}

static int failing_task(const void *state, size_t i, ovp_task_out *out)
{
    (void)state;
    if (i == 3)
        return ovp_task_fail(out, OVP_ELAPACK, "planted failure");
    return OVP_OK;
}

/* The attack of issue 10: a task file of another run (another seed, option or
 * harness) must never be taken for this run's, and a damaged one never read. */
Test(tasks, text_form_carries_the_key_and_a_checksum)
{
    ovp_task_out *t = ovp_task_out_new(3, 1);
    ovp_task_set(t, "x", 0.25);
    ovp_task_row(t, 0, 2, (double[]){1, 2});
    ovp_text txt = {0};
    cr_assert_eq(ovp_task_serialize(t, "1111111111111111", &txt), OVP_OK);
    ovp_task_out *u = NULL;
    cr_assert_eq(ovp_task_deserialize(txt.data, txt.len, "2222222222222222", 1, &u), OVP_ESTALE,
                 "a task of another key is refused as stale");
    cr_assert_null(u);
    cr_assert_eq(ovp_task_deserialize(txt.data, txt.len, NULL, 1, &u), OVP_OK, "no key asked: any key");
    ovp_task_out_free(u);
    /* one byte of a row changed: the checksum no longer matches */
    char *row = strstr(txt.data, "1,2\n");
    cr_assert_not_null(row);
    row[0] = '7';
    cr_assert_eq(ovp_task_deserialize(txt.data, txt.len, "1111111111111111", 1, &u), OVP_EDATA);
    cr_assert_null(u);
    /* the old format (no key, no sum) is refused, never half-trusted */
    static const char v1[] = "ovp-task 1\nindex 3\nvalue x 0x1p-2\ntable 0 4\n1,2\nend\n";
    cr_assert_eq(ovp_task_deserialize(v1, sizeof v1 - 1, NULL, 1, &u), OVP_EDATA);
    ovp_task_text_free(&txt);
    ovp_task_out_free(t);
}

Test(tasks, engine_keeps_task_order_for_any_thread_count)
{
    for (int threads = 1; threads <= 4; threads++) {
        ovp_task_out *outs[50];
        ovp_engine e = {.name = "t", .n_tasks = 50, .n_tables = 1, .run = square_task,
                        .threads = threads, .quiet = 1};
        char err[128];
        cr_assert_eq(ovp_engine_run(&e, outs, NULL, err, sizeof err), OVP_OK);
        for (size_t i = 0; i < 50; i++) {
            cr_assert_eq(outs[i]->index, i);
            cr_assert_eq(ovp_task_get(outs[i], "x"), (double)i);
            ovp_task_out_free(outs[i]);
        }
    }
}

Test(tasks, engine_reports_the_failing_task)
{
    ovp_task_out *outs[8];
    ovp_engine e = {.name = "t", .n_tasks = 8, .n_tables = 1, .run = failing_task, .threads = 1, .quiet = 1};
    char err[256] = "";
    cr_assert_eq(ovp_engine_run(&e, outs, NULL, err, sizeof err), OVP_ELAPACK);
    cr_assert(strstr(err, "task 3") && strstr(err, "planted failure"), "%s", err);
    for (size_t i = 0; i < 8; i++)
        ovp_task_out_free(outs[i]);
}

Test(json, doubles_print_in_their_shortest_exact_form)
{
    char buf[32];
    cr_assert_str_eq(ovp_json_format_double(0.1, buf), "0.1");
    cr_assert_str_eq(ovp_json_format_double(1000, buf), "1000");
    cr_assert_str_eq(ovp_json_format_double(NAN, buf), "NaN");
    const double xs[] = {1.0 / 3, M_PI, 1e-310, DBL_MAX, -0.0, 2.0 / 3e10};
    for (size_t k = 0; k < sizeof xs / sizeof *xs; k++) {
        double back = strtod(ovp_json_format_double(xs[k], buf), NULL);
        cr_assert(memcmp(&back, &xs[k], sizeof back) == 0, "%s does not round-trip", buf);
    }
}

Test(status, every_code_has_distinct_words_and_one_exit_code)
{
    /* The kernel codes and the file/run codes of verify/io share one range. */
    const int codes[] = {OVP_OK, OVP_EINVAL, OVP_ENOMEM, OVP_ELAPACK, OVP_EDOM, OVP_EIO, OVP_EDATA,
                         OVP_EPARTIAL, OVP_ESTALE, OVP_EBUSY};
    const size_t n = sizeof codes / sizeof *codes;
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(codes[i], (int)i, "codes 0..9 without a gap or a collision");
        cr_assert_str_neq(ovp_runstatus_text(codes[i]), "unknown error", "code %d", codes[i]);
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(ovp_runstatus_text(codes[i]), ovp_runstatus_text(codes[j]));
    }
    cr_assert_str_eq(ovp_runstatus_text(OVP_ELAPACK), ovp_status_str(OVP_ELAPACK), "kernel codes by delegation");
    cr_assert_str_eq(ovp_status_str(OVP_EIO), "unknown error", "the kernels know only their own codes");
    cr_assert_str_eq(ovp_runstatus_text(42), "unknown error");

    cr_assert_eq(ovp_runstatus_exit_code(OVP_OK), 0);
    cr_assert_eq(ovp_runstatus_exit_code(OVP_EINVAL), OVP_EXIT_USAGE);
    cr_assert_eq(ovp_runstatus_exit_code(OVP_EDATA), OVP_EXIT_USAGE);
    cr_assert_eq(ovp_runstatus_exit_code(OVP_EDOM), OVP_EXIT_USAGE);
    const int runtime[] = {OVP_ENOMEM, OVP_ELAPACK, OVP_EIO, OVP_EPARTIAL, OVP_ESTALE, OVP_EBUSY, 42};
    for (size_t i = 0; i < sizeof runtime / sizeof *runtime; i++)
        cr_assert_eq(ovp_runstatus_exit_code(runtime[i]), OVP_EXIT_RUNTIME, "status %d", runtime[i]);
}

Test(tasks, a_task_check_records_the_lapack_failure_or_passes)
{
    ovp_task_out *out = ovp_task_out_new(0, 1);
    cr_assert_not_null(out);
    cr_assert_eq(ovp_task_check(out, OVP_OK, "spectrum n=%d", 3), OVP_OK);
    cr_assert_eq(out->status, OVP_OK);
    ovp_status_set_lapack_info(7);
    cr_assert_eq(ovp_task_check(out, OVP_ELAPACK, "spectrum n=%d k=%d", 3, 4), OVP_ELAPACK);
    cr_assert_eq(out->status, OVP_ELAPACK);
    char want[512];
    snprintf(want, sizeof want, "spectrum n=3 k=4: %s (info 7)", ovp_status_str(OVP_ELAPACK));
    cr_assert_str_eq(out->error, want);
    ovp_task_out_free(out);
}
