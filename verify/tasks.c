/* verify/tasks.c: task outputs, their text form, and the threaded engine. */
#include "tasks.h"
#include "json.h"
#include "status.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(void)
{
    fputs("ovp: out of memory while recording task output\n", stderr);
    abort();
}

int ovp_text_append(ovp_text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t c = t->cap ? t->cap : 4096;
        while (c < t->len + n + 1)
            c *= 2;
        char *p = realloc(t->data, c);
        if (!p)
            return OVP_ENOMEM;
        t->data = p;
        t->cap = c;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
    return OVP_OK;
}

void ovp_text_free(ovp_text *t)
{
    free(t->data);
    *t = (ovp_text){0};
}

ovp_task_out *ovp_task_out_new(size_t index, size_t n_tables)
{
    ovp_task_out *t = calloc(1, sizeof *t);
    if (!t || (n_tables && !(t->tables = calloc(n_tables, sizeof *t->tables))))
        out_of_memory();
    t->index = index;
    t->n_tables = n_tables;
    return t;
}

void ovp_task_out_free(ovp_task_out *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_tables; i++)
        ovp_text_free(&t->tables[i]);
    free(t->tables);
    free(t->values);
    free(t);
}

static void append(ovp_task_out *t, size_t table, const char *s, size_t n)
{
    if (table >= t->n_tables || ovp_text_append(&t->tables[table], s, n))
        out_of_memory();
}

void ovp_task_row(ovp_task_out *t, size_t table, size_t n, const double *cells)
{
    char buf[34];
    for (size_t i = 0; i < n; i++) {
        if (i)
            append(t, table, ",", 1);
        const char *s = ovp_format_double(cells[i], buf);
        append(t, table, s, strlen(s));
    }
    append(t, table, "\n", 1);
}

void ovp_task_rowf(ovp_task_out *t, size_t table, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        out_of_memory(); /* rows are short; a longer one is a harness bug */
    append(t, table, buf, (size_t)n);
    append(t, table, "\n", 1);
}

void ovp_task_set(ovp_task_out *t, const char *name, double value)
{
    for (size_t i = 0; i < t->n_values; i++)
        if (strcmp(t->values[i].name, name) == 0) {
            t->values[i].value = value;
            return;
        }
    if (t->n_values == t->cap_values) {
        size_t c = t->cap_values ? 2 * t->cap_values : 16;
        ovp_task_value *p = realloc(t->values, c * sizeof *p);
        if (!p)
            out_of_memory();
        t->values = p;
        t->cap_values = c;
    }
    ovp_task_value *v = &t->values[t->n_values++];
    snprintf(v->name, sizeof v->name, "%s", name);
    v->value = value;
}

double ovp_task_get(const ovp_task_out *t, const char *name)
{
    for (size_t i = 0; i < t->n_values; i++)
        if (strcmp(t->values[i].name, name) == 0)
            return t->values[i].value;
    return NAN;
}

int ovp_task_fail(ovp_task_out *t, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->error, sizeof t->error, fmt, ap);
    va_end(ap);
    t->status = status;
    return status;
}

/* ---------------------------------------------------------------- text form
 *   ovp-task 1
 *   index <i>
 *   value <name> <hex float>
 *   table <k> <bytes>\n<bytes>
 *   end
 */
int ovp_task_serialize(const ovp_task_out *t, ovp_text *out)
{
    char line[160];
    int st = OVP_OK;
#define EMIT(...)                                                                                  \
    do {                                                                                           \
        int n_ = snprintf(line, sizeof line, __VA_ARGS__);                                         \
        if (!st)                                                                                   \
            st = ovp_text_append(out, line, (size_t)n_);                                           \
    } while (0)
    EMIT("ovp-task 1\nindex %zu\n", t->index);
    for (size_t i = 0; i < t->n_values; i++)
        EMIT("value %s %a\n", t->values[i].name, t->values[i].value);
    for (size_t k = 0; k < t->n_tables; k++) {
        EMIT("table %zu %zu\n", k, t->tables[k].len);
        if (!st && t->tables[k].len)
            st = ovp_text_append(out, t->tables[k].data, t->tables[k].len);
    }
    EMIT("end\n");
#undef EMIT
    return st;
}

