/* verify/io/fs.c: mkdir -p, atomic replace, whole-file reads. */
#include "fs.h"
#include "runstatus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------ temporaries and signals
 * Every temporary file a thread has open is listed here, so that SIGINT or
 * SIGTERM can remove them (unlink is async-signal-safe) before ovp exits. A
 * slot is claimed with a compare-and-swap and published (state 2) only once
 * its path is complete; when every slot is taken the file is simply not
 * listed, and the next run's stale-file sweep removes it. */
#define TMP_SLOTS 64
static char tmp_paths[TMP_SLOTS][4096];
static atomic_int tmp_state[TMP_SLOTS]; /* 0 free, 1 being written, 2 listed */
static char interrupt_note[1024];
/* A signal may land while another thread is creating a temporary: `stopping` stops new
 * ones, `opening` counts those between their check and their file's listing, and the
 * handler waits for them (briefly: it may have interrupted one of them) before its last
 * sweep. Both sides write, then read the other's counter (seq_cst): one sees the other. */
static atomic_int stopping, opening;

static int tmp_register(const char *path)
{
    for (int i = 0; i < TMP_SLOTS; i++) {
        int free_slot = 0;
        if (atomic_compare_exchange_strong(&tmp_state[i], &free_slot, 1)) {
            snprintf(tmp_paths[i], sizeof tmp_paths[i], "%s", path);
            atomic_store(&tmp_state[i], 2);
            return i;
        }
    }
    return -1;
}

/* Forgets af's temporary (renamed or removed). */
static void tmp_forget(ovp_fs_atomic_file *af)
{
    if (af->slot >= 0)
        atomic_store(&tmp_state[af->slot], 0);
    af->slot = -1;
    af->tmp[0] = '\0';
}

static void unlink_listed(void)
{
    for (int i = 0; i < TMP_SLOTS; i++)
        if (atomic_load(&tmp_state[i]) == 2)
            unlink(tmp_paths[i]);
}

static void on_signal(int sig)
{
    atomic_store(&stopping, 1);
    unlink_listed();
    /* nanosleep is async-signal-safe; 200 × 1 ms bounds the wait for an interrupted opener */
    for (int k = 0; k < 200 && atomic_load(&opening) > 0; k++)
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    unlink_listed();
    static const char head[] = "\novp: interrupted; temporary files removed";
    ssize_t ignored = write(STDERR_FILENO, head, sizeof head - 1);
    ignored = write(STDERR_FILENO, interrupt_note, strlen(interrupt_note));
    ignored = write(STDERR_FILENO, "\n", 1);
    (void)ignored;
    _exit(128 + sig); /* 130 for SIGINT, 143 for SIGTERM, as a shell reports */
}

