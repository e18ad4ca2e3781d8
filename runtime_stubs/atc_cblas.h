/* The entry points over a CBLAS library, shared by the backends that have one (OpenBLAS, MKL). The including
 * file defines first:
 *   ATC_CBLAS_NAME       the backend's name in the trace ("openblas")
 *   ATC_CBLAS(fn)        the library's symbol for cblas_<fn> (prefixes differ between builds)
 *   ATC_BLAS_INT         the library's integer type
 *   ATC_CBLAS_INIT()     a statement run before each library call (may be empty)
 * and, when the library has a strided batched GEMM, ATC_CBLAS_GEMM_BATCH_STRIDED. Convolutions are lowered to
 * this file's GEMMs (atc_conv_lowering.h). */
#ifndef ATC_CBLAS_H
#define ATC_CBLAS_H
#include "atc_backend.h"
#include "atc_conv_lowering.h"

const char *atc_backend(void) { return ATC_CBLAS_NAME; }

#define ATC_TR(t) ((t) ? CblasTrans : CblasNoTrans)
#define ATC_I(x) ((ATC_BLAS_INT)(x))

#ifdef ATC_CBLAS_GEMM_BATCH_STRIDED
#define ATC_CBLAS_BATCH(p)                                                                                \
    if (batch <= INT_MAX && stride_a <= INT_MAX && stride_b <= INT_MAX && stride_c <= INT_MAX) {          \
        ATC_CBLAS(p##gemm_batch_strided)(CblasRowMajor, ATC_TR(trans_a), ATC_TR(trans_b), ATC_I(m), ATC_I(n), \
                                         ATC_I(k), alpha, a, ATC_I(lda), ATC_I(stride_a), b, ATC_I(ldb),  \
                                         ATC_I(stride_b), beta, c, ATC_I(ldc), ATC_I(stride_c), ATC_I(batch)); \
        return 1;                                                                                         \
    }
#else
#define ATC_CBLAS_BATCH(p)
#endif

#define ATC_CBLAS_API(p, T)                                                                               \
    int atc_##p##gemm(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,     \
                      const T *b, long ldb, T beta, T *c, long ldc)                                       \
    {                                                                                                     \
        ATC_CBLAS_INIT();                                                                                 \
        if (m == 1 || n == 1) { /* one row or column of C: a GEMV, which the library does faster */       \
            ATC_TRACE(#p "gemm backend=" ATC_CBLAS_NAME " m=%ld n=%ld k=%ld ta=%d tb=%d via=gemv", m, n, k, \
                      trans_a, trans_b);                                                                  \
            if (m == 1) /* C row = op(B)^T a: B is k x n (rows ldb), or n x k when transposed */           \
                ATC_CBLAS(p##gemv)(CblasRowMajor, ATC_TR(!trans_b), ATC_I(trans_b ? n : k),               \
                                   ATC_I(trans_b ? k : n), alpha, b, ATC_I(ldb), a, ATC_I(trans_a ? lda : 1), \
                                   beta, c, 1);                                                           \
            else /* C column (stride ldc) = op(A) b: A is m x k, or k x m when transposed */               \
                ATC_CBLAS(p##gemv)(CblasRowMajor, ATC_TR(trans_a), ATC_I(trans_a ? k : m),                \
                                   ATC_I(trans_a ? m : k), alpha, a, ATC_I(lda), b, ATC_I(trans_b ? 1 : ldb), \
                                   beta, c, ATC_I(ldc));                                                  \
            return 1;                                                                                     \
        }                                                                                                 \
        ATC_TRACE(#p "gemm backend=" ATC_CBLAS_NAME " m=%ld n=%ld k=%ld ta=%d tb=%d", m, n, k, trans_a,   \
                  trans_b);                                                                               \
        ATC_CBLAS(p##gemm)(CblasRowMajor, ATC_TR(trans_a), ATC_TR(trans_b), ATC_I(m), ATC_I(n), ATC_I(k), \
                           alpha, a, ATC_I(lda), b, ATC_I(ldb), beta, c, ATC_I(ldc));                     \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##gemm_batched(long batch, int trans_a, int trans_b, long m, long n, long k, T alpha,      \
                              const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc,         \
                              long stride_a, long stride_b, long stride_c)                                \
    {                                                                                                     \
        ATC_TRACE(#p "gemm_batched backend=" ATC_CBLAS_NAME " batch=%ld m=%ld n=%ld k=%ld", batch, m, n, k); \
        ATC_CBLAS_INIT();                                                                                 \
        ATC_CBLAS_BATCH(p)                                                                                \
        /* one call per matrix, the offsets computed here in 64 bits */                                   \
        for (long t = 0; t < batch; t++)                                                                  \
            ATC_CBLAS(p##gemm)(CblasRowMajor, ATC_TR(trans_a), ATC_TR(trans_b), ATC_I(m), ATC_I(n),       \
                               ATC_I(k), alpha, a + t * stride_a, ATC_I(lda), b + t * stride_b, ATC_I(ldb), \
                               beta, c + t * stride_c, ATC_I(ldc));                                       \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, long incx,     \
                      T beta, T *y, long incy)                                                            \
    {                                                                                                     \
        ATC_TRACE(#p "gemv backend=" ATC_CBLAS_NAME " m=%ld n=%ld trans=%d", m, n, trans);                \
        ATC_CBLAS_INIT();                                                                                 \
        ATC_CBLAS(p##gemv)(CblasRowMajor, ATC_TR(trans), ATC_I(m), ATC_I(n), alpha, a, ATC_I(lda), x,     \
                           ATC_I(incx), beta, y, ATC_I(incy));                                            \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##axpy(long n, T alpha, const T *x, long incx, T *y, long incy)                            \
    {                                                                                                     \
        ATC_TRACE(#p "axpy backend=" ATC_CBLAS_NAME " n=%ld", n);                                         \
        ATC_CBLAS_INIT();                                                                                 \
        ATC_CBLAS(p##axpy)(ATC_I(n), alpha, x, ATC_I(incx), y, ATC_I(incy));                              \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##dot(long n, const T *x, long incx, const T *y, long incy, T *result)                     \
    {                                                                                                     \
        ATC_TRACE(#p "dot backend=" ATC_CBLAS_NAME " n=%ld", n);                                          \
        ATC_CBLAS_INIT();                                                                                 \
        *result = ATC_CBLAS(p##dot)(ATC_I(n), x, ATC_I(incx), y, ATC_I(incy));                            \
        return 1;                                                                                         \
    }                                                                                                     \
    ATC_BIAS_API(p, T, ATC_CBLAS_NAME)                                                                    \
    ATC_CONV_LOWERED_API(p, T, ATC_CBLAS_NAME, "")

ATC_CBLAS_API(s, float)
ATC_CBLAS_API(d, double)

int atc_dsdot(long n, const float *x, long incx, const float *y, long incy, double *result)
{
    ATC_TRACE("dsdot backend=" ATC_CBLAS_NAME " n=%ld", n);
    ATC_CBLAS_INIT();
    *result = ATC_CBLAS(dsdot)(ATC_I(n), x, ATC_I(incx), y, ATC_I(incy));
    return 1;
}
#endif
