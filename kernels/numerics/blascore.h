/* kernels/numerics/blascore.h: which OpenBLAS core (kernel family) runs, whether the CPU
 * could run a faster one, and what to say about it.
 *
 * OpenBLAS (DYNAMIC_ARCH) picks its core at load time from cpuid or from the
 * environment variable OPENBLAS_CORETYPE. When it does not recognise a CPU it
 * falls back to a generic core (Prescott): results stay correct, dgemm runs
 * about 5x slower (issue 17). The decision here is a pure function of the CPU's
 * features, the core name and whether OPENBLAS_CORETYPE was set, so it is
 * tested on recorded pairs (tests/test_blascore.c). */
#ifndef OVP_BLASCORE_H
#define OVP_BLASCORE_H

#include <stddef.h>

/* Instruction sets the CPU has and the OS enabled (XCR0), from cpuid. */
typedef struct {
    int sse2, avx, fma, avx2;
    int avx512f, avx512bw, avx512dq, avx512vl, avx512cd, avx512_bf16;
} ovp_cpu_features;

/* The features of the CPU running this process. */
void ovp_blascore_cpu(ovp_cpu_features *f);

/* The same features from the words of /proc/cpuinfo's "flags" line (Linux's names:
 * sse2 avx fma avx2 avx512f ... avx512_bf16; whole words only). Unlike cpuid it
 * parses recorded machines' texts, which is how the bench's peak estimate is tested. */
void ovp_blascore_features_parse(const char *flags, ovp_cpu_features *f);

/* The CPU's brand string (cpuid 0x80000002..4), trimmed; "unknown" without one. */
void ovp_blascore_cpu_model(char *buf, size_t len);

/* The features as words ("avx fma avx2 avx512f ..."), "none" when none. */
void ovp_blascore_features_text(const ovp_cpu_features *f, char *buf, size_t len);

typedef enum {
    OVP_BLASCORE_OK,     /* the core fits the CPU, or it is not OpenBLAS, or a core we do not rank */
    OVP_BLASCORE_FASTER, /* a vectorised core, but a faster one fits (Haswell on AVX-512): provenance,
                          * and a one-line note unless OPENBLAS_CORETYPE chose it */
    OVP_BLASCORE_WARN,   /* a generic core where a vectorised one fits: warn, suggest */
    OVP_BLASCORE_ENV     /* like WARN, but OPENBLAS_CORETYPE chose it: note, never override */
} ovp_blascore_verdict;

typedef struct {
    ovp_blascore_verdict verdict;
    const char *suggest; /* the fastest core the CPU supports (OK: NULL) */
} ovp_blascore_advice;

/* The fastest OpenBLAS 0.3.21 core these features support, NULL without AVX. */
const char *ovp_blascore_best(const ovp_cpu_features *f);

/* The decision. core: openblas_get_corename() (NULL when the provider is not
 * OpenBLAS); env_set: OPENBLAS_CORETYPE was set in the environment. */
ovp_blascore_advice ovp_blascore_decide(const ovp_cpu_features *f, const char *core, int env_set);

/* Whether `name` is an OpenBLAS core name --blas-core accepts (case-insensitive):
 * OpenBLAS silently ignores an unknown OPENBLAS_CORETYPE. Returns the canonical
 * spelling, or NULL. */
const char *ovp_blascore_known(const char *name);

/* The loaded provider's core: OpenBLAS's openblas_get_corename(), BLIS's
 * architecture, or "" (found with dlsym, so any provider links). */
const char *ovp_blascore_loaded(void);

/* One line of advice for provenance: "ok", "faster core fits: Cooperlake", ... */
const char *ovp_blascore_advice_text(ovp_blascore_advice a, char *buf, size_t len);

/* The stderr warning (WARN) or note (ENV) for this process, at most once;
 * nothing for OK and FASTER. `prog` prefixes the message. */
void ovp_blascore_warn_once(const char *prog);

/* The environment variable `ovp --blas-core` sets, with the core, before it
 * re-executes itself: the re-executed ovp does not re-execute again, and
 * provenance tells its OPENBLAS_CORETYPE from one the user set. */
#define OVP_BLASCORE_MARKER "OVP_BLAS_CORE_REEXEC"

/* --blas-core: what to re-execute with. Returns 0 and the core to set in
 * *core_out, or -1 with a message (an unknown name, OPENBLAS_CORETYPE already
 * set in the environment, `auto` on a CPU with nothing to suggest). Pure:
 * `env_value` is OPENBLAS_CORETYPE's value or NULL. */
int ovp_blascore_choose(const char *request, const ovp_cpu_features *f, const char *loaded_core,
                        const char *env_value, const char **core_out, char *err, size_t errlen);

#endif
