/* verify/engine/engine.c: the task scheduler: threads, checkpoints, shards, MPI ranks. */
#include "engine.h"
#include "ranks.h"
#include "runstatus.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    const ovp_engine *e;
    ovp_task_out **outs;
    const size_t *todo;     /* task indices to compute */
    size_t n_todo;
    atomic_size_t next;
    pthread_mutex_t lock;   /* guards everything below */
    size_t done;
    double cost_done, cost_total;
    int failed;
    char error[512];
    double t0, last_print;
    double t_cost;          /* when cost_done last grew: the rate is measured up to it */
    int tty;
    int finished;           /* every worker returned: the heartbeat stops */
    pthread_cond_t wake;
} schedule;

/* Non-terminal progress lines come at least this often (and no more often). */
#define PROGRESS_PERIOD_S 5.0

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double task_cost(const ovp_engine *e, size_t i)
{
    double c = e->cost ? e->cost(e->state, i) : 1.0;
    return c > 0 ? c : 1.0;
}

/* Tasks done / total, elapsed, and an ETA weighted by the tasks' costs. On a
 * terminal the line is rewritten in place; otherwise a line at most every 5 s.
 * Called with the lock held, by a worker when a task finishes (index set) and
 * by the heartbeat while long tasks run (index SIZE_MAX). */
static void progress(schedule *s, size_t index, double task_s)
{
    const ovp_engine *e = s->e;
    double t = now(), elapsed = t - s->t0;
    int last = s->done == s->n_todo;
    if (e->quiet || (!s->tty && !last && t - s->last_print < PROGRESS_PERIOD_S))
        return;
    s->last_print = t;
    char label[96] = "running";
    if (index != SIZE_MAX && e->label)
        e->label(e->state, index, label, sizeof label);
    /* The rate of the work finished, up to its last task; the time since then counts down
     * (measuring up to now instead would make the estimate grow while a long task runs). */
    char eta[32] = "ETA -";
    if (s->cost_done > 0) {
        double left = (s->t_cost - s->t0) * (s->cost_total - s->cost_done) / s->cost_done - (t - s->t_cost);
        snprintf(eta, sizeof eta, "ETA %.1f s", left > 0 ? left : 0.0);
    }
    char last_task[160] = "";
    if (index != SIZE_MAX)
        snprintf(last_task, sizeof last_task, "  (last: %s, %.2f s)", label, task_s);
    fprintf(stderr, "%s[%s] %zu/%zu tasks  elapsed %.1f s  %s%s%s", s->tty ? "\r\033[K" : "", e->name,
            s->done, s->n_todo, elapsed, eta, last_task, s->tty && !last ? "" : "\n");
    fflush(stderr);
}

/* The heartbeat: a progress line at least every PROGRESS_PERIOD_S even while
 * every worker is inside one long task. */