int ovp_task_deserialize(const char *text, size_t len, size_t n_tables, ovp_task_out **tp)
{
    *tp = NULL;
    const char *p = text, *end = text + len;
    size_t index;
    int used = 0;
    if (len < 20 || sscanf(p, "ovp-task 1\nindex %zu\n%n", &index, &used) != 1 || used == 0)
        return OVP_EDATA;
    ovp_task_out *t = ovp_task_out_new(index, n_tables);
    p += used;
    while (p < end) {
        char name[48];
        double v;
        size_t k, bytes;
        used = 0;
        if (strncmp(p, "end\n", 4) == 0) {
            *tp = t;
            return OVP_OK;
        }
        if (sscanf(p, "value %47s %la\n%n", name, &v, &used) == 2 && used) {
            ovp_task_set(t, name, v);
            p += used;
        } else if (sscanf(p, "table %zu %zu\n%n", &k, &bytes, &used) == 2 && used &&
                   k < n_tables && bytes <= (size_t)(end - p - used)) {
            p += used;
            append(t, k, p, bytes);
            p += bytes;
        } else {
            break;
        }
    }
    ovp_task_out_free(t);
    return OVP_EDATA;
}

/* ---------------------------------------------------------------- engine */

typedef struct {
    const ovp_engine *e;
    ovp_task_out **outs;
    atomic_size_t next;
    pthread_mutex_t lock; /* guards progress and first_error */
    size_t done;
    int first_error;
    double t0, last_print;
    int tty;
} engine_shared;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void progress(engine_shared *s, size_t index, double task_s)
{
    const ovp_engine *e = s->e;
    double t = now(), elapsed = t - s->t0;
    int last = s->done == e->n_tasks;
    if (e->quiet || (!s->tty && !last && t - s->last_print < 5.0))
        return; /* a plain log: at most one line per 5 s, and the last */
    s->last_print = t;
    char label[96] = "";
    if (e->label)
        e->label(e->state, index, label, sizeof label);
    double eta = elapsed / (double)s->done * (double)(e->n_tasks - s->done);
    fprintf(stderr, "%s[%s] %zu/%zu tasks  elapsed %.1f s  ETA %.1f s  (last: %s, %.2f s)%s",
            s->tty ? "\r\033[K" : "", e->name, s->done, e->n_tasks, elapsed, eta, label, task_s,
            s->tty && !last ? "" : "\n");
    fflush(stderr);
}

static void *worker(void *arg)
{
    engine_shared *s = arg;
    const ovp_engine *e = s->e;
    for (;;) {
        size_t i = atomic_fetch_add(&s->next, 1);
        if (i >= e->n_tasks)
            break;
        pthread_mutex_lock(&s->lock);
        int stop = s->first_error;
        pthread_mutex_unlock(&s->lock);
        if (stop)
            break;
        ovp_task_out *out = ovp_task_out_new(i, e->n_tables);
        double t = now();
        int st = e->run(e->state, i, out);
        if (st && !out->status)
            out->status = st;
        s->outs[i] = out;
        pthread_mutex_lock(&s->lock);
        s->done++;
        if (out->status && !s->first_error)
            s->first_error = 1;
        else
            progress(s, i, now() - t);
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

int ovp_engine_run(const ovp_engine *e, ovp_task_out **outs, char *err, size_t errlen)
{
    engine_shared s = {.e = e, .outs = outs, .t0 = now(), .tty = isatty(STDERR_FILENO)};
    atomic_init(&s.next, 0);
    pthread_mutex_init(&s.lock, NULL);
    for (size_t i = 0; i < e->n_tasks; i++)
        outs[i] = NULL;
    int threads = e->threads < 1 ? 1 : e->threads;
    if ((size_t)threads > e->n_tasks)
        threads = (int)(e->n_tasks ? e->n_tasks : 1);
    if (threads == 1) {
        worker(&s);
    } else {
        pthread_t *tid = calloc((size_t)threads, sizeof *tid);
        int started = 0;
        for (; tid && started < threads; started++)
            if (pthread_create(&tid[started], NULL, worker, &s) != 0)
                break;
        if (started == 0)
            worker(&s); /* no thread could start: run here */
        for (int k = 0; k < started; k++)
            pthread_join(tid[k], NULL);
        free(tid);
    }
    pthread_mutex_destroy(&s.lock);
    for (size_t i = 0; i < e->n_tasks; i++) {
        if (outs[i] && outs[i]->status) {
            char label[96] = "";
            if (e->label)
                e->label(e->state, i, label, sizeof label);
            snprintf(err, errlen, "task %zu (%s) failed: %s", i, label,
                     outs[i]->error[0] ? outs[i]->error : ovp_strerror(outs[i]->status));
            return outs[i]->status;
        }
    }
    for (size_t i = 0; i < e->n_tasks; i++)
        if (!outs[i]) {
            snprintf(err, errlen, "task %zu did not run", i);
            return OVP_EINVAL;
        }
    return OVP_OK;
}
