/* verify/fsutil.c: mkdir -p, atomic replace, whole-file reads. */
#include "fsutil.h"
#include "status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ovp_mkdirs(const char *path, char *err, size_t errlen)
{
    char buf[4096];
    if (!path || !*path || strlen(path) >= sizeof buf) {
        snprintf(err, errlen, "invalid directory name '%s'", path ? path : "");
        return OVP_EINVAL;
    }
    strcpy(buf, path);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            struct stat sb;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                snprintf(err, errlen, "cannot create directory '%s': %s", buf, strerror(errno));
                return OVP_EIO;
            }
            if (stat(buf, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
                snprintf(err, errlen, "'%s' exists and is not a directory", buf);
                return OVP_EIO;
            }
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    if (access(path, W_OK) != 0) {
        snprintf(err, errlen, "directory '%s' is not writable: %s", path, strerror(errno));
        return OVP_EIO;
    }
    return OVP_OK;
}

int ovp_atomic_open(ovp_atomic_file *af, const char *path, char *err, size_t errlen)
{
    *af = (ovp_atomic_file){0};
    if (strlen(path) + 32 >= sizeof af->path) {
        snprintf(err, errlen, "path too long: '%s'", path);
        return OVP_EINVAL;
    }
    strcpy(af->path, path);
    snprintf(af->tmp, sizeof af->tmp, "%s.tmp.%ld", path, (long)getpid());
    af->f = fopen(af->tmp, "w");
    if (!af->f) {
        snprintf(err, errlen, "cannot write '%s': %s", af->tmp, strerror(errno));
        return OVP_EIO;
    }
    return OVP_OK;
}

int ovp_atomic_commit(ovp_atomic_file *af, char *err, size_t errlen)
{
    int bad = ferror(af->f);
    bad |= fclose(af->f) != 0;
    af->f = NULL;
    if (bad || rename(af->tmp, af->path) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", af->path, strerror(errno ? errno : EIO));
        remove(af->tmp);
        return OVP_EIO;
    }
    return OVP_OK;
}

void ovp_atomic_abort(ovp_atomic_file *af)
{
    if (af->f) {
        fclose(af->f);
        af->f = NULL;
        remove(af->tmp);
    }
}

int ovp_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return OVP_EIO;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf) {
        snprintf(err, errlen, "out of memory reading '%s'", path);
        return OVP_ENOMEM;
    }
    if (failed) {
        free(buf);
        snprintf(err, errlen, "cannot read '%s'", path);
        return OVP_EIO;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return OVP_OK;
}

int ovp_file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}
