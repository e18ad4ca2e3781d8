/* Portable reference backend: plain C loops, no dependencies. */
#include "atc_runtime.h"
#include "atc_trace.h"

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
#define ATC_REFERENCE_CONV(p, T)                                                                          \
    void atc_##p##conv2d(int layout, long n, long c, long h, long w, long k, long kh, long kw,            \
                         long stride_h, long stride_w, long pad_h, long pad_w, long dil_h, long dil_w,    \
                         long groups, const T *in, const T *wt, const T *bias, T *out)                    \
    {                                                                                                     \
        ATC_TRACE(#p "conv2d backend=reference layout=%d n=%ld c=%ld h=%ld w=%ld k=%ld kh=%ld kw=%ld "    \
                  "stride=%ld,%ld pad=%ld,%ld dil=%ld,%ld groups=%ld bias=%d", layout, n, c, h, w, k, kh, \
                  kw, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups, bias != NULL);              \
        long cg = c / groups, kg = k / groups;                                                            \
        long oh = (h + 2 * pad_h - dil_h * (kh - 1) - 1) / stride_h + 1;                                  \
        long ow = (w + 2 * pad_w - dil_w * (kw - 1) - 1) / stride_w + 1;                                  \
        for (long b = 0; b < n; b++)                                                                      \
            for (long ko = 0; ko < k; ko++)                                                               \
                for (long y = 0; y < oh; y++)                                                             \
                    for (long x = 0; x < ow; x++) {                                                       \
                        long g = ko / kg;                                                                 \
                        T sum = 0;                                                                        \
                        for (long cc = 0; cc < cg; cc++)                                                  \
                            for (long i = 0; i < kh; i++)                                                 \
                                for (long j = 0; j < kw; j++) {                                           \
                                    long ih = y * stride_h - pad_h + i * dil_h;                           \
                                    long iw = x * stride_w - pad_w + j * dil_w;                           \
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w)                           \
                                        continue;                                                         \
                                    long ci = g * cg + cc;                                                \
                                    if (layout == 0)                                                      \
                                        sum += in[((b * c + ci) * h + ih) * w + iw] *                     \
                                               wt[((ko * cg + cc) * kh + i) * kw + j];                    \
                                    else                                                                  \
                                        sum += in[((b * h + ih) * w + iw) * c + ci] *                     \
                                               wt[((i * kw + j) * cg + cc) * k + ko];                     \
                                }                                                                         \
                        T value = (bias ? bias[ko] : 0) + sum;                                            \
                        if (layout == 0)                                                                  \
                            out[((b * k + ko) * oh + y) * ow + x] = value;                                \
                        else                                                                              \
                            out[((b * oh + y) * ow + x) * k + ko] = value;                                \
                    }                                                                                     \
    }                                                                                                     \
    void atc_##p##conv1d(int flip, int causal, long ci, long co, long l, long kw, long stride, long pad,  \
                         long dil, const T *in, const T *wt, T *out)                                      \
    {                                                                                                     \
        ATC_TRACE(#p "conv1d backend=reference flip=%d causal=%d ci=%ld co=%ld l=%ld kw=%ld stride=%ld "  \
                  "pad=%ld dil=%ld", flip, causal, ci, co, l, kw, stride, pad, dil);                      \
        long padl = causal ? dil * (kw - 1) : pad, padr = causal ? 0 : pad;                               \
        long ol = (l + padl + padr - dil * (kw - 1) - 1) / stride + 1;                                    \
        for (long o = 0; o < co; o++)                                                                     \
            for (long t = 0; t < ol; t++) {                                                               \
                T sum = 0;                                                                                \
                for (long c = 0; c < ci; c++)                                                             \
                    for (long q = 0; q < kw; q++) {                                                       \
                        long i = t * stride - padl + q * dil;                                             \
                        if (i < 0 || i >= l)                                                              \
                            continue;                                                                     \
                        sum += in[c * l + i] * wt[(o * ci + c) * kw + (flip ? kw - 1 - q : q)];           \
                    }                                                                                     \
                out[o * ol + t] = sum;                                                                    \
            }                                                                                             \
    }

ATC_REFERENCE_CONV(s, float)
ATC_REFERENCE_CONV(d, double)
