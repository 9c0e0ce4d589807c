/* kernels/numerics/blasinfo.h: which BLAS and LAPACK are actually loaded, and their threads.
 * Debian's alternatives can switch libblas.so.3 under a binary, so provenance
 * records the library the dynamic linker resolved, not the one we built against. */
#ifndef OVP_BLASINFO_H
#define OVP_BLASINFO_H

#include <stddef.h>

/* Path of the library providing cblas_dgemm, plus OpenBLAS's config string (which names
 * its core) or BLIS's version and sub-configuration when present. */
void ovp_blasinfo_blas(char *buf, size_t len);

/* Path of the library providing LAPACK's dsyevr_ (and LAPACKE's). */
void ovp_blasinfo_lapack(char *buf, size_t len);

/* Sets the provider's thread count when it is threaded (OpenBLAS, libblis); a
 * single-threaded provider ignores it. Returns the count now in effect. */
int ovp_blasinfo_set_threads(int threads);
int ovp_blasinfo_get_threads(void);

/* dlsym in the library that provides cblas_dgemm (openblas_get_corename, ...),
 * NULL when that library lacks it. */
void *ovp_blasinfo_provider_symbol(const char *name);

#endif
