/* verify/engine/checkpoint.c: task files and the run key. */
#define _GNU_SOURCE /* dladdr */
#include "checkpoint.h"
#include "blascore.h"
#include "blasinfo.h"
#include "digest.h"
#include "fs.h"
#include "runstatus.h"

#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The running code's bytes: the executable's and those of the object holding this
 * function, which in the default build is libovp.so (the executable is a small
 * launcher): a rebuild with any change gives another key. */
static uint64_t binary_hash(void)
{
    static uint64_t cached;
    if (cached)
        return cached;
    char err[256];
    uint64_t exe = 0, lib = 0, bytes;
    if (ovp_digest_file("/proc/self/exe", &exe, &bytes, err, sizeof err))
        exe = OVP_DIGEST_INIT;
    Dl_info info;
    if (!dladdr((const void *)(size_t)&binary_hash, &info) || !info.dli_fname ||
        ovp_digest_file(info.dli_fname, &lib, &bytes, err, sizeof err))
        lib = OVP_DIGEST_INIT;
    const uint64_t both[2] = {exe, lib};
    return cached = ovp_digest_bytes(OVP_DIGEST_INIT, both, sizeof both);
}

void ovp_checkpoint_key(const ovp_run *r, const char *options, size_t n_tasks, char key[20])
{
    char blas[1024];
    ovp_blasinfo_blas(blas, sizeof blas);
    ovp_checkpoint_key_blas(r, options, n_tasks, blas, ovp_blascore_loaded(), key);
}

void ovp_checkpoint_key_blas(const ovp_run *r, const char *options, size_t n_tasks, const char *blas,
                             const char *core, char key[20])
{
    char num[64];
    uint64_t h = OVP_DIGEST_INIT;
    h = ovp_digest_str(h, r->paper->harness);
    h = ovp_digest_str(h, r->scale);
    snprintf(num, sizeof num, "%llu %zu %d", (unsigned long long)r->seed, n_tasks, ovp_blasinfo_get_threads());
    h = ovp_digest_str(h, num);
    h = ovp_digest_str(h, options ? options : "");
    for (size_t i = 0; i < r->n_params; i++) {
        h = ovp_digest_str(h, r->params[i].name);
        h = ovp_digest_str(h, r->params[i].json);
    }
    h = ovp_digest_str(h, blas);
    h = ovp_digest_str(h, core); /* the kernels change the last bits (issue 17) */
    uint64_t b = binary_hash();
    h = ovp_digest_bytes(h, &b, sizeof b);
    ovp_digest_hex(h, key);
}

static int task_path(const ovp_checkpoint *c, size_t index, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s/task-%06zu.txt", c->dir, index);
    return n < 0 || (size_t)n >= len ? OVP_EINVAL : OVP_OK;
}

/* Removes every task-*.txt (and stray temporaries); returns how many tasks. */
static size_t clear_tasks(const char *dir)
{
    size_t removed = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, "task-", 5) != 0)
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (remove(path) == 0 && !strstr(e->d_name, ".tmp"))
            removed++;
    }
    if (d)
        closedir(d);
    return removed;
}

void ovp_checkpoint_close(ovp_checkpoint *c)
{
    for (int i = 0; i < c->n_args; i++)
        free(c->args[i]);
    c->n_args = 0;
}

int ovp_checkpoint_read(ovp_checkpoint *c, const char *results_dir, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    snprintf(c->dir, sizeof c->dir, "%s/tasks", results_dir);
    char path[4200], *text;
    size_t len;
    snprintf(path, sizeof path, "%s/run.txt", c->dir);
    if (ovp_fs_read_file(path, &text, &len, err, errlen)) {
        snprintf(err, errlen, "%s holds no tasks (no %s): nothing to merge", results_dir, path);
        return OVP_EDATA;
    }
    int st = OVP_OK;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "harness ", 8) == 0)
            snprintf(c->harness, sizeof c->harness, "%s", line + 8);
        else if (strncmp(line, "scale ", 6) == 0)
            snprintf(c->scale, sizeof c->scale, "%s", line + 6);
        else if (strncmp(line, "key ", 4) == 0)
            snprintf(c->key, sizeof c->key, "%s", line + 4);
        else if (strncmp(line, "tasks ", 6) == 0)
            c->n_tasks = strtoul(line + 6, NULL, 10);
        else if (strncmp(line, "arg ", 4) == 0 && c->n_args < OVP_MAX_RUN_ARGS)
            c->args[c->n_args++] = strdup(line + 4);
    }
    free(text);
    if (!c->harness[0] || !c->scale[0] || !c->key[0] || !c->n_tasks) {
        snprintf(err, errlen, "%s/run.txt is incomplete", c->dir);
        st = OVP_EDATA;
    }
    return st;
}

