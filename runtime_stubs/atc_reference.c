/* Portable reference backend: plain C loops, no dependencies. */
#include "atc_runtime.h"
#include "atc_trace.h"
#include "atc_conv_lowering.h"

const char *atc_backend(void) { return "reference"; }

#define ATC_REFERENCE(p, T)                                                                               \
    void atc_##p##gemm(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,    \
                       const T *b, long ldb, T beta, T *c, long ldc)                                      \
    {                                                                                                     \
        ATC_TRACE(#p "gemm backend=reference m=%ld n=%ld k=%ld ta=%d tb=%d", m, n, k, trans_a, trans_b);  \
        for (long i = 0; i < m; i++)                                                                      \
            for (long j = 0; j < n; j++) {                                                                \
                T sum = 0;                                                                                \
                for (long q = 0; q < k; q++)                                                              \
                    sum += (trans_a ? a[q * lda + i] : a[i * lda + q]) *                                  \
                           (trans_b ? b[j * ldb + q] : b[q * ldb + j]);                                   \
                T *out = &c[i * ldc + j];                                                                 \
                *out = beta == 0 ? alpha * sum : alpha * sum + beta * *out;                               \
            }                                                                                             \
    }                                                                                                     \
    void atc_##p##gemm_batched(long batch, int trans_a, int trans_b, long m, long n, long k, T alpha,     \
                               const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc,        \
                               long stride_a, long stride_b, long stride_c)                               \
    {                                                                                                     \
        for (long t = 0; t < batch; t++)                                                                  \
            atc_##p##gemm(trans_a, trans_b, m, n, k, alpha, a + t * stride_a, lda, b + t * stride_b, ldb, \
                          beta, c + t * stride_c, ldc);                                                   \
    }                                                                                                     \
    void atc_##p##gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, T beta, T *y) \
    {                                                                                                     \
        ATC_TRACE(#p "gemv backend=reference m=%ld n=%ld trans=%d", m, n, trans);                         \
        long rows = trans ? n : m, cols = trans ? m : n;                                                  \
        for (long i = 0; i < rows; i++) {                                                                 \
            T sum = 0;                                                                                    \
            for (long j = 0; j < cols; j++)                                                               \
                sum += (trans ? a[j * lda + i] : a[i * lda + j]) * x[j];                                  \
            y[i] = beta == 0 ? alpha * sum : alpha * sum + beta * y[i];                                   \
        }                                                                                                 \
    }                                                                                                     \
    void atc_##p##axpy(long n, T alpha, const T *x, T *y)                                                 \
    {                                                                                                     \
        ATC_TRACE(#p "axpy backend=reference n=%ld", n);                                                  \
        for (long i = 0; i < n; i++)                                                                      \
            y[i] += alpha * x[i];                                                                         \
    }                                                                                                     \
    T atc_##p##dot(long n, const T *x, const T *y)                                                        \
    {                                                                                                     \
        ATC_TRACE(#p "dot backend=reference n=%ld", n);                                                   \
        T sum = 0;                                                                                        \
        for (long i = 0; i < n; i++)                                                                      \
            sum += x[i] * y[i];                                                                           \
        return sum;                                                                                       \
    }

ATC_REFERENCE(s, float)
ATC_REFERENCE(d, double)

double atc_dsdot(long n, const float *x, const float *y)
{
    ATC_TRACE("dsdot backend=reference n=%ld", n);
    double sum = 0;
    for (long i = 0; i < n; i++)
        sum += (double)x[i] * (double)y[i];
    return sum;
}

/* Convolutions: the definitions in atc_runtime.h, one output element at a time. */
ATC_CONV_DIRECT_API(s, float, "reference")
ATC_CONV_DIRECT_API(d, double, "reference")
