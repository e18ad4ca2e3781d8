/* Intel MKL backend, from the mkl / mkl-devel wheels: MKL's own CBLAS (unprefixed cblas_*, 32-bit MKL_INT)
 * through the single dynamic library libmkl_rt, which picks the CPU kernels and the threading layer at run
 * time (MKL_THREADING_LAYER, MKL_NUM_THREADS). Batched GEMM is cblas_?gemm_batch_strided. */
#include "atc_runtime.h"
#include "atc_trace.h"
#include "atc_conv_lowering.h"
#include <mkl_cblas.h>
#include <mkl_service.h>

const char *atc_backend(void) { return "mkl"; }

/* libmkl_rt reads MKL_INTERFACE_LAYER; this file passes 32-bit integers whatever the environment says. */
static void atc_mkl_init(void)
{
    static int done;
    if (!done) {
        mkl_set_interface_layer(MKL_INTERFACE_LP64);
        done = 1;
    }
}

#define ATC_TR(t) ((t) ? CblasTrans : CblasNoTrans)
#define ATC_MKL(p, T)                                                                                     \
    void atc_##p##gemm(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,    \
                       const T *b, long ldb, T beta, T *c, long ldc)                                      \
    {                                                                                                     \
        ATC_TRACE(#p "gemm backend=mkl m=%ld n=%ld k=%ld ta=%d tb=%d", m, n, k, trans_a, trans_b);        \
        atc_mkl_init();                                                                                   \
        cblas_##p##gemm(CblasRowMajor, ATC_TR(trans_a), ATC_TR(trans_b), (MKL_INT)m, (MKL_INT)n,          \
                        (MKL_INT)k, alpha, a, (MKL_INT)lda, b, (MKL_INT)ldb, beta, c, (MKL_INT)ldc);      \
    }                                                                                                     \
    void atc_##p##gemm_batched(long batch, int trans_a, int trans_b, long m, long n, long k, T alpha,     \
                               const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc,        \
                               long stride_a, long stride_b, long stride_c)                               \
    {                                                                                                     \
        ATC_TRACE(#p "gemm_batched backend=mkl batch=%ld m=%ld n=%ld k=%ld", batch, m, n, k);             \
        atc_mkl_init();                                                                                   \
        if (batch <= INT_MAX && stride_a <= INT_MAX && stride_b <= INT_MAX && stride_c <= INT_MAX)        \
            cblas_##p##gemm_batch_strided(CblasRowMajor, ATC_TR(trans_a), ATC_TR(trans_b), (MKL_INT)m,    \
                                          (MKL_INT)n, (MKL_INT)k, alpha, a, (MKL_INT)lda,                 \
                                          (MKL_INT)stride_a, b, (MKL_INT)ldb, (MKL_INT)stride_b, beta, c, \
                                          (MKL_INT)ldc, (MKL_INT)stride_c, (MKL_INT)batch);               \
        else /* strides beyond 32 bits: one call per matrix, the offsets computed here in 64 bits */     \
            for (long t = 0; t < batch; t++)                                                              \
                cblas_##p##gemm(CblasRowMajor, ATC_TR(trans_a), ATC_TR(trans_b), (MKL_INT)m, (MKL_INT)n,  \
                                (MKL_INT)k, alpha, a + t * stride_a, (MKL_INT)lda, b + t * stride_b,      \
                                (MKL_INT)ldb, beta, c + t * stride_c, (MKL_INT)ldc);                      \
    }                                                                                                     \
    void atc_##p##gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, T beta, T *y) \
    {                                                                                                     \
        ATC_TRACE(#p "gemv backend=mkl m=%ld n=%ld trans=%d", m, n, trans);                               \
        atc_mkl_init();                                                                                   \
        cblas_##p##gemv(CblasRowMajor, ATC_TR(trans), (MKL_INT)m, (MKL_INT)n, alpha, a, (MKL_INT)lda, x,  \
                        1, beta, y, 1);                                                                   \
    }                                                                                                     \
    void atc_##p##axpy(long n, T alpha, const T *x, T *y)                                                 \
    {                                                                                                     \
        ATC_TRACE(#p "axpy backend=mkl n=%ld", n);                                                        \
        atc_mkl_init();                                                                                   \
        cblas_##p##axpy((MKL_INT)n, alpha, x, 1, y, 1);                                                   \
    }                                                                                                     \
    T atc_##p##dot(long n, const T *x, const T *y)                                                        \
    {                                                                                                     \
        ATC_TRACE(#p "dot backend=mkl n=%ld", n);                                                         \
        atc_mkl_init();                                                                                   \
        return cblas_##p##dot((MKL_INT)n, x, 1, y, 1);                                                    \
    }

ATC_MKL(s, float)
ATC_MKL(d, double)

ATC_CONV_LOWERED_API(s, float, "mkl", "")
ATC_CONV_LOWERED_API(d, double, "mkl", "")

double atc_dsdot(long n, const float *x, const float *y)
{
    ATC_TRACE("dsdot backend=mkl n=%ld", n);
    atc_mkl_init();
    return cblas_dsdot((MKL_INT)n, x, 1, y, 1);
}
