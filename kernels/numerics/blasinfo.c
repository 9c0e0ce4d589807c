/* kernels/numerics/blasinfo.c: identify the loaded BLAS/LAPACK with dladdr and dlsym. */
#define _GNU_SOURCE
#include "blasinfo.h"

#include <cblas.h>
#include <dlfcn.h>
#include <pthread.h>
#include <lapacke.h>
#include <stdio.h>

static const char *library_of(const void *symbol)
{
    Dl_info info;
    if (symbol && dladdr(symbol, &info) && info.dli_fname)
        return info.dli_fname;
    return "unknown";
}

/* A symbol of the library that provides cblas_dgemm (and of its dependencies):
 * another BLAS loaded beside it (LAPACK's libblas.so.3 through Debian's
 * alternatives) must not answer for it. Falls back to the global scope. */
void *ovp_blasinfo_provider_symbol(const char *name)
{
    static void *handle;
    static int looked;
    if (!looked) {
        Dl_info info;
        looked = 1;
        if (dladdr((const void *)(size_t)&cblas_dgemm, &info) && info.dli_fname)
            handle = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    }
    void *s = handle ? dlsym(handle, name) : NULL;
    return s ? s : (handle ? NULL : dlsym(RTLD_DEFAULT, name));
}

static void *provider_symbol(const char *name) { return ovp_blasinfo_provider_symbol(name); }

void ovp_blasinfo_blas(char *buf, size_t len)
{
    const char *path = library_of((const void *)(size_t)&cblas_dgemm);
    char *(*config)(void) = (char *(*)(void))(size_t)provider_symbol("openblas_get_config");
    const char *(*blis_version)(void) = (const char *(*)(void))(size_t)provider_symbol("bli_info_get_version_str");
    int (*blis_arch)(void) = (int (*)(void))(size_t)provider_symbol("bli_arch_query_id");
    const char *(*blis_arch_name)(int) = (const char *(*)(int))(size_t)provider_symbol("bli_arch_string");
    if (config)
        snprintf(buf, len, "%s (OpenBLAS %s)", path, config());
    else if (blis_version && blis_arch && blis_arch_name) /* BLIS's sub-configuration is its core */
        snprintf(buf, len, "%s (BLIS %s, arch %s)", path, blis_version(), blis_arch_name(blis_arch()));
    else
        snprintf(buf, len, "%s", path);
}

void ovp_blasinfo_lapack(char *buf, size_t len)
{
    const char *lapack = library_of(dlsym(RTLD_DEFAULT, "dsyevr_")); /* any library may provide LAPACK */
    const char *lapacke = library_of((const void *)(size_t)&LAPACKE_dsyevr_work);
    snprintf(buf, len, "%s via LAPACKE %s", lapack, lapacke);
}

/* OpenBLAS's thread calls, else BLIS's (libblis; its libblas.so.3 exports neither), looked
 * up once: ovp_relu2_gd's parts set and restore the count at every step. */
static struct {
    void (*set)(int);
    int (*get)(void);
    void (*blis_set)(long);
    long (*blis_get)(void);
} threads_api;
static pthread_once_t threads_api_once = PTHREAD_ONCE_INIT;

static void threads_api_resolve(void)
{
    threads_api.set = (void (*)(int))(size_t)provider_symbol("openblas_set_num_threads");
    threads_api.get = (int (*)(void))(size_t)provider_symbol("openblas_get_num_threads");
    threads_api.blis_set = (void (*)(long))(size_t)provider_symbol("bli_thread_set_num_threads");
    threads_api.blis_get = (long (*)(void))(size_t)provider_symbol("bli_thread_get_num_threads");
}

int ovp_blasinfo_set_threads(int threads)
{
    pthread_once(&threads_api_once, threads_api_resolve);
    if (threads_api.set && threads > 0)
        threads_api.set(threads);
    else if (threads_api.blis_set && threads > 0)
        threads_api.blis_set(threads);
    return ovp_blasinfo_get_threads();
}

int ovp_blasinfo_get_threads(void)
{
    pthread_once(&threads_api_once, threads_api_resolve);
    if (threads_api.get)
        return threads_api.get();
    long n = threads_api.blis_get ? threads_api.blis_get() : 1;
    return n > 0 ? (int)n : 1; /* BLIS says -1 until a count is set */
}
