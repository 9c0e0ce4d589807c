/* verify/io/fs.h: directories and atomic files.
 * Every output file is written under a temporary name in its final directory
 * and renamed into place when complete, so an interrupted run never leaves a
 * half-written file behind. */
#ifndef OVP_FS_H
#define OVP_FS_H

#include "runstatus.h" /* OVP_EIO, OVP_EBUSY, ...: the file statuses */

#include <stdio.h>

/* mkdir -p. On failure writes a message ("cannot create directory ...") to err. */
OVP_MUST_CHECK int ovp_fs_mkdirs(const char *path, char *err, size_t errlen);

typedef struct {
    FILE *f;
    char path[4096];
    char tmp[4096];  /* path.tmp.PID; "" once renamed or removed */
    int slot;        /* in the list that SIGINT/SIGTERM clean up */
} ovp_fs_atomic_file;

/* Opens path's temporary sibling for writing. */
OVP_MUST_CHECK int ovp_fs_atomic_open(ovp_fs_atomic_file *af, const char *path, char *err, size_t errlen);
/* Closes and renames into place; on any write error removes the temporary file. */
OVP_MUST_CHECK int ovp_fs_atomic_commit(ovp_fs_atomic_file *af, char *err, size_t errlen);
/* The two halves of commit, for a set of files that must appear together:
 * close every one (any write error, ENOSPC included, shows here), then rename. */
OVP_MUST_CHECK int ovp_fs_atomic_close(ovp_fs_atomic_file *af, char *err, size_t errlen);
OVP_MUST_CHECK int ovp_fs_atomic_rename(ovp_fs_atomic_file *af, char *err, size_t errlen);
/* Closes (if open) and removes the temporary file; safe after commit. */
void ovp_fs_atomic_abort(ovp_fs_atomic_file *af);

/* SIGINT and SIGTERM remove every temporary file still open, print the note
 * (where the finished tasks are), and exit 130 or 143. */
void ovp_fs_handle_signals(void);
void ovp_fs_interrupt_note(const char *note);
/* Removes the NAME.tmp.PID files a killed run left in dir; returns how many. */
size_t ovp_fs_remove_temporaries(const char *dir);
/* One run per results folder: flock on the folder, exclusive or (the shards of
 * one job array) shared, never waiting. OVP_EBUSY, naming the folder, when
 * another run holds it. Release with ovp_fs_unlock. */
OVP_MUST_CHECK int ovp_fs_lock(const char *dir, int shared, int *fd, char *err, size_t errlen);
void ovp_fs_unlock(int fd);

/* Reads a whole regular file (NUL-terminated); caller frees *text. A device,
 * FIFO, socket or directory is refused at once (OVP_EDATA) instead of being
 * read forever or blocking; OVP_EIO when it cannot be opened or read. */
OVP_MUST_CHECK int ovp_fs_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen);

/* Opens a regular file for reading, with ovp_fs_read_file's refusals and
 * messages; *size is its length at open. The caller closes *fd. */
OVP_MUST_CHECK int ovp_fs_open_regular(const char *path, int *fd, size_t *size, char *err, size_t errlen);
/* Reads up to len bytes (fewer only at the end of the file) into buf; *got
 * says how many. OVP_EIO, naming path, on a read error. */
OVP_MUST_CHECK int ovp_fs_read_some(int fd, const char *path, void *buf, size_t len, size_t *got, char *err,
                                    size_t errlen);

int ovp_fs_exists(const char *path);

#endif
