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

#endif
