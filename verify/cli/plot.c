/* verify/cli/plot.c: runs gnuplot once per figure and format, in a private directory,
 * and moves each figure into place atomically. */
#include "plot.h"
#include "fs.h"
#include "results.h"
#include "runstatus.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifndef OVP_GNUPLOT
#define OVP_GNUPLOT "gnuplot"
#endif

/* $OVP_PLOTS_DIR; else an installed ovp's BINDIR/../share/ovp/plots, found from
 * the running executable (not argv[0], not the cwd); else the source tree's. */
static const char *plots_dir(void)
{
    const char *env = getenv("OVP_PLOTS_DIR");
    if (env && *env)
        return env;
    static char installed[4096];
    static int looked;
    if (!looked) {
        looked = 1;
        char exe[4096];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
        if (slash) {
            *slash = '\0';
            if (snprintf(installed, sizeof installed, "%s/../share/ovp/plots", exe) >= (int)sizeof installed ||
                !ovp_fs_exists(installed))
                installed[0] = '\0';
        }
    }
    return installed[0] ? installed : OVP_SOURCE_DIR "/plots";
}

unsigned ovp_plot_parse_formats(const char *list, char *err, size_t errlen)
{
    static const char *const names[] = {"png", "pdf", "svg", "cairolatex"};
    unsigned bits = 0;
    const char *p = list ? list : "";
    do {
        size_t len = strcspn(p, ",");
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (len == strlen(names[i]) && strncmp(p, names[i], len) == 0)
                bit = 1u << i;
        if (!bit) {
            snprintf(err, errlen, "unknown format '%.*s' (png, pdf, svg, cairolatex)", (int)(len < 40 ? len : 40), p);
            return 0;
        }
        bits |= bit;
        p += len;
    } while (*p++ == ',');
    return bits;
}

/* True when s can go into a single-quoted gnuplot string as is: an absolute path of
 * [A-Za-z0-9/._-] only. */
static int safe_path(const char *s)
{
    if (!s || s[0] != '/')
        return 0;
    for (; *s; s++)
        if (!(('a' <= *s && *s <= 'z') || ('A' <= *s && *s <= 'Z') || ('0' <= *s && *s <= '9') ||
              strchr("/._-", *s)))
            return 0;
    return 1;
}

/* Every path handed to gnuplot lies in the private directory ovp_plot_figures made,
 * so is safe_path; checked again here so that a later change cannot reopen the hole. */
