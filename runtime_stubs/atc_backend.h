/* Shared by every backend: the trace (ATC_TRACE in the environment logs each call on stderr), the bias entry
 * points composed from the backend's own GEMM / GEMV, and the thread count the user asked for. */
#ifndef ATC_BACKEND_H
#define ATC_BACKEND_H
#include <stdio.h>
#include <stdlib.h>
#include "atc_runtime.h"

static inline int atc_trace_on(void)
{
    static int state = -1;
    if (state < 0) {
        const char *v = getenv("ATC_TRACE");
        state = v != NULL && *v != '\0' && *v != '0';
    }
    return state;
}

/* Set while a composed entry point runs the call it is made of, so that one call gives one trace line. */
static __thread int atc_trace_inner;

/* One line on stderr under ATC_TRACE: "atc-trace: " for a call computed, "atc-decline: " for one declined. */
#define ATC_LOG(KIND, ...)                                                                                \
    do {                                                                                                  \
        if (atc_trace_on() && !atc_trace_inner) {                                                         \
            fprintf(stderr, KIND __VA_ARGS__);                                                            \
            fputc('\n', stderr);                                                                          \
        }                                                                                                 \
    } while (0)
#define ATC_TRACE(...) ATC_LOG("atc-trace: ", __VA_ARGS__)
#define ATC_DECLINE(...) ATC_LOG("atc-decline: ", __VA_ARGS__)

/* Threads the user asked for: ATC_NUM_THREADS, else OMP_NUM_THREADS, else OPENBLAS_NUM_THREADS; 0 when none
 * is set (the backend's default then applies). */
static inline int atc_threads_wanted(void)
{
    static const char *const names[] = {"ATC_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        int n = v ? atoi(v) : 0;
        if (n > 0)
            return n;
    }
    return 0;
}

/* gemm_bias and gemv_bias: the output filled with the bias, then the backend's GEMM / GEMV with beta = 1. */
#define ATC_BIAS_API(p, T, NAME)                                                                          \
    int atc_##p##gemm_bias(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda, \
                           const T *b, long ldb, const T *bias, int bias_cols, T *c, long ldc)            \
    {                                                                                                     \
        ATC_TRACE(#p "gemm_bias backend=" NAME " m=%ld n=%ld k=%ld ta=%d tb=%d bias_cols=%d", m, n, k,    \
                  trans_a, trans_b, bias_cols);                                                           \
        for (long i = 0; i < m; i++)                                                                      \
            for (long j = 0; j < n; j++)                                                                  \
                c[i * ldc + j] = bias[bias_cols ? j : i];                                                 \
        atc_trace_inner++;                                                                                \
        int done = atc_##p##gemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, 1, c, ldc);            \
        atc_trace_inner--;                                                                                \
        return done;                                                                                      \
    }                                                                                                     \
    int atc_##p##gemv_bias(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, long incx, \
                           const T *bias, T *y, long incy)                                                \
    {                                                                                                     \
        ATC_TRACE(#p "gemv_bias backend=" NAME " m=%ld n=%ld trans=%d", m, n, trans);                     \
        long ny = trans ? n : m;                                                                          \
        for (long i = 0; i < ny; i++)                                                                     \
            y[i * incy] = bias[i];                                                                        \
        atc_trace_inner++;                                                                                \
        int done = atc_##p##gemv(trans, m, n, alpha, a, lda, x, incx, 1, y, incy);                        \
        atc_trace_inner--;                                                                                \
        return done;                                                                                      \
    }
#endif