void ovp_checkpoint_attach(ovp_checkpoint *c, const char *results_dir, const char *key, size_t n_tasks)
{
    memset(c, 0, sizeof *c);
    snprintf(c->dir, sizeof c->dir, "%s/tasks", results_dir);
    snprintf(c->key, sizeof c->key, "%s", key);
    c->n_tasks = n_tasks;
}

int ovp_checkpoint_open(ovp_checkpoint *c, const char *results_dir, const ovp_run *r,
                        const char *key, size_t n_tasks, int argc, char *const *argv, int fresh,
                        size_t *discarded, char *err, size_t errlen)
{
    *discarded = 0;
    ovp_checkpoint old;
    int had = ovp_checkpoint_read(&old, results_dir, err, errlen) == OVP_OK;
    int same = had && strcmp(old.key, key) == 0;
    ovp_checkpoint_close(&old);
    memset(c, 0, sizeof *c);
    snprintf(c->dir, sizeof c->dir, "%s/tasks", results_dir);
    snprintf(c->harness, sizeof c->harness, "%s", r->paper->harness);
    snprintf(c->scale, sizeof c->scale, "%s", r->scale);
    snprintf(c->key, sizeof c->key, "%s", key);
    c->n_tasks = n_tasks;
    int st = ovp_fs_mkdirs(c->dir, err, errlen);
    if (st)
        return st;
    if (fresh || !same)
        *discarded = clear_tasks(c->dir);
    if (same && !fresh)
        return OVP_OK; /* run.txt already says this */
    char path[4200];
    snprintf(path, sizeof path, "%s/run.txt", c->dir);
    ovp_fs_atomic_file af;
    if ((st = ovp_fs_atomic_open(&af, path, err, errlen)))
        return st;
    fprintf(af.f, "harness %s\nscale %s\nkey %s\ntasks %zu\n", c->harness, c->scale, key, n_tasks);
    for (int i = 0; i < argc; i++)
        fprintf(af.f, "arg %s\n", argv[i]);
    return ovp_fs_atomic_commit(&af, err, errlen);
}

ovp_saved ovp_checkpoint_load(const ovp_checkpoint *c, size_t index, size_t n_tables, ovp_task_out **out)
{
    char path[4200], *text, err[64];
    size_t len;
    *out = NULL;
    if (task_path(c, index, path, sizeof path) || !ovp_fs_exists(path))
        return OVP_SAVED_NONE;
    if (ovp_fs_read_file(path, &text, &len, err, sizeof err))
        return OVP_SAVED_DAMAGED;
    int st = ovp_task_deserialize(text, len, c->key, n_tables, out);
    free(text);
    if (!st && (*out)->index != index) /* a file that is not what its name says */
        st = OVP_EDATA;
    if (st) {
        ovp_task_out_free(*out);
        *out = NULL;
    }
    return st == OVP_OK ? OVP_SAVED_OK : st == OVP_ESTALE ? OVP_SAVED_STALE : OVP_SAVED_DAMAGED;
}

int ovp_checkpoint_save(const ovp_checkpoint *c, const ovp_task_out *t, char *err, size_t errlen)
{
    char path[4200];
    ovp_text txt = {0};
    int st = task_path(c, t->index, path, sizeof path);
    if (!st)
        st = ovp_task_serialize(t, c->key, &txt);
    ovp_fs_atomic_file af;
    if (!st && !(st = ovp_fs_atomic_open(&af, path, err, errlen))) {
        fwrite(txt.data, 1, txt.len, af.f);
        st = ovp_fs_atomic_commit(&af, err, errlen);
    }
    ovp_task_text_free(&txt);
    return st;
}
