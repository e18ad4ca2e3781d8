/* Portable C loops for the entry points a backend's library does not have, shared by the reference backend
 * (all of them), oneDNN (double precision and BLAS-1) and cuBLAS (dsdot). NAME is the backend's name in the
 * trace, SUFFIX more trace text (a string literal, may be ""). */
#ifndef ATC_LOOPS_H
#define ATC_LOOPS_H
#include "atc_backend.h"

#define ATC_LOOP_KERNELS(p, T)                                                                            \
    static inline void atc_##p##loop_gemm(int ta, int tb, long m, long n, long k, T alpha, const T *a, long lda,  \
                                   const T *b, long ldb, T beta, T *c, long ldc)                          \
    {                                                                                                     \
        for (long i = 0; i < m; i++) {                                                                    \
            T *ci = c + i * ldc;                                                                          \
            for (long j = 0; j < n; j++)                                                                  \
                ci[j] = beta == 0 ? 0 : beta * ci[j];                                                     \
            if (!tb) /* rows of B are contiguous: C[i,:] += alpha A[i,q] B[q,:] */                        \
                for (long q = 0; q < k; q++) {                                                            \
                    T s = alpha * (ta ? a[q * lda + i] : a[i * lda + q]);                                 \
                    const T *bq = b + q * ldb;                                                            \
                    for (long j = 0; j < n; j++)                                                          \
                        ci[j] += s * bq[j];                                                               \
                }                                                                                         \
            else /* columns of op(B) are contiguous: dot products */                                      \
                for (long j = 0; j < n; j++) {                                                            \
                    T s = 0;                                                                              \
                    for (long q = 0; q < k; q++)                                                          \
                        s += (ta ? a[q * lda + i] : a[i * lda + q]) * b[j * ldb + q];                     \
                    ci[j] += alpha * s;                                                                   \
                }                                                                                         \
        }                                                                                                 \
    }                                                                                                     \
    static inline void atc_##p##loop_gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x,   \
                                   long incx, T beta, T *y, long incy)                                    \
    {                                                                                                     \
        long rows = trans ? n : m, cols = trans ? m : n;                                                  \
        for (long i = 0; i < rows; i++) {                                                                 \
            T sum = 0;                                                                                    \
            for (long j = 0; j < cols; j++)                                                               \
                sum += (trans ? a[j * lda + i] : a[i * lda + j]) * x[j * incx];                           \
            y[i * incy] = beta == 0 ? alpha * sum : alpha * sum + beta * y[i * incy];                     \
        }                                                                                                 \
    }

ATC_LOOP_KERNELS(s, float)
ATC_LOOP_KERNELS(d, double)

/* gemm, gemm_batched and gemv through GEMM and GEMV (the loops above, or a library's). */
#define ATC_LOOP_GEMM_API(p, T, GEMM, GEMV, NAME, SUFFIX)                                                 \
    int atc_##p##gemm(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,     \
                      const T *b, long ldb, T beta, T *c, long ldc)                                       \
    {                                                                                                     \
        ATC_TRACE(#p "gemm backend=" NAME " m=%ld n=%ld k=%ld ta=%d tb=%d" SUFFIX, m, n, k, trans_a, trans_b); \
        GEMM(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);                             \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##gemm_batched(long batch, int trans_a, int trans_b, long m, long n, long k, T alpha,      \
                              const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc,         \
                              long stride_a, long stride_b, long stride_c)                                \
    {                                                                                                     \
        ATC_TRACE(#p "gemm_batched backend=" NAME " batch=%ld m=%ld n=%ld k=%ld" SUFFIX, batch, m, n, k); \
        for (long t = 0; t < batch; t++)                                                                  \
            GEMM(trans_a, trans_b, m, n, k, alpha, a + t * stride_a, lda, b + t * stride_b, ldb, beta,    \
                 c + t * stride_c, ldc);                                                                  \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, long incx,     \
                      T beta, T *y, long incy)                                                            \
    {                                                                                                     \
        ATC_TRACE(#p "gemv backend=" NAME " m=%ld n=%ld trans=%d" SUFFIX, m, n, trans);                   \
        GEMV(trans, m, n, alpha, a, lda, x, incx, beta, y, incy);                                         \
        return 1;                                                                                         \
    }

#define ATC_LOOP_BLAS1_API(p, T, NAME, SUFFIX)                                                            \
    int atc_##p##axpy(long n, T alpha, const T *x, long incx, T *y, long incy)                            \
    {                                                                                                     \
        ATC_TRACE(#p "axpy backend=" NAME " n=%ld" SUFFIX, n);                                            \
        for (long i = 0; i < n; i++)                                                                      \
            y[i * incy] += alpha * x[i * incx];                                                           \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##dot(long n, const T *x, long incx, const T *y, long incy, T *result)                     \
    {                                                                                                     \
        ATC_TRACE(#p "dot backend=" NAME " n=%ld" SUFFIX, n);                                             \
        T sum = 0;                                                                                        \
        for (long i = 0; i < n; i++)                                                                      \
            sum += x[i * incx] * y[i * incy];                                                             \
        *result = sum;                                                                                    \
        return 1;                                                                                         \
    }

#define ATC_LOOP_DSDOT_API(NAME, SUFFIX)                                                                  \
    int atc_dsdot(long n, const float *x, long incx, const float *y, long incy, double *result)           \
    {                                                                                                     \
        ATC_TRACE("dsdot backend=" NAME " n=%ld" SUFFIX, n);                                              \
        double sum = 0;                                                                                   \
        for (long i = 0; i < n; i++)                                                                      \
            sum += (double)x[i * incx] * (double)y[i * incy];                                             \
        *result = sum;                                                                                    \
        return 1;                                                                                         \
    }
#endif