void ovp_fs_handle_signals(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    static const int sigs[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction was;
        /* A signal ignored at start stays ignored (nohup, a script's
         * background job), as POSIX shells and utilities do. */
        if (sigaction(sigs[i], NULL, &was) == 0 && was.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

void ovp_fs_interrupt_note(const char *note)
{
    /* Written before any worker starts; the handler only reads it. */
    snprintf(interrupt_note, sizeof interrupt_note, "%s", note ? note : "");
}

/* "NAME.tmp.PID": what ovp_fs_atomic_open makes. */
static int is_temporary(const char *name)
{
    const char *t = strstr(name, ".tmp.");
    if (!t || t == name)
        return 0;
    t += 5;
    return *t && strspn(t, "0123456789") == strlen(t);
}

size_t ovp_fs_remove_temporaries(const char *dir)
{
    size_t removed = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[4400];
        if (!is_temporary(e->d_name) || snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            continue;
        removed += unlink(path) == 0;
    }
    if (d)
        closedir(d);
    return removed;
}

int ovp_fs_lock(const char *dir, int shared, int *fd, char *err, size_t errlen)
{
    /* The folder itself is locked: no lock file to leave behind or to race
     * over when removing it. */
    *fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (*fd < 0) {
        snprintf(err, errlen, "cannot open '%s' to lock it: %s", dir, strerror(errno));
        return OVP_EIO;
    }
    if (flock(*fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        int busy = errno == EWOULDBLOCK;
        if (busy)
            snprintf(err, errlen, "another ovp run is using '%s'; wait for it to finish, or give this "
                     "run another --out", dir);
        else
            snprintf(err, errlen, "cannot lock '%s': %s", dir, strerror(errno));
        close(*fd);
        *fd = -1;
        return busy ? OVP_EBUSY : OVP_EIO;
    }
    return OVP_OK;
}

void ovp_fs_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* closing the last descriptor releases the flock */
}

int ovp_fs_mkdirs(const char *path, char *err, size_t errlen)
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

int ovp_fs_atomic_open(ovp_fs_atomic_file *af, const char *path, char *err, size_t errlen)
{
    *af = (ovp_fs_atomic_file){.slot = -1};
    if (strlen(path) + 32 >= sizeof af->path) {
        snprintf(err, errlen, "path too long: '%s'", path);
        return OVP_EINVAL;
    }
    strcpy(af->path, path);
    snprintf(af->tmp, sizeof af->tmp, "%s.tmp.%ld", path, (long)getpid());
    atomic_fetch_add(&opening, 1);
    if (atomic_load(&stopping)) { /* interrupted: the handler is removing temporaries and exiting */
        atomic_fetch_sub(&opening, 1);
        for (;;)
            pause();
    }
    af->slot = tmp_register(af->tmp);
    af->f = fopen(af->tmp, "w");
    atomic_fetch_sub(&opening, 1);
    if (!af->f) {
        snprintf(err, errlen, "cannot write '%s': %s", af->tmp, strerror(errno));
        tmp_forget(af);
        return OVP_EIO;
    }
    return OVP_OK;
}

int ovp_fs_atomic_close(ovp_fs_atomic_file *af, char *err, size_t errlen)
{
    errno = 0;
    int bad = ferror(af->f);
    bad |= fflush(af->f) != 0;
    int saved = errno;
    bad |= fclose(af->f) != 0;
    af->f = NULL;
    if (bad) {
        snprintf(err, errlen, "cannot write '%s': %s", af->path, strerror(saved ? saved : errno ? errno : EIO));
        remove(af->tmp);
        tmp_forget(af);
        return OVP_EIO;
    }
    return OVP_OK;
}

int ovp_fs_atomic_rename(ovp_fs_atomic_file *af, char *err, size_t errlen)
{
    int st = OVP_OK;
    if (rename(af->tmp, af->path) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", af->path, strerror(errno));
        remove(af->tmp);
        st = OVP_EIO;
    }
    tmp_forget(af);
    return st;
}

int ovp_fs_atomic_commit(ovp_fs_atomic_file *af, char *err, size_t errlen)
{
    int st = ovp_fs_atomic_close(af, err, errlen);
    return st ? st : ovp_fs_atomic_rename(af, err, errlen);
}

void ovp_fs_atomic_abort(ovp_fs_atomic_file *af)
{
    if (af->f) {
        fclose(af->f);
        af->f = NULL;
    }
    if (af->tmp[0]) {
        remove(af->tmp);
        tmp_forget(af);
    }
}

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* Reads fd to its end into a NUL-terminated buffer; size (from fstat) is only
 * a first guess, so a file that grows while read is still read whole. */
static int read_all(int fd, const char *path, off_t size, char **text, size_t *len, char *err,
                    size_t errlen)
{
    size_t cap = size > 0 && (uint64_t)size < SIZE_MAX / 4 ? (size_t)size + 2 : 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 == cap) { /* full but for the NUL: grow */
            char *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got > 0)
            n += (size_t)got;
        else if (got == 0)
            break;
        else if (errno != EINTR) {
            snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
            free(buf);
            return OVP_EIO;
        }
    }
    if (!buf) {
        snprintf(err, errlen, "out of memory reading '%s'", path);
        return OVP_ENOMEM;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return OVP_OK;
}

/* Only regular files are read: /dev/zero would be read until memory runs out
 * and a FIFO would block forever. O_NONBLOCK lets open() return on a FIFO
 * without a writer so fstat() can refuse it; it is cleared before reading. */
int ovp_fs_open_regular(const char *path, int *fd_out, size_t *size, char *err, size_t errlen)
{
    *fd_out = -1;
    *size = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return OVP_EIO;
    }
    struct stat st;
    int status = OVP_OK, flags;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        status = OVP_EIO;
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "'%s' is %s, not a regular file; ovp reads files, never devices or pipes",
                 path, file_kind(st.st_mode));
        status = OVP_EDATA;
    } else if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        status = OVP_EIO;
    }
    if (status) {
        close(fd);
        return status;
    }
    *fd_out = fd;
    *size = st.st_size > 0 ? (size_t)st.st_size : 0;
    return OVP_OK;
}

int ovp_fs_read_some(int fd, const char *path, void *buf, size_t len, size_t *got, char *err, size_t errlen)
{
    *got = 0;
    while (*got < len) {
        ssize_t r = read(fd, (char *)buf + *got, len - *got);
        if (r > 0)
            *got += (size_t)r;
        else if (r == 0)
            break;
        else if (errno != EINTR) {
            snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
            return OVP_EIO;
        }
    }
    return OVP_OK;
}

int ovp_fs_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
    *text = NULL;
    *len = 0;
    int fd;
    size_t size;
    int status = ovp_fs_open_regular(path, &fd, &size, err, errlen);
    if (status)
        return status;
    status = read_all(fd, path, (off_t)size, text, len, err, errlen);
    close(fd);
    return status;
}

int ovp_fs_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}
