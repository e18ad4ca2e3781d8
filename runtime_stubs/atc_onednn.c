/* oneDNN backend, from the onednn / onednn-devel wheels. oneDNN's C API has one floating-point BLAS call,
 * dnnl_sgemm (row-major, 'N'/'T', 64-bit sizes); through it go sgemm, sgemm_batched (one dnnl_sgemm per
 * matrix) and sgemv (a GEMM whose B and C have one column). oneDNN has no double-precision GEMM and no
 * BLAS-1, so dgemm, dgemm_batched, dgemv, ?axpy, ?dot and dsdot are plain C loops here. */
#include "atc_runtime.h"
#include "atc_trace.h"
#include <dnnl.h>
#include <dnnl_debug.h>

const char *atc_backend(void) { return "onednn"; }

static void atc_dnnl_check(dnnl_status_t status)
{
    if (status != dnnl_success) {
        fprintf(stderr, "atc: oneDNN backend: dnnl_sgemm failed: %s\n", dnnl_status2str(status));
        abort();
    }
}

static void atc_dnnl_sgemm(int ta, int tb, long m, long n, long k, float alpha, const float *a, long lda,
                           const float *b, long ldb, float beta, float *c, long ldc)
{
    atc_dnnl_check(dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
}

static void atc_dnnl_sgemv(int trans, long m, long n, float alpha, const float *a, long lda, const float *x,
                           float beta, float *y)
{   /* y = alpha op(A) x + beta y as a GEMM with N = 1: x and y are one-column matrices (ld 1) */
    if (trans)
        atc_dnnl_check(dnnl_sgemm('T', 'N', n, 1, m, alpha, a, lda, x, 1, beta, y, 1));
    else
        atc_dnnl_check(dnnl_sgemm('N', 'N', m, 1, n, alpha, a, lda, x, 1, beta, y, 1));
}

#define ATC_A(i, q) (ta ? a[(q) * lda + (i)] : a[(i) * lda + (q)])
static void atc_loop_dgemm(int ta, int tb, long m, long n, long k, double alpha, const double *a, long lda,
                           const double *b, long ldb, double beta, double *c, long ldc)
{
    for (long i = 0; i < m; i++) {
        double *ci = c + i * ldc;
        for (long j = 0; j < n; j++)
            ci[j] = beta == 0 ? 0 : beta * ci[j];
        if (!tb) /* rows of B are contiguous: C[i,:] += alpha A[i,q] B[q,:] */
            for (long q = 0; q < k; q++) {
                double s = alpha * ATC_A(i, q);
                const double *bq = b + q * ldb;
                for (long j = 0; j < n; j++)
                    ci[j] += s * bq[j];
            }
        else /* columns of op(B) are contiguous: dot products */
            for (long j = 0; j < n; j++) {
                double s = 0;
                for (long q = 0; q < k; q++)
                    s += ATC_A(i, q) * b[j * ldb + q];
                ci[j] += alpha * s;
            }
    }
}

static void atc_loop_dgemv(int trans, long m, long n, double alpha, const double *a, long lda, const double *x,
                           double beta, double *y)
{
    long rows = trans ? n : m, cols = trans ? m : n;
    for (long i = 0; i < rows; i++) {
        double sum = 0;
        for (long j = 0; j < cols; j++)
            sum += (trans ? a[j * lda + i] : a[i * lda + j]) * x[j];
        y[i] = beta == 0 ? alpha * sum : alpha * sum + beta * y[i];
    }
}

/* GEMM, GEMV: the implementations above; HOW: what the trace says computed them. */
#define ATC_ONEDNN(p, T, GEMM, GEMV, HOW)                                                                 \
    void atc_##p##gemm(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,    \
                       const T *b, long ldb, T beta, T *c, long ldc)                                      \
    {                                                                                                     \
        ATC_TRACE(#p "gemm backend=onednn m=%ld n=%ld k=%ld ta=%d tb=%d via=" HOW, m, n, k, trans_a,      \
                  trans_b);                                                                               \
        GEMM(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);                             \
    }                                                                                                     \
    void atc_##p##gemm_batched(long batch, int trans_a, int trans_b, long m, long n, long k, T alpha,     \
                               const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc,        \
                               long stride_a, long stride_b, long stride_c)                               \
    {                                                                                                     \
        ATC_TRACE(#p "gemm_batched backend=onednn batch=%ld m=%ld n=%ld k=%ld via=" HOW, batch, m, n, k); \
        for (long t = 0; t < batch; t++)                                                                  \
            GEMM(trans_a, trans_b, m, n, k, alpha, a + t * stride_a, lda, b + t * stride_b, ldb, beta,    \
                 c + t * stride_c, ldc);                                                                  \
    }                                                                                                     \
    void atc_##p##gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, T beta, T *y) \
    {                                                                                                     \
        ATC_TRACE(#p "gemv backend=onednn m=%ld n=%ld trans=%d via=" HOW, m, n, trans);                   \
        GEMV(trans, m, n, alpha, a, lda, x, beta, y);                                                     \
    }                                                                                                     \
    void atc_##p##axpy(long n, T alpha, const T *x, T *y)                                                 \
    {                                                                                                     \
        ATC_TRACE(#p "axpy backend=onednn n=%ld via=loop", n);                                            \
        for (long i = 0; i < n; i++)                                                                      \
            y[i] += alpha * x[i];                                                                         \
    }                                                                                                     \
    T atc_##p##dot(long n, const T *x, const T *y)                                                        \
    {                                                                                                     \
        ATC_TRACE(#p "dot backend=onednn n=%ld via=loop", n);                                             \
        T sum = 0;                                                                                        \
        for (long i = 0; i < n; i++)                                                                      \
            sum += x[i] * y[i];                                                                           \
        return sum;                                                                                       \
    }

ATC_ONEDNN(s, float, atc_dnnl_sgemm, atc_dnnl_sgemv, "dnnl_sgemm")
ATC_ONEDNN(d, double, atc_loop_dgemm, atc_loop_dgemv, "loop")

double atc_dsdot(long n, const float *x, const float *y)
{
    ATC_TRACE("dsdot backend=onednn n=%ld via=loop", n);
    double sum = 0;
    for (long i = 0; i < n; i++)
        sum += (double)x[i] * (double)y[i];
    return sum;
}
