/* verify/fsutil.h: directories and atomic files.
 * Every output file is written under a temporary name in its final directory
 * and renamed into place when complete, so an interrupted run never leaves a
 * half-written file behind. */
#ifndef OVP_FSUTIL_H
#define OVP_FSUTIL_H

#include <stdio.h>

/* mkdir -p. On failure writes a message ("cannot create directory ...") to err. */
int ovp_mkdirs(const char *path, char *err, size_t errlen);

typedef struct {
    FILE *f;
    char path[4096];
    char tmp[4096];
} ovp_atomic_file;

/* Opens path's temporary sibling for writing. */
int ovp_atomic_open(ovp_atomic_file *af, const char *path, char *err, size_t errlen);
/* Closes and renames into place; on any write error removes the temporary file. */
int ovp_atomic_commit(ovp_atomic_file *af, char *err, size_t errlen);
/* Closes and removes the temporary file. */
void ovp_atomic_abort(ovp_atomic_file *af);

/* Reads a whole file (NUL-terminated). Caller frees *text. */
int ovp_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen);

int ovp_file_exists(const char *path);

#endif
