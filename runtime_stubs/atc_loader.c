/* The part of the runtime that programs link: every entry point forwards to the target's backend, a shared
 * object loaded when first needed (ATC_BACKEND_SO, its absolute path, is fixed when the runtime is built).
 * A program that never calls in never loads the backend or its vendor library. When the backend cannot be
 * loaded, every call returns 0 (declined) and the caller's original loops run.
 *
 * Loading costs about as much as the original loops take for ATC_LOAD_WORK multiply-adds, so it is bought
 * like a ski rental: rewritten code asks atc_worth_loading(work) before each call, and the calls are declined
 * (their original loops run) until one call's work, or the work declined so far plus this call's, reaches
 * ATC_LOAD_WORK. A program with little work never pays for the load; one with much pays at most about twice
 * the load time over what the best choice would have cost. */
#include <dlfcn.h>
#include <pthread.h>
#include "atc_backend.h"

/* Multiply-adds the original loops do in the time loading takes on the machine the default was measured on
 * (README, "Start-up"); ATC_LOAD_WORK in the environment overrides it, 0 loads at the first call. */
#ifndef ATC_LOAD_WORK
#define ATC_LOAD_WORK 1000000.0
#endif

#ifndef ATC_BACKEND_SO
#error "ATC_BACKEND_SO (the backend's path) must be defined"
#endif

#define ATC_POINTER(name, params, args) static int (*atc_impl_##name) params;
ATC_API(ATC_POINTER)

static int atc_ready;           /* 1: every entry point found; 0: the backend is unavailable */
static char atc_why[256];       /* why not, for the decline trace */
static pthread_once_t atc_once = PTHREAD_ONCE_INIT;

static int atc_loading;          /* set once a call has decided to load: atc_worth_loading answers 1 at once */
static double atc_declined;      /* work declined before that, under atc_declined_lock */
static pthread_mutex_t atc_declined_lock = PTHREAD_MUTEX_INITIALIZER;

/* dlopen the backend. When the user asked for no thread count the library will run on one thread, so it is
 * told so before it starts: OpenBLAS starts its whole thread pool while it is loaded (milliseconds on a busy
 * machine), before atc_backend_set_threads could shrink it. The variable is set only around the dlopen and
 * removed right after, so the program's environment (and its children's) stays as the user left it. (Another
 * thread reading or changing the environment during the dlopen races with it, as with any setenv.) */
static void *atc_open_backend(void)
{
    int quiet = atc_threads_wanted() == 0 && getenv("OPENBLAS_NUM_THREADS") == NULL;
    if (quiet)
        setenv("OPENBLAS_NUM_THREADS", "1", 0);
    void *handle = dlopen(ATC_BACKEND_SO, RTLD_NOW | RTLD_LOCAL);
    if (quiet)
        unsetenv("OPENBLAS_NUM_THREADS");
    return handle;
}

static void atc_load(void)
{
    __atomic_store_n(&atc_loading, 1, __ATOMIC_RELEASE);
    void *handle = atc_open_backend();
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

static double atc_load_work(void)
{
    const char *v = getenv("ATC_LOAD_WORK");
    if (v != NULL && *v != '\0') {
        char *end;
        double w = strtod(v, &end);
        if (*end == '\0' && w >= 0.0)
            return w;
    }
    return ATC_LOAD_WORK;
}

int atc_worth_loading(double work)
{
    if (__atomic_load_n(&atc_loading, __ATOMIC_ACQUIRE))
        return 1;
    static double threshold = -1.0;
    pthread_mutex_lock(&atc_declined_lock);
    if (threshold < 0.0)
        threshold = atc_load_work();
    double declined = atc_declined;
    int load = declined + work >= threshold;
    if (!load)
        atc_declined = declined + work;
    pthread_mutex_unlock(&atc_declined_lock);
    if (!load) {
        ATC_DECLINE("load deferred backend=" ATC_TARGET_NAME " work=%.0f declined=%.0f load_work=%.0f", work,
                    declined + work, threshold);
        return 0;
    }
    pthread_once(&atc_once, atc_load);
    return 1;
}

const char *atc_backend(void) { return ATC_TARGET_NAME; }
