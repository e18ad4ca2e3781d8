/* ATC runtime: entry points that rewritten code calls, and the inline guards it tests first.
 * All matrices are row-major; a transpose flag of 1 means the operand is stored transposed.
 * Every entry point returns 1 when it computed the result and 0 when it declined before touching any memory
 * (the library could not be loaded, or nothing beats the original loops for this shape): the caller then runs
 * its original loops. Increments (incx, incy) are BLAS increments, > 0. */
#ifndef ATC_RUNTIME_H
#define ATC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <limits.h>

/* Work (multiply-adds) below which the original loops run: the library call costs more than it saves.
 * Measured per op by `atc tune`; override with -DATC_MIN_WORK=... (all ops) or -DATC_MIN_WORK_GEMM=... */
#ifndef ATC_MIN_WORK
#define ATC_MIN_WORK 4096.0
#endif
#ifndef ATC_MIN_WORK_GEMM
#define ATC_MIN_WORK_GEMM ATC_MIN_WORK
#endif
#ifndef ATC_MIN_WORK_BATCHED_GEMM
#define ATC_MIN_WORK_BATCHED_GEMM ATC_MIN_WORK
#endif
#ifndef ATC_MIN_WORK_GEMV
#define ATC_MIN_WORK_GEMV ATC_MIN_WORK
#endif
#ifndef ATC_MIN_WORK_AXPY
#define ATC_MIN_WORK_AXPY ATC_MIN_WORK
#endif
#ifndef ATC_MIN_WORK_DOT
#define ATC_MIN_WORK_DOT ATC_MIN_WORK
#endif
#ifndef ATC_MIN_WORK_CONV2D
#define ATC_MIN_WORK_CONV2D ATC_MIN_WORK
#endif
#ifndef ATC_MIN_WORK_CONV1D
#define ATC_MIN_WORK_CONV1D ATC_MIN_WORK
#endif

/* Every entry point once, as X(name, (parameters), (arguments)): the declarations below and the lazy loader's
 * forwarding functions are both made from this table. */
#define ATC_API_TABLE(p, T, X)                                                                            \
    X(p##gemm, (int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda, const T *b, \
                long ldb, T beta, T *c, long ldc),                                                        \
      (trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))                                   \
    X(p##gemm_batched, (long batch, int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a,  \
                        long lda, const T *b, long ldb, T beta, T *c, long ldc, long stride_a, long stride_b, \
                        long stride_c),                                                                   \
      (batch, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, stride_a, stride_b, stride_c)) \
    X(p##gemm_bias, (int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,     \
                     const T *b, long ldb, const T *bias, int bias_cols, T *c, long ldc),                 \
      (trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, bias, bias_cols, c, ldc))                        \
    X(p##gemv, (int trans, long m, long n, T alpha, const T *a, long lda, const T *x, long incx, T beta, T *y, \
                long incy),                                                                               \
      (trans, m, n, alpha, a, lda, x, incx, beta, y, incy))                                               \
    X(p##gemv_bias, (int trans, long m, long n, T alpha, const T *a, long lda, const T *x, long incx,      \
                     const T *bias, T *y, long incy),                                                     \
      (trans, m, n, alpha, a, lda, x, incx, bias, y, incy))                                               \
    X(p##axpy, (long n, T alpha, const T *x, long incx, T *y, long incy), (n, alpha, x, incx, y, incy))   \
    X(p##dot, (long n, const T *x, long incx, const T *y, long incy, T *result), (n, x, incx, y, incy, result)) \
    X(p##conv2d, (int layout, int flip, long n, long c, long h, long w, long k, long kh, long kw,          \
                  long stride_h, long stride_w, long pad_h, long pad_w, long dil_h, long dil_w, long groups, \
                  const T *in, const T *wt, const T *bias, T *out),                                       \
      (layout, flip, n, c, h, w, k, kh, kw, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups, in, wt, \
       bias, out))                                                                                        \
    X(p##conv1d, (int flip, long ci, long co, long l, long kw, long stride, long pad_before, long pad_after, \
                  long dil, const T *in, const T *wt, T *out),                                            \
      (flip, ci, co, l, kw, stride, pad_before, pad_after, dil, in, wt, out))
#define ATC_API_MIXED(X)                                                                                  \
    X(dsdot, (long n, const float *x, long incx, const float *y, long incy, double *result),             \
      (n, x, incx, y, incy, result))
/* All entry points of both precisions. */
#define ATC_API(X) ATC_API_TABLE(s, float, X) ATC_API_TABLE(d, double, X) ATC_API_MIXED(X)