static int run_gnuplot(const char *script, const char *results, const char *outfile, const char *kind,
                       const char *plots, const ovp_plot_style *style, const char *shown, char *err,
                       size_t errlen)
{
    char setup[1400];
    if (!safe_path(script) || !safe_path(results) || !safe_path(outfile) || !safe_path(plots) ||
        snprintf(setup, sizeof setup,
                 "results='%s'; outfile='%s'; term_kind='%s'; plots='%s'; tex=%d; show_title=%d; "
                 "size_w=%.4f; size_h=%.4f; load plots.'/style.gp'",
                 results, outfile, kind, plots, strcmp(kind, "cairolatex") == 0, style->title != 0,
                 style->width, style->height) >= (int)sizeof setup) {
        snprintf(err, errlen, "unsafe path for gnuplot: %s", outfile);
        return OVP_EIO;
    }
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
        snprintf(err, errlen, "gnuplot failed on %s (its message is above)", shown);
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
    int st = ovp_fs_read_file(path, &text, &len, err, errlen);
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

/* TMPDIR only if gnuplot may see it (safe_path), else /tmp. */
static const char *tmp_root(void)
{
    const char *t = getenv("TMPDIR");
    return t && safe_path(t) && strlen(t) < 200 ? t : "/tmp";
}

/* dir/name -> target made absolute (the link must not depend on the cwd). */
static int link_into(const char *dir, const char *name, const char *target, char *err, size_t errlen)
{
    char link[300];
    char *abs = realpath(target, NULL);
    snprintf(link, sizeof link, "%s/%s", dir, name);
    int ok = abs && symlink(abs, link) == 0;
    if (!ok)
        snprintf(err, errlen, "cannot link %s into %s: %s", target, dir, strerror(errno));
    free(abs);
    return ok ? OVP_OK : OVP_EIO;
}

/* Removes the private directory: only the names ovp_plot_figures puts there. */
static void remove_private(const char *dir)
{
    static const char *const names[] = {"results", "plots", "figure.png", "figure.pdf", "figure.svg", "figure.tex"};
    char path[300];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* cairolatex's .tex includes its graphics by the absolute name gnuplot wrote
 * (in the private directory): point it at the published bare name instead. */
static int retarget_tex(const char *path, const char *from, const char *to, char *err, size_t errlen)
{
    char *text;
    size_t len;
    int st = ovp_fs_read_file(path, &text, &len, err, errlen);
    if (st)
        return st;
    char key[400];
    snprintf(key, sizeof key, "{%s}", from);
    char *at = strstr(text, key);
    if (!at) {
        snprintf(err, errlen, "gnuplot's cairolatex output does not include %s", from);
        free(text);
        return OVP_EIO;
    }
    FILE *f = fopen(path, "wb");
    size_t head = (size_t)(at - text);
    int ok = f && fwrite(text, 1, head, f) == head && fprintf(f, "{%s}%s", to, at + strlen(key)) >= 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        snprintf(err, errlen, "cannot rewrite %s", path);
    free(text);
    return ok ? OVP_OK : OVP_EIO;
}

/* Moves a rendered figure to final so that it appears whole or not at all: a rename,
 * or across filesystems a copy to a temporary sibling of final renamed into place. */
static int publish(const char *src, const char *final, char *err, size_t errlen)
{
    if (rename(src, final) == 0)
        return OVP_OK;
    if (errno != EXDEV) {
        snprintf(err, errlen, "cannot write %s: %s", final, strerror(errno));
        return OVP_EIO;
    }
    char *data;
    size_t len;
    ovp_fs_atomic_file af;
    int st = ovp_fs_read_file(src, &data, &len, err, errlen);
    if (!st && !(st = ovp_fs_atomic_open(&af, final, err, errlen))) {
        if (fwrite(data, 1, len, af.f) == len)
            st = ovp_fs_atomic_commit(&af, err, errlen);
        else {
            snprintf(err, errlen, "cannot write %s: %s", final, strerror(errno));
            ovp_fs_atomic_abort(&af);
            st = OVP_EIO;
        }
    }
    free(data);
    return st;
}

int ovp_plot_figures(const char *data_dir, const char *required, const char *hint,
                     const char *const *figures, const char *out_dir, const ovp_plot_style *style, char *err,
                     size_t errlen)
{
    char need[4400];
    snprintf(need, sizeof need, "%s/%s", data_dir, required);
    if (!ovp_fs_exists(need)) {
        snprintf(err, errlen, "no results in %s: %s", data_dir, hint);
        return OVP_EDATA;
    }
    int st = ovp_fs_mkdirs(out_dir, err, errlen);
    if (st)
        return st;
    for (const char *const *fig = figures; fig && *fig; fig++) {
        char script[4200];
        snprintf(script, sizeof script, "%s/%s.gp", plots_dir(), *fig);
        if (!ovp_fs_exists(script)) {
            snprintf(err, errlen, "missing plot script %s", script);
            return OVP_EIO;
        }
    }
    /* The scripts never start a shell (no system(), no `<` pipes), but gnuplot itself
     * runs file names that start with < or |, so no user path may reach gnuplot: it reads
     * through links in a private directory and renders there, and C moves the figures
     * out. The pid in the name tells whose directory a crash left behind. */
    char priv[256], results[300], plots[300];
    snprintf(priv, sizeof priv, "%s/ovp-plot-%ld-XXXXXX", tmp_root(), (long)getpid());
    if (!mkdtemp(priv)) {
        snprintf(err, errlen, "cannot create a directory in %s: %s", tmp_root(), strerror(errno));
        return OVP_EIO;
    }
    snprintf(results, sizeof results, "%s/results", priv);
    snprintf(plots, sizeof plots, "%s/plots", priv);
    if ((st = link_into(priv, "results", data_dir, err, errlen)) ||
        (st = link_into(priv, "plots", plots_dir(), err, errlen)))
        goto done;
    static const char *const kinds[] = {"png", "pdf", "svg", "cairolatex"};
    static const char *const exts[] = {"png", "pdf", "svg", "tex"};
    for (const char *const *fig = figures; fig && *fig; fig++) {
        char script[4200], linked[400];
        snprintf(script, sizeof script, "%s/%s.gp", plots_dir(), *fig);
        snprintf(linked, sizeof linked, "%s/%s.gp", plots, *fig);
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
            if (!(style->formats & (1u << k)))
                continue;
            char rendered[300], final[4400], graphics[300], stem[300];
            snprintf(rendered, sizeof rendered, "%s/figure.%s", priv, exts[k]);
            snprintf(final, sizeof final, "%s/%s.%s", out_dir, *fig, exts[k]);
            if ((st = run_gnuplot(linked, results, rendered, kinds[k], plots, style, script, err, errlen)))
                goto done;
            if ((1u << k) == OVP_PLOT_CAIROLATEX) {
                /* gnuplot wrote the graphics beside the .tex as figure.pdf */
                snprintf(graphics, sizeof graphics, "%s/figure.pdf", priv);
                snprintf(stem, sizeof stem, "%s/figure", priv);
                char name[300], gfinal[4400];
                snprintf(name, sizeof name, "%s-tex", *fig);
                snprintf(gfinal, sizeof gfinal, "%s/%s.pdf", out_dir, name);
                if ((st = retarget_tex(rendered, stem, name, err, errlen)) ||
                    (st = pin_pdf_date(graphics, err, errlen)) || (st = publish(graphics, gfinal, err, errlen)))
                    goto done;
                printf("figure: %s\n", gfinal);
            }
            if (((1u << k) == OVP_PLOT_PDF && (st = pin_pdf_date(rendered, err, errlen))) ||
                (st = publish(rendered, final, err, errlen)))
                goto done;
            printf("figure: %s\n", final);
        }
    }
done:
    remove_private(priv);
    return st;
}

int ovp_plot_harness(const ovp_harness *h, const char *results, const char *scale,
                     const char *figures, const ovp_plot_style *style, char *err, size_t errlen)
{
    char dir[4096], out[4096], hint[256];
    snprintf(dir, sizeof dir, "%s/%s/%s", results, h->paper->harness, scale);
    snprintf(out, sizeof out, "%s/%s", figures, scale);
    snprintf(hint, sizeof hint, "run 'ovp verify %s --scale %s' first", h->paper->harness, scale);
    /* Draw only a complete, unedited run: never one run's CSV beside another's. */
    char summary[4200];
    snprintf(summary, sizeof summary, "%s/summary.json", dir);
    if (ovp_fs_exists(summary) && ovp_results_check(dir, err, errlen))
        return OVP_EDATA;
    return ovp_plot_figures(dir, "summary.json", hint, h->figures, out, style, err, errlen);
}