static void *heartbeat(void *arg)
{
    schedule *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->finished) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&s->wake, &s->lock, &until);
        if (!s->finished && now() - s->last_print >= (s->tty ? 1.0 : PROGRESS_PERIOD_S))
            progress(s, SIZE_MAX, 0);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void *worker(void *arg)
{
    schedule *s = arg;
    const ovp_engine *e = s->e;
    for (;;) {
        size_t k = atomic_fetch_add(&s->next, 1);
        if (k >= s->n_todo)
            break;
        pthread_mutex_lock(&s->lock);
        int stop = s->failed;
        pthread_mutex_unlock(&s->lock);
        if (stop)
            break;
        size_t i = s->todo[k];
        ovp_task_out *out = ovp_task_out_new(i, e->n_tables);
        double t = now();
        int st = e->run(e->state, i, out);
        if (st && !out->status)
            out->status = st;
        char err[256] = "";
        if (!out->status && e->checkpoint && ovp_checkpoint_save(e->checkpoint, out, err, sizeof err))
            ovp_task_fail(out, OVP_EIO, "saving the finished task: %s", err);
        s->outs[i] = out;
        pthread_mutex_lock(&s->lock);
        s->done++;
        s->cost_done += task_cost(e, i);
        s->t_cost = now();
        if (out->status && !s->failed) {
            char label[96] = "";
            if (e->label)
                e->label(e->state, i, label, sizeof label);
            s->failed = out->status;
            snprintf(s->error, sizeof s->error, "task %zu (%.90s) failed: %.380s", i, label,
                     out->error[0] ? out->error : ovp_runstatus_text(out->status));
        } else if (!out->status) {
            progress(s, i, now() - t);
        }
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

static void run_threads(schedule *s, int threads)
{
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > s->n_todo)
        threads = s->n_todo ? (int)s->n_todo : 1;
    if (threads == 1) {
        worker(s);
        return;
    }
    pthread_t tid[256];
    int started = 0;
    for (; started < threads && started < 256; started++)
        if (pthread_create(&tid[started], NULL, worker, s) != 0)
            break;
    if (started == 0)
        worker(s); /* no thread could start: run here */
    for (int k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
}

typedef struct {
    double cost;
    size_t i;
} costed;

static int by_cost_descending(const void *pa, const void *pb)
{
    const costed *a = pa, *b = pb;
    if (a->cost != b->cost)
        return a->cost > b->cost ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The costliest tasks first (longest processing time first): a run's widest task, started
 * last, would otherwise keep one thread busy while the others idle. Outputs stay in task
 * order (outs[i]), so this changes when a task runs, never what the run writes. Left in
 * index order when memory for the sort is short. */
static void order_by_cost(const ovp_engine *e, size_t *todo, size_t n)
{
    costed *c = malloc((n ? n : 1) * sizeof *c);
    if (!c)
        return;
    for (size_t k = 0; k < n; k++)
        c[k] = (costed){task_cost(e, todo[k]), todo[k]};
    qsort(c, n, sizeof *c, by_cost_descending);
    for (size_t k = 0; k < n; k++)
        todo[k] = c[k].i;
    free(c);
}

/* Loads task i from the checkpoint or a source; 1 when found. Files of another
 * run or damaged ones are counted and ignored: the task is recomputed (or, in
 * a merge, reported missing). */
static int load_finished(const ovp_engine *e, size_t i, ovp_task_out **out, ovp_engine_report *rep)
{
    for (size_t k = 0; k <= e->n_sources; k++) {
        const ovp_checkpoint *c = k == 0 ? e->checkpoint : e->sources[k - 1];
        if (!c)
            continue;
        ovp_saved got = ovp_checkpoint_load(c, i, e->n_tables, out);
        if (got == OVP_SAVED_OK)
            return 1;
        rep->stale += got == OVP_SAVED_STALE;
        rep->damaged += got == OVP_SAVED_DAMAGED;
    }
    return 0;
}

int ovp_engine_run(const ovp_engine *e, ovp_task_out **outs, ovp_engine_report *report, char *err,
                   size_t errlen)
{
    const size_t n = e->n_tasks, shards = e->shards > 1 ? e->shards : 1;
    const int rank = ovp_ranks_rank(), ranks = ovp_ranks_ranks();
    ovp_engine_report rep = {0};
    int *owner = calloc(n ? n : 1, sizeof *owner);
    size_t *todo = calloc(n ? n : 1, sizeof *todo), n_todo = 0;
    if (!owner || !todo) {
        free(owner);
        free(todo);
        snprintf(err, errlen, "out of memory scheduling %zu tasks", n);
        return OVP_ENOMEM;
    }
    schedule s = {.e = e, .outs = outs, .todo = todo, .t0 = now(), .tty = isatty(STDERR_FILENO)};
    for (size_t i = 0; i < n; i++) {
        outs[i] = NULL;
        int in_shard = i % shards == e->shard % shards;
        owner[i] = in_shard ? (int)((i / shards) % (size_t)ranks) : -1;
        if (owner[i] != rank && !(e->load_only && rank == 0))
            continue;
        if (load_finished(e, i, &outs[i], &rep)) {
            rep.loaded++;
        } else if (in_shard && !e->load_only) {
            todo[n_todo++] = i;
            s.cost_total += task_cost(e, i);
        }
    }
    s.n_todo = n_todo;
    if (e->cost && e->threads > 1)
        order_by_cost(e, todo, n_todo);
    atomic_init(&s.next, 0);
    pthread_mutex_init(&s.lock, NULL);
    /* Counted over every rank: each rank loads and runs its own share. */
    size_t loaded_all = ovp_ranks_sum(rep.loaded), todo_all = ovp_ranks_sum(n_todo);
    rep.stale = ovp_ranks_sum(rep.stale);
    rep.damaged = ovp_ranks_sum(rep.damaged);
    if (todo_all && !e->quiet && loaded_all)
        fprintf(stderr, "[%s] resuming: %zu tasks already finished, %zu to run\n", e->name, loaded_all, todo_all);
    if (!e->quiet && (rep.stale || rep.damaged))
        fprintf(stderr, "[%s] discarded %zu saved task files of another run and %zu damaged ones; %s\n",
                e->name, rep.stale, rep.damaged, e->load_only ? "they count as missing" : "recomputing them");
    pthread_cond_init(&s.wake, NULL);
    s.last_print = s.t0;
    pthread_t beat;
    int beating = !e->quiet && n_todo && pthread_create(&beat, NULL, heartbeat, &s) == 0;
    run_threads(&s, e->threads);
    if (beating) {
        pthread_mutex_lock(&s.lock);
        s.finished = 1;
        pthread_cond_signal(&s.wake);
        pthread_mutex_unlock(&s.lock);
        pthread_join(beat, NULL);
    }
    pthread_cond_destroy(&s.wake);
    pthread_mutex_destroy(&s.lock);
    rep.loaded = loaded_all;
    rep.computed = ovp_ranks_sum(s.done);

    int st = ovp_ranks_max(s.failed);
    if (st && !s.failed)
        snprintf(err, errlen, "another rank failed");
    else if (st)
        snprintf(err, errlen, "%s", s.error);
    if (!st) {
        int *send_owner = calloc(n ? n : 1, sizeof *send_owner);
        for (size_t i = 0; send_owner && i < n; i++)
            send_owner[i] = owner[i] > 0 ? owner[i] : 0;
        st = send_owner ? ovp_ranks_gather(outs, send_owner, n, e->n_tables, err, errlen) : OVP_ENOMEM;
        free(send_owner);
    }
    if (rank != 0) { /* rank 0 holds the outputs now */
        for (size_t i = 0; i < n; i++) {
            ovp_task_out_free(outs[i]);
            outs[i] = NULL;
        }
    } else if (!st) {
        size_t first_missing = n;
        for (size_t i = 0; i < n; i++)
            if (!outs[i]) {
                rep.missing++;
                first_missing = first_missing < i ? first_missing : i;
            }
        if (rep.missing) {
            st = OVP_EPARTIAL;
            snprintf(err, errlen, "%zu of %zu tasks are not finished (first: task %zu)", rep.missing, n,
                     first_missing);
        }
    }
    if (report)
        *report = rep;
    free(owner);
    free(todo);
    return st;
}