/* gemm_bias: C = alpha op(A) op(B) + bias, bias of length n added to every row (bias_cols = 1) or of length m
 * to every column (bias_cols = 0); C is overwritten, never read.
 * gemv_bias: y = alpha op(A) x + bias (y overwritten, never read; bias has y's length, unit stride).
 * dot, dsdot: *result = x . y (dsdot: float data, double accumulation).
 * Convolutions (cross-correlation with zero padding; flip = 1 reverses the kernel in every spatial dimension,
 * a true convolution); out is overwritten, never read.
 * conv2d: layout 0 is NCHW input/output with OIHW weights, layout 1 is NHWC with HWIO weights; groups split C
 * and K evenly; OH = (H + 2 pad_h - dil_h (KH-1) - 1) / stride_h + 1, OW likewise; bias may be NULL.
 * conv1d: in is CI x L, wt is CO x CI x KW, out is CO x OL with
 * OL = (L + pad_before + pad_after - dil (KW-1) - 1) / stride + 1 (causal: pad_before = dil (KW-1), pad_after 0). */
#define ATC_DECLARE(name, params, args) int atc_##name params;
ATC_API(ATC_DECLARE)
#undef ATC_DECLARE

/* Name of the backend linked in ("openblas", "reference", ...). */
const char *atc_backend(void);

/* 1 when a call of this much work (multiply-adds) should take the library path: the library is loaded, or
 * the work of this call plus the calls kept on their original loops so far is worth loading it
 * (ATC_LOAD_WORK); 0 keeps this call on its original loops. */
int atc_worth_loading(double work);

/* 1 when the byte ranges [p, p+pn) and [q, q+qn) do not overlap. */
static inline int atc_disjoint(const void *p, double pn, const void *q, double qn)
{
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)q;
    return (double)a + pn <= (double)b || (double)b + qn <= (double)a;
}

/* Row-pointer matrices (`float **a`): 1 when the first n rows are equally spaced, each a whole number of
 * elements (esize bytes) after the one before, and then *ld is that spacing in elements; 0 otherwise (rows
 * out of order, repeated, or of unequal spacing: the original code runs). One row has no spacing:
 * *ld is then `one_row`, the length of a row. */
static inline int atc_rows_ld(const void *const *rows, long n, long esize, long one_row, long *ld)
{
    uintptr_t step;
    long i;
    if (n < 1 || esize < 1 || !rows[0])
        return 0;
    if (n == 1) {
        *ld = one_row < 1 ? 1 : one_row;
        return 1;
    }
    step = (uintptr_t)rows[1] - (uintptr_t)rows[0];
    if ((uintptr_t)rows[1] <= (uintptr_t)rows[0] || step % (uintptr_t)esize || step / (uintptr_t)esize > INT_MAX)
        return 0;
    for (i = 2; i < n; i++)
        if ((uintptr_t)rows[i] <= (uintptr_t)rows[i - 1] || (uintptr_t)rows[i] - (uintptr_t)rows[i - 1] != step)
            return 0;
    *ld = (long)(step / (uintptr_t)esize);
    return 1;
}

/* 1 when every size is positive and fits the library's 32-bit integers. */
static inline int atc_sizes_ok(double x) { return x >= 1.0 && x <= (double)INT_MAX; }

/* 1 when a count that may be zero (padding) fits the library's 32-bit integers. */
static inline int atc_counts_ok(double x) { return x >= 0.0 && x <= (double)INT_MAX; }

/* The smaller of two double-valued sizes. */
static inline double atc_fmin(double a, double b) { return a < b ? a : b; }

/* Integer division rounding down, on the double-valued sizes the guards compute with. */
static inline double atc_floordiv(double a, double b)
{
    double q = a / b;
    long long t = (long long)q;
    return (double)(t - (q < (double)t));
}

/* The cheap work test rewritten code runs first, in integers: sizes clamped to [-2^31, 2^31], products to
 * [0, 2^31] (a negative size means no work), so nothing overflows. A threshold above 2^31 multiply-adds is
 * never reached: the op keeps its original loops (what `atc tune` stores when the library never wins). */
#define ATC_ISAT 2147483648LL
static inline long long atc_isat(long long x) { return x < -ATC_ISAT ? -ATC_ISAT : x > ATC_ISAT ? ATC_ISAT : x; }
static inline long long atc_imul(long long a, long long b)
{
    a = a < 0 ? 0 : a > ATC_ISAT ? ATC_ISAT : a;
    b = b < 0 ? 0 : b > ATC_ISAT ? ATC_ISAT : b;
    return a * b > ATC_ISAT ? ATC_ISAT : a * b;
}
/* The d-th root of a work threshold, rounded down: when every one of d sizes is below it, their product is
 * below the threshold. A compile-time constant (gcc and clang fold the call). */
#define ATC_ROOT(work, d) ((long long)__builtin_pow((double)(work), 1.0 / (d)))
/* The smaller of two saturated sizes. */
static inline long long atc_imin(long long a, long long b) { return a < b ? a : b; }
/* Integer division rounding down; 0 for a divisor below 1 (no valid call has one). */
static inline long long atc_idiv(long long a, long long b)
{
    if (b < 1)
        return 0;
    return a / b - (a % b != 0 && a < 0);
}

#endif
