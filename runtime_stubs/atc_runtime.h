/* ATC runtime: entry points that rewritten code calls, and the inline guards it tests first.
 * All matrices are row-major; a transpose flag of 1 means the operand is stored transposed. */
#ifndef ATC_RUNTIME_H
#define ATC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <limits.h>

/* Work (multiply-adds) below which the original loops run: the library call costs more than it saves.
 * Measured by `atc tune`; override with -DATC_MIN_WORK=... */
#ifndef ATC_MIN_WORK
#define ATC_MIN_WORK 4096.0
#endif

#define ATC_DECLARE_BLAS(p, T)                                                                            \
    void atc_##p##gemm(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,    \
                       const T *b, long ldb, T beta, T *c, long ldc);                                     \
    void atc_##p##gemm_batched(long batch, int trans_a, int trans_b, long m, long n, long k, T alpha,     \
                               const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc,        \
                               long stride_a, long stride_b, long stride_c);                              \
    void atc_##p##gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, T beta, T *y); \
    void atc_##p##axpy(long n, T alpha, const T *x, T *y);                                                \
    T atc_##p##dot(long n, const T *x, const T *y);

ATC_DECLARE_BLAS(s, float)
ATC_DECLARE_BLAS(d, double)
double atc_dsdot(long n, const float *x, const float *y); /* float data, double accumulation */

/* Convolutions (cross-correlation, zero padding); out is overwritten, never read.
 * conv2d: layout 0 is NCHW input/output with OIHW weights, layout 1 is NHWC with HWIO weights; groups split C
 * and K evenly; OH = (H + 2 pad_h - dil_h (KH-1) - 1) / stride_h + 1, OW likewise; bias may be NULL.
 * conv1d: in is CI x L, wt is CO x CI x KW, out is CO x OL; flip = 1 reverses each kernel (a true convolution);
 * causal = 1 pads dil (KW-1) on the left and nothing on the right instead of pad on both sides;
 * OL = (L + left pad + right pad - dil (KW-1) - 1) / stride + 1. */
#define ATC_DECLARE_CONV(p, T)                                                                            \
    void atc_##p##conv2d(int layout, long n, long c, long h, long w, long k, long kh, long kw,            \
                         long stride_h, long stride_w, long pad_h, long pad_w, long dil_h, long dil_w,    \
                         long groups, const T *in, const T *wt, const T *bias, T *out);                   \
    void atc_##p##conv1d(int flip, int causal, long ci, long co, long l, long kw, long stride, long pad,  \
                         long dil, const T *in, const T *wt, T *out);

ATC_DECLARE_CONV(s, float)
ATC_DECLARE_CONV(d, double)

/* Name of the backend linked in ("openblas", "reference"). */
const char *atc_backend(void);

/* 1 when the byte ranges [p, p+pn) and [q, q+qn) do not overlap. */
static inline int atc_disjoint(const void *p, double pn, const void *q, double qn)
{
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)q;
    return (double)a + pn <= (double)b || (double)b + qn <= (double)a;
}

/* 1 when every size is positive and fits the library's 32-bit integers. */
static inline int atc_sizes_ok(double x) { return x >= 1.0 && x <= (double)INT_MAX; }

/* 1 when a count that may be zero (padding) fits the library's 32-bit integers. */
static inline int atc_counts_ok(double x) { return x >= 0.0 && x <= (double)INT_MAX; }

/* Integer division rounding down, on the double-valued sizes the guards compute with. */
static inline double atc_floordiv(double a, double b)
{
    double q = a / b;
    long long t = (long long)q;
    return (double)(t - (q < (double)t));
}

#endif
