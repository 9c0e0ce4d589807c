/* kernels/numerics/status.h: status codes shared by every ovp kernel.
 * Kernels return one of these and never print or exit; the CLI turns a status
 * into one message and an exit code. The file and run codes continue these in
 * verify/io/runstatus.h. */
#ifndef OVP_STATUS_H
#define OVP_STATUS_H

/* On a function that returns one of the status codes below: a call that drops
 * the status is a compiler warning (an error in CI). Under GCC a (void) cast
 * does not silence it, so every status is tested or passed on. Empty for a
 * compiler without the attribute. */
#if defined(__GNUC__) || defined(__clang__)
#define OVP_MUST_CHECK __attribute__((warn_unused_result))
#else
#define OVP_MUST_CHECK
#endif

enum {
    OVP_OK = 0,
    OVP_EINVAL = 1,   /* invalid argument: size, dimension mismatch, bad value */
    OVP_ENOMEM = 2,   /* allocation failed */
    OVP_ELAPACK = 3,  /* LAPACK reported info != 0 (see ovp_status_lapack_info) */
    OVP_EDOM = 4,     /* argument outside the domain (NaN, zero norm, ...) */
    OVP_EDATA = 6     /* input data malformed or degenerate (5: OVP_EIO, verify/io/runstatus.h) */
};

/* Short English description of a kernel status code ("unknown error" for any
 * other; ovp_runstatus_text in verify/io/runstatus.h describes every code). */
const char *ovp_status_str(int status);

/* info of the most recent failing LAPACK call in this thread (0 if none). */
int ovp_status_lapack_info(void);
void ovp_status_set_lapack_info(int info);

/* A LAPACK info as a status: OVP_OK for 0, else OVP_ELAPACK with info recorded. */
int ovp_status_from_lapack(int info);

#endif
