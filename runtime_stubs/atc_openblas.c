/* OpenBLAS backend, from the scipy-openblas32 wheel (its CBLAS symbols carry the scipy_ prefix). */
#include "atc_runtime.h"
#include "atc_trace.h"
#include "atc_conv_lowering.h"
#include <cblas.h>

const char *atc_backend(void) { return "openblas"; }

#define ATC_OPENBLAS(p, T)                                                                                \
    void atc_##p##gemm(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,    \
                       const T *b, long ldb, T beta, T *c, long ldc)                                      \
    {                                                                                                     \
        ATC_TRACE(#p "gemm backend=openblas m=%ld n=%ld k=%ld ta=%d tb=%d", m, n, k, trans_a, trans_b);   \
        scipy_cblas_##p##gemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,                         \
                              trans_b ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n, (blasint)k,    \
                              alpha, a, (blasint)lda, b, (blasint)ldb, beta, c, (blasint)ldc);            \
    }                                                                                                     \
    void atc_##p##gemm_batched(long batch, int trans_a, int trans_b, long m, long n, long k, T alpha,     \
                               const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc,        \
                               long stride_a, long stride_b, long stride_c)                               \
    {                                                                                                     \
        ATC_TRACE(#p "gemm_batched backend=openblas batch=%ld m=%ld n=%ld k=%ld", batch, m, n, k);        \
        for (long t = 0; t < batch; t++)                                                                  \
            scipy_cblas_##p##gemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,                     \
                                  trans_b ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n,            \
                                  (blasint)k, alpha, a + t * stride_a, (blasint)lda, b + t * stride_b,     \
                                  (blasint)ldb, beta, c + t * stride_c, (blasint)ldc);                    \
    }                                                                                                     \
    void atc_##p##gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, T beta, T *y) \
    {                                                                                                     \
        ATC_TRACE(#p "gemv backend=openblas m=%ld n=%ld trans=%d", m, n, trans);                          \
        scipy_cblas_##p##gemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n,   \
                              alpha, a, (blasint)lda, x, 1, beta, y, 1);                                  \
    }                                                                                                     \
    void atc_##p##axpy(long n, T alpha, const T *x, T *y)                                                 \
    {                                                                                                     \
        ATC_TRACE(#p "axpy backend=openblas n=%ld", n);                                                   \
        scipy_cblas_##p##axpy((blasint)n, alpha, x, 1, y, 1);                                             \
    }                                                                                                     \
    T atc_##p##dot(long n, const T *x, const T *y)                                                        \
    {                                                                                                     \
        ATC_TRACE(#p "dot backend=openblas n=%ld", n);                                                    \
        return scipy_cblas_##p##dot((blasint)n, x, 1, y, 1);                                              \
    }

ATC_OPENBLAS(s, float)
ATC_OPENBLAS(d, double)

ATC_CONV_LOWERED_API(s, float, "openblas", "")
ATC_CONV_LOWERED_API(d, double, "openblas", "")

double atc_dsdot(long n, const float *x, const float *y)
{
    ATC_TRACE("dsdot backend=openblas n=%ld", n);
    return scipy_cblas_dsdot((blasint)n, x, 1, y, 1);
}
