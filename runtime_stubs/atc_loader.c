/* The part of the runtime that programs link: every entry point forwards to the target's backend, a shared
 * object loaded on the first call (ATC_BACKEND_SO, its absolute path, is fixed when the runtime is built).
 * A program that never calls in never loads the backend or its vendor library. When the backend cannot be
 * loaded, every call returns 0 (declined) and the caller's original loops run. */
#include <dlfcn.h>
#include <pthread.h>
#include "atc_backend.h"

#ifndef ATC_BACKEND_SO
#error "ATC_BACKEND_SO (the backend's path) must be defined"
#endif

#define ATC_POINTER(name, params, args) static int (*atc_impl_##name) params;
ATC_API(ATC_POINTER)

static int atc_ready;           /* 1: every entry point found; 0: the backend is unavailable */
static char atc_why[256];       /* why not, for the decline trace */
static pthread_once_t atc_once = PTHREAD_ONCE_INIT;

static void atc_load(void)
{
    void *handle = dlopen(ATC_BACKEND_SO, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(atc_why, sizeof atc_why, "%s", dlerror());
        return;
    }
#define ATC_LOOKUP(name, params, args)                                                                    \
    if (!(*(void **)&atc_impl_##name = dlsym(handle, "atc_" #name))) {                                  \
        snprintf(atc_why, sizeof atc_why, "%s has no atc_" #name, ATC_BACKEND_SO);                        \
        return;                                                                                           \
    }
    ATC_API(ATC_LOOKUP)
    void (*set_threads)(int) = NULL;
    *(void **)&set_threads = dlsym(handle, "atc_backend_set_threads");
    /* one thread unless the user asks for more: the original loops use one, and on a loaded machine more
     * threads than free cores made a GEMM several times slower (README, "Threads") */
    int threads = atc_threads_wanted();
    if (set_threads)
        set_threads(threads > 0 ? threads : 1);
    atc_ready = 1;
}

#define ATC_FORWARD(name, params, args)                                                                   \
    int atc_##name params                                                                                 \
    {                                                                                                     \
        pthread_once(&atc_once, atc_load);                                                                \
        if (!atc_ready) {                                                                                 \
            ATC_DECLINE(#name " backend=" ATC_TARGET_NAME " reason=unavailable: %s", atc_why);           \
            return 0;                                                                                     \
        }                                                                                                 \
        return atc_impl_##name args;                                                                      \
    }
ATC_API(ATC_FORWARD)

const char *atc_backend(void) { return ATC_TARGET_NAME; }
