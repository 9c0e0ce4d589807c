/* kernels/numerics/blasinfo.c: identify the loaded BLAS/LAPACK with dladdr and dlsym. */
#define _GNU_SOURCE
#include "blasinfo.h"

#include <cblas.h>
#include <dlfcn.h>
#include <lapacke.h>
#include <stdio.h>

static const char *library_of(const void *symbol)
{
    Dl_info info;
    if (symbol && dladdr(symbol, &info) && info.dli_fname)
        return info.dli_fname;
    return "unknown";
}

static void *provider_symbol(const char *name) { return dlsym(RTLD_DEFAULT, name); }

void ovp_blasinfo_blas(char *buf, size_t len)
{
    const char *path = library_of((const void *)(size_t)&cblas_dgemm);
    char *(*config)(void) = (char *(*)(void))(size_t)provider_symbol("openblas_get_config");
    if (config)
        snprintf(buf, len, "%s (OpenBLAS %s)", path, config());
    else
        snprintf(buf, len, "%s", path);
}

void ovp_blasinfo_lapack(char *buf, size_t len)
{
    const char *lapack = library_of(provider_symbol("dsyevr_"));
    const char *lapacke = library_of((const void *)(size_t)&LAPACKE_dsyevr_work);
    snprintf(buf, len, "%s via LAPACKE %s", lapack, lapacke);
}

int ovp_blasinfo_set_threads(int threads)
{
    void (*set)(int) = (void (*)(int))(size_t)provider_symbol("openblas_set_num_threads");
    if (set && threads > 0)
        set(threads);
    return ovp_blasinfo_get_threads();
}

int ovp_blasinfo_get_threads(void)
{
    int (*get)(void) = (int (*)(void))(size_t)provider_symbol("openblas_get_num_threads");
    return get ? get() : 1;
}
