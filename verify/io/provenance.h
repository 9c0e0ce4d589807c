/* verify/io/provenance.h: what produced a result: build, libraries, machine, time. */
#ifndef OVP_PROVENANCE_H
#define OVP_PROVENANCE_H

#include "json.h"

typedef struct {
    const char *version, *git_commit, *compiler, *flags, *build_type;
    char blas[1024], lapack[1024];
    char blas_core[64];         /* OpenBLAS's core (openblas_get_corename), "" for another provider */
    char blas_core_advice[160]; /* ovp_blascore_decide's verdict, as text */
    char openblas_coretype[64]; /* OPENBLAS_CORETYPE as found in the environment, "(unset)" */
    char blas_core_option[64];  /* the core `ovp --blas-core` re-executed with, "" without it */
    char cpu_model[64], cpu_features[256];
    const char *rng; /* the generator and stream layout (ovp_rng_describe) */
    char host[256];
    char utc[32];
    int blas_threads; /* BLAS threads per task, as set */
    int cores;
} ovp_provenance;

/* Fills the build and library fields, the generator, host, UTC time and core count. */
void ovp_provenance_collect(ovp_provenance *p);

/* Writes the fields shared by summary.json and bench JSON (an open object). */
void ovp_provenance_write_fields(ovp_json *j, const ovp_provenance *p);

/* One member of a flat record (provenance, a claim): records are written from
 * a table of these, so the key and its value stand on one line. */
typedef enum { OVP_PROVENANCE_STR, OVP_PROVENANCE_NUM, OVP_PROVENANCE_INT } ovp_provenance_kind;
typedef struct {
    const char *key;
    ovp_provenance_kind kind;
    const char *s; /* STR */
    double x;      /* NUM; INT holds an int, exactly */
} ovp_provenance_field;

/* Writes "key": value for each of the n fields into an open object. */
void ovp_provenance_write_table(ovp_json *j, const ovp_provenance_field *f, size_t n);

#endif
