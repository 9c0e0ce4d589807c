/* verify/plot.c: runs gnuplot once per figure and format, writing atomically. */
#include "plot.h"
#include "fsutil.h"
#include "status.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

#ifndef OVP_GNUPLOT
#define OVP_GNUPLOT "gnuplot"
#endif

static const char *plots_dir(void)
{
    const char *env = getenv("OVP_PLOTS_DIR");
    return env && *env ? env : OVP_SOURCE_DIR "/plots";
}

/* Single-quoted gnuplot string literal: only ' needs escaping (doubled). */
static int gp_quote(const char *s, char *buf, size_t len)
{
    size_t k = 0;
    if (len < 3)
        return -1;
    buf[k++] = '\'';
    for (; *s; s++) {
        if (k + 3 >= len)
            return -1;
        if (*s == '\'')
            buf[k++] = '\'';
        buf[k++] = *s;
    }
    buf[k++] = '\'';
    buf[k] = '\0';
    return 0;
}

static int run_gnuplot(const char *script, const char *results, const char *outfile, const char *kind,
                       char *err, size_t errlen)
{
    char qr[4200], qo[4200], qs[4200], setup[13000];
    if (gp_quote(results, qr, sizeof qr) || gp_quote(outfile, qo, sizeof qo) ||
        gp_quote(plots_dir(), qs, sizeof qs)) {
        snprintf(err, errlen, "path too long");
        return OVP_EINVAL;
    }
    snprintf(setup, sizeof setup, "results=%s; outfile=%s; term_kind='%s'; plots=%s; load plots.'/style.gp'",
             qr, qo, kind, qs);
    char *argv[] = {(char *)OVP_GNUPLOT, "-e", setup, (char *)script, NULL};
    /* The scripts are UTF-8 (λ, ‖, √): give gnuplot a UTF-8 locale whatever ours is
     * (C.UTF-8 is built into Debian's libc). */
    size_t n_env = 0;
    while (environ[n_env])
        n_env++;
    char **env = calloc(n_env + 2, sizeof *env);
    if (!env) {
        snprintf(err, errlen, "out of memory");
        return OVP_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n_env; i++)
        if (strncmp(environ[i], "LC_ALL=", 7) != 0)
            env[k++] = environ[i];
    env[k++] = "LC_ALL=C.UTF-8";
    env[k] = NULL;
    pid_t pid;
    int rc = posix_spawnp(&pid, OVP_GNUPLOT, NULL, NULL, argv, env);
    free(env);
    if (rc != 0) {
        snprintf(err, errlen, "cannot run gnuplot (%s): install gnuplot-nox (scripts/bootstrap.sh)",
                 strerror(rc));
        return OVP_EIO;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            snprintf(err, errlen, "waiting for gnuplot: %s", strerror(errno));
            return OVP_EIO;
        }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "gnuplot failed on %s (its message is above)", script);
        return OVP_EIO;
    }
    return OVP_OK;
}

/* cairo stamps every PDF with the time it was made. Rewrites that stamp, in
 * place and at the same length (the xref table's offsets stay valid), to
 * SOURCE_DATE_EPOCH, or to 1970-01-01, so the same results give the same bytes. */
static int pin_pdf_date(const char *path, char *err, size_t errlen)
{
    char *text;
    size_t len;
    int st = ovp_read_file(path, &text, &len, err, errlen);
    if (st)
        return st;
    static const char key[] = "/CreationDate (D:";
    char *at = NULL;
    for (size_t i = 0; i + sizeof key + 14 < len && !at; i++)
        if (memcmp(text + i, key, sizeof key - 1) == 0)
            at = text + i + sizeof key - 1;
    if (at) {
        const char *env = getenv("SOURCE_DATE_EPOCH");
        time_t t = env ? (time_t)strtoll(env, NULL, 10) : 0;
        struct tm tm;
        char stamp[16];
        gmtime_r(&t, &tm);
        strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
        memcpy(at, stamp, 14);
        FILE *f = fopen(path, "r+b");
        if (!f || fwrite(text, 1, len, f) != len) {
            snprintf(err, errlen, "cannot rewrite %s", path);
            st = OVP_EIO;
        }
        if (f && fclose(f) != 0 && !st) {
            snprintf(err, errlen, "cannot rewrite %s", path);
            st = OVP_EIO;
        }
    }
    free(text);
    return st;
}

int ovp_plot_figures(const char *data_dir, const char *required, const char *hint,
                     const char *const *figures, const char *out_dir, char *err, size_t errlen)
{
    char need[4400];
    snprintf(need, sizeof need, "%s/%s", data_dir, required);
    if (!ovp_file_exists(need)) {
        snprintf(err, errlen, "no results in %s: %s", data_dir, hint);
        return OVP_EDATA;
    }
    int st = ovp_mkdirs(out_dir, err, errlen);
    if (st)
        return st;
    static const char *const kinds[] = {"png", "pdf"};
    for (const char *const *fig = figures; fig && *fig; fig++) {
        char script[4200];
        snprintf(script, sizeof script, "%s/%s.gp", plots_dir(), *fig);
        if (!ovp_file_exists(script)) {
            snprintf(err, errlen, "missing plot script %s", script);
            return OVP_EIO;
        }
        for (size_t k = 0; k < 2; k++) {
            char final[4400], tmp[4500];
            snprintf(final, sizeof final, "%s/%s.%s", out_dir, *fig, kinds[k]);
            snprintf(tmp, sizeof tmp, "%s.tmp", final);
            if ((st = run_gnuplot(script, data_dir, tmp, kinds[k], err, errlen)) ||
                (k == 1 && (st = pin_pdf_date(tmp, err, errlen)))) {
                remove(tmp);
                return st;
            }
            if (rename(tmp, final) != 0) {
                snprintf(err, errlen, "cannot write %s: %s", final, strerror(errno));
                remove(tmp);
                return OVP_EIO;
            }
            printf("figure: %s\n", final);
        }
    }
    return OVP_OK;
}

int ovp_plot_harness(const ovp_harness *h, const char *results, const char *scale,
                     const char *figures, char *err, size_t errlen)
{
    char dir[4096], out[4096], hint[256];
    snprintf(dir, sizeof dir, "%s/%s/%s", results, h->paper->harness, scale);
    snprintf(out, sizeof out, "%s/%s", figures, scale);
    snprintf(hint, sizeof hint, "run 'ovp verify %s --scale %s' first", h->paper->harness, scale);
    return ovp_plot_figures(dir, "summary.json", hint, h->figures, out, err, errlen);
}
