/* Convolution as GEMM (im2col) through the including backend's own atc_sgemm / atc_dgemm, one call per image,
 * group and block of output pixels:
 *   NCHW: out[n, group g] (Kg x OH*OW, ld OH*OW) = W_g (Kg x Cg*KH*KW, OIHW rows) * col (Cg*KH*KW x OH*OW)
 *   NHWC: out[n] columns g*Kg.. (OH*OW x Kg, ld K) = col_g (OH*OW x KH*KW*Cg) * W_g (HWIO rows, ld K)
 * A 1x1 kernel with stride 1 and no padding needs no im2col: the input already is col. Otherwise the output
 * pixels are lowered a block at a time (a range of col's columns for NCHW, rows for NHWC), so the workspace
 * stays bounded; if it cannot be allocated the direct
 * loops run instead. conv1d is a conv2d with H = KH = 1, its own left pad and output width; its flip
 * reverses the kernel positions read by im2col, so the weights need no reversed copy. */
#ifndef ATC_CONV_LOWERING_H
#define ATC_CONV_LOWERING_H
#include <stdlib.h>
#include "atc_backend.h"

/* Loops that gain most from wider vectors get a copy for AVX2 too, chosen when the program starts. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(ATC_NO_CLONES)
#define ATC_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define ATC_VECTOR_CLONES
#endif
/* Most elements in the im2col workspace (a compile-time knob; tests shrink it to exercise the blocking). */
#ifndef ATC_CONV_COL_ELEMS
#define ATC_CONV_COL_ELEMS (1L << 22)
#endif
/* The workspace allocator (tests make it fail to exercise the fallback). */
#ifndef ATC_CONV_MALLOC
#define ATC_CONV_MALLOC(size) malloc(size)
#endif

/* One convolution: pads are top/left only; the output extent is given, which fixes the bottom/right pad. */
typedef struct {
    int layout, flip;
    long n, c, h, w, k, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow;
} atc_conv_geom;

/* The geometry of the public entry points' arguments (atc_runtime.h defines them). */
static inline atc_conv_geom atc_conv2d_geom(int layout, int flip, long n, long c, long h, long w, long k, long kh,
                                            long kw, long stride_h, long stride_w, long pad_h, long pad_w,
                                            long dil_h, long dil_w, long groups)
{
    atc_conv_geom g = {layout, flip != 0, n, c, h, w, k, kh, kw, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups,
                       (h + 2 * pad_h - dil_h * (kh - 1) - 1) / stride_h + 1,
                       (w + 2 * pad_w - dil_w * (kw - 1) - 1) / stride_w + 1};
    return g;
}

static inline atc_conv_geom atc_conv1d_geom(int flip, long ci, long co, long l, long kw, long stride,
                                            long pad_before, long pad_after, long dil)
{
    atc_conv_geom g = {0, flip != 0, 1, ci, 1, l, co, 1, kw, 1, stride, 0, pad_before, 1, dil, 1, 1,
                       (l + pad_before + pad_after - dil * (kw - 1) - 1) / stride + 1};
    return g;
}

static int atc_conv_is_identity(const atc_conv_geom *g)
{
    return g->kh == 1 && g->kw == 1 && g->sh == 1 && g->sw == 1 && g->ph == 0 && g->pw == 0 && g->oh == g->h &&
           g->ow == g->w;
}

#define ATC_CONV_LOWERING(p, T)                                                                           \
    /* Fallback when there is no workspace: the definition, loop by loop. */                              \
    static inline void atc_##p##conv_direct(const atc_conv_geom *g, const T *in, const T *wt, const T *bias, T *out) \
    {                                                                                                     \
        long cg = g->c / g->groups, kg = g->k / g->groups;                                                \
        for (long b = 0; b < g->n; b++)                                                                   \
            for (long ko = 0; ko < g->k; ko++)                                                            \
                for (long y = 0; y < g->oh; y++)                                                          \
                    for (long x = 0; x < g->ow; x++) {                                                    \
                        T sum = 0;                                                                        \
                        long c0 = ko / kg * cg;                                                           \
                        for (long cc = 0; cc < cg; cc++)                                                  \
                            for (long i = 0; i < g->kh; i++)                                              \
                                for (long j = 0; j < g->kw; j++) {                                        \
                                    long ih = y * g->sh - g->ph + i * g->dh, iw = x * g->sw - g->pw + j * g->dw; \
                                    long iq = g->flip ? g->kh - 1 - i : i, jw = g->flip ? g->kw - 1 - j : j; \
                                    if (ih < 0 || ih >= g->h || iw < 0 || iw >= g->w)                     \
                                        continue;                                                         \
                                    sum += g->layout                                                      \
                                               ? in[((b * g->h + ih) * g->w + iw) * g->c + c0 + cc] *     \
                                                     wt[((iq * g->kw + jw) * cg + cc) * g->k + ko]         \
                                               : in[((b * g->c + c0 + cc) * g->h + ih) * g->w + iw] *     \
                                                     wt[((ko * cg + cc) * g->kh + iq) * g->kw + jw];       \
                                }                                                                         \
                        if (bias)                                                                         \
                            sum += bias[ko];                                                              \
                        out[g->layout ? ((b * g->oh + y) * g->ow + x) * g->k + ko                         \
                                      : ((b * g->k + ko) * g->oh + y) * g->ow + x] = sum;                 \
                    }                                                                                     \
    }                                                                                                     \
    /* NCHW im2col of output pixels t0..t0+nt (pixel y*OW + x) of one group of one image (img: its first  \
     * channel): row (cc*KH + i)*KW + j, column t - t0. Row by row of the output, so that the inner loops \
     * are plain copies: output x reads input column x*SW + off, inside the image for x in [xlo, xhi). */ \
    static inline void atc_##p##im2col_nchw(const atc_conv_geom *g, const T *img, long t0, long nt, T *col)     \
    {                                                                                                     \
        long cg = g->c / g->groups, sw = g->sw;                                                           \
        for (long cc = 0; cc < cg; cc++)                                                                  \
            for (long i = 0; i < g->kh; i++)                                                              \
                for (long j = 0; j < g->kw; j++) {                                                        \
                    T *dst = col + ((cc * g->kh + i) * g->kw + j) * nt;                                   \
                    long off = (g->flip ? g->kw - 1 - j : j) * g->dw - g->pw;                             \
                    long xlo = off >= 0 ? 0 : (sw - 1 - off) / sw;                                        \
                    long xhi = g->w - 1 - off < 0 ? 0 : (g->w - 1 - off) / sw + 1;                        \
                    for (long t = t0; t < t0 + nt;) {                                                     \
                        long y = t / g->ow, x0 = t % g->ow;                                               \
                        long x1 = g->ow - x0 < t0 + nt - t ? g->ow : x0 + (t0 + nt - t);                  \
                        long ih = y * g->sh - g->ph + (g->flip ? g->kh - 1 - i : i) * g->dh;              \
                        T *d = dst + (t - t0); /* output x goes to d[x - x0] */                           \
                        long lo = x0, hi = x0;                                                            \
                        if (ih >= 0 && ih < g->h) {                                                       \
                            const T *row = img + (cc * g->h + ih) * g->w;                                 \
                            lo = xlo < x0 ? x0 : xlo > x1 ? x1 : xlo;                                     \
                            hi = xhi < lo ? lo : xhi > x1 ? x1 : xhi;                                     \
                            if (sw == 1)                                                                  \
                                for (long x = lo; x < hi; x++)                                            \
                                    d[x - x0] = row[x + off];                                             \
                            else                                                                          \
                                for (long x = lo; x < hi; x++)                                            \
                                    d[x - x0] = row[x * sw + off];                                        \
                        }                                                                                 \
                        for (long x = x0; x < lo; x++)                                                    \
                            d[x - x0] = 0;                                                                \
                        for (long x = hi; x < x1; x++)                                                    \
                            d[x - x0] = 0;                                                                \
                        t += x1 - x0;                                                                     \
                    }                                                                                     \
                }                                                                                         \
    }                                                                                                     \
    /* NHWC im2col of output pixels t0..t0+nt of group gi of one image: row t - t0,                       \
     * column (i*KW + j)*Cg + cc. */                                                                      \
    static inline void atc_##p##im2col_nhwc(const atc_conv_geom *g, const T *img, long gi, long t0, long nt, T *col) \
    {                                                                                                     \
        long cg = g->c / g->groups, y = t0 / g->ow, x = t0 % g->ow;                                       \
        for (long t = 0; t < nt; t++) {                                                                   \
            for (long i = 0; i < g->kh; i++)                                                              \
                for (long j = 0; j < g->kw; j++) {                                                        \
                    T *dst = col + (t * g->kh * g->kw + i * g->kw + j) * cg;                              \
                    long ih = y * g->sh - g->ph + (g->flip ? g->kh - 1 - i : i) * g->dh;                  \
                    long iw = x * g->sw - g->pw + (g->flip ? g->kw - 1 - j : j) * g->dw;                  \
                    if (ih < 0 || ih >= g->h || iw < 0 || iw >= g->w) {                                   \
                        for (long cc = 0; cc < cg; cc++)                                                  \
                            dst[cc] = 0;                                                                  \
                        continue;                                                                         \
                    }                                                                                     \
                    const T *src = img + (ih * g->w + iw) * g->c + gi * cg;                               \
                    for (long cc = 0; cc < cg; cc++)                                                      \
                        dst[cc] = src[cc];                                                                \
                }                                                                                         \
            if (++x == g->ow)                                                                             \
                x = 0, y++;                                                                               \
        }                                                                                                 \
    }                                                                                                     \
    /* conv1d with few channels: no im2col and no GEMM; for each block of outputs, every tap is added to a  \
     * local accumulator (a loop the compiler vectorises: the accumulator aliases nothing, and stays in the  \
     * L1 cache while all taps are added), which is then copied out. */                                    \
    ATC_VECTOR_CLONES static void atc_##p##conv1d_taps(const atc_conv_geom *g, const T *in, const T *wt,  \
                                                        T *out)                                           \
    {                                                                                                     \
        enum { BLOCK = 512 };                                                                             \
        T acc[BLOCK];                                                                                     \
        long ol = g->ow, l = g->w, kw = g->kw, s = g->sw, d = g->dw, pad = g->pw;                         \
        for (long co = 0; co < g->k; co++)                                                                \
            for (long t0 = 0; t0 < ol; t0 += BLOCK) {                                                     \
                long nt = ol - t0 < BLOCK ? ol - t0 : BLOCK;                                              \
                for (long t = 0; t < nt; t++)                                                             \
                    acc[t] = 0;                                                                           \
                /* a block whose outputs read only the signal (no padding) takes eight taps per pass */         \
                int inside = s == 1 && t0 - pad >= 0 && t0 + nt - 1 + (kw - 1) * d - pad <= l - 1;       \
                /* only the taps through which some output of the block sees the signal (output t reads   \
                 * x[t*s + q*d - pad] by tap q): with a short signal and a long filter, most see padding */ \
                long reach_lo = pad - (t0 + nt - 1) * s, reach_hi = pad + l - 1 - t0 * s;                 \
                long qlo = reach_lo <= 0 ? 0 : (reach_lo + d - 1) / d;                                    \
                long qhi = reach_hi < 0 ? 0 : reach_hi / d + 1 < kw ? reach_hi / d + 1 : kw;              \
                for (long ci = 0; ci < g->c; ci++) {                                                      \
                    const T *x = in + ci * l, *w = wt + (co * g->c + ci) * kw;                            \
                    long q = qlo;                                                                         \
                    for (; inside && q + 8 <= kw; q += 8) {                                               \
                        T v[8];                                                                           \
                        for (int u = 0; u < 8; u++) v[u] = w[g->flip ? kw - 1 - q - u : q + u];           \
                        const T *x0 = x + t0 + q * d - pad;                                               \
                        for (long t = 0; t < nt; t++)                                                     \
                            acc[t] += (v[0] * x0[t] + v[1] * x0[t + d] + v[2] * x0[t + 2 * d] + v[3] * x0[t + 3 * d]) + \
                                      (v[4] * x0[t + 4 * d] + v[5] * x0[t + 5 * d] + v[6] * x0[t + 6 * d] + v[7] * x0[t + 7 * d]); \
                    }                                                                                     \
                    for (; q < qhi; q++) {                                                                \
                        T wq = w[g->flip ? kw - 1 - q : q];                                               \
                        long off = q * d - pad; /* output t reads x[t*s + off] */                        \
                        long lo = off >= 0 ? 0 : (-off + s - 1) / s;                                      \
                        long hi = l - 1 - off < 0 ? 0 : (l - 1 - off) / s + 1;                            \
                        lo = (lo < t0 ? t0 : lo) - t0;                                                    \
                        hi = (hi > t0 + nt ? t0 + nt : hi) - t0;                                          \
                        if (s == 1) {                                                                     \
                            const T *xo = x + t0 + off;                                                   \
                            for (long t = lo; t < hi; t++)                                                \
                                acc[t] += wq * xo[t];                                                     \
                        } else                                                                            \
                            for (long t = lo; t < hi; t++)                                                \
                                acc[t] += wq * x[(t0 + t) * s + off];                                     \
                    }                                                                                     \
                }                                                                                         \
                for (long t = 0; t < nt; t++)                                                             \
                    out[co * ol + t0 + t] = acc[t];                                                       \
            }                                                                                             \
    }                                                                                                     \
    static inline void atc_##p##conv_lowered(const atc_conv_geom *g, const T *in, const T *wt, const T *bias, T *out) \
    {                                                                                                     \
        long cg = g->c / g->groups, kg = g->k / g->groups, kd = cg * g->kh * g->kw;                       \
        long hw = g->h * g->w, ohw = g->oh * g->ow;                                                       \
        if (atc_conv_is_identity(g)) {                                                                    \
            if (g->layout) /* all images at once: N*H*W pixel rows, C (ld) input channels */              \
                for (long gi = 0; gi < g->groups; gi++)                                                   \
                    atc_##p##gemm(0, 0, g->n * hw, kg, cg, 1, in + gi * cg, g->c, wt + gi * kg, g->k, 0,  \
                                  out + gi * kg, g->k);                                                   \
            else                                                                                          \
                for (long b = 0; b < g->n; b++)                                                           \
                    for (long gi = 0; gi < g->groups; gi++)                                               \
                        atc_##p##gemm(0, 0, kg, hw, cg, 1, wt + gi * kg * cg, cg,                         \
                                      in + (b * g->c + gi * cg) * hw, hw, 0,                              \
                                      out + (b * g->k + gi * kg) * ohw, ohw);                             \
        } else {                                                                                          \
            long block = ATC_CONV_COL_ELEMS / kd; /* output pixels per im2col block */                    \
            if (block < 1)                                                                                \
                block = 1;                                                                                \
            if (block > ohw)                                                                              \
                block = ohw;                                                                              \
            T *col = ATC_CONV_MALLOC((size_t)kd * block * sizeof(T));                                     \
            if (!col) {                                                                                   \
                atc_##p##conv_direct(g, in, wt, bias, out);                                               \
                return;                                                                                   \
            }                                                                                             \
            for (long b = 0; b < g->n; b++)                                                               \
                for (long gi = 0; gi < g->groups; gi++)                                                   \
                    for (long t0 = 0; t0 < ohw; t0 += block) {                                            \
                        long nt = ohw - t0 < block ? ohw - t0 : block;                                    \
                        if (g->layout) {                                                                  \
                            atc_##p##im2col_nhwc(g, in + b * hw * g->c, gi, t0, nt, col);                 \
                            atc_##p##gemm(0, 0, nt, kg, kd, 1, col, kd, wt + gi * kg, g->k, 0,            \
                                          out + (b * ohw + t0) * g->k + gi * kg, g->k);                   \
                        } else {                                                                          \
                            atc_##p##im2col_nchw(g, in + (b * g->c + gi * cg) * hw, t0, nt, col);         \
                            atc_##p##gemm(0, 0, kg, nt, kd, 1, wt + gi * kg * kd, kd, col, nt, 0,         \
                                          out + (b * g->k + gi * kg) * ohw + t0, ohw);                    \
                        }                                                                                 \
                    }                                                                                     \
            free(col);                                                                                    \
        }                                                                                                 \
        if (bias && g->layout)                                                                            \
            for (long t = 0; t < g->n * ohw; t++)                                                         \
                for (long ko = 0; ko < g->k; ko++)                                                        \
                    out[t * g->k + ko] += bias[ko];                                                       \
        else if (bias)                                                                                    \
            for (long b = 0; b < g->n; b++)                                                               \
                for (long ko = 0; ko < g->k; ko++)                                                        \
                    for (long t = 0; t < ohw; t++)                                                        \
                        out[(b * g->k + ko) * ohw + t] += bias[ko];                                       \
    }                                                                                                     \

ATC_CONV_LOWERING(s, float)
ATC_CONV_LOWERING(d, double)

/* Public entry points that lower here, and their trace lines: NAME is the backend's name in the trace, SUFFIX
 * more trace text (a string literal, may be ""). */
#define ATC_CONV2D_TRACE(p, NAME, SUFFIX)                                                                 \
    ATC_TRACE(#p "conv2d backend=" NAME " layout=%d flip=%d n=%ld c=%ld h=%ld w=%ld k=%ld kh=%ld kw=%ld "  \
              "stride=%ld,%ld pad=%ld,%ld dil=%ld,%ld groups=%ld bias=%d" SUFFIX, layout, flip, n, c, h, w, k, kh, \
              kw, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups, bias != NULL)
#define ATC_CONV1D_TRACE(p, NAME, SUFFIX)                                                                 \
    ATC_TRACE(#p "conv1d backend=" NAME " flip=%d ci=%ld co=%ld l=%ld kw=%ld stride=%ld pad=%ld,%ld "     \
              "dil=%ld" SUFFIX, flip, ci, co, l, kw, stride, pad_before, pad_after, dil)
/* Public entry points computing with IMPL (conv_lowered or conv_direct above). */
#define ATC_CONV2D_API(p, T, IMPL, NAME, SUFFIX)                                                          \
    int atc_##p##conv2d(int layout, int flip, long n, long c, long h, long w, long k, long kh, long kw,   \
                        long stride_h, long stride_w, long pad_h, long pad_w, long dil_h, long dil_w,     \
                        long groups, const T *in, const T *wt, const T *bias, T *out)                     \
    {                                                                                                     \
        ATC_CONV2D_TRACE(p, NAME, SUFFIX);                                                                \
        atc_conv_geom g = atc_conv2d_geom(layout, flip, n, c, h, w, k, kh, kw, stride_h, stride_w, pad_h, \
                                          pad_w, dil_h, dil_w, groups);                                   \
        atc_##p##IMPL(&g, in, wt, bias, out);                                                             \
        return 1;                                                                                         \
    }
/* Channel pairs (CI x CO) up to which conv1d adds taps directly instead of going through im2col and a GEMM
 * (python evaluation/bench_conv1d_dispatch.py: taps as fast or faster up to 4 x 4, im2col faster at 8 x 8). */
#ifndef ATC_CONV1D_TAPS_CHANNELS
#define ATC_CONV1D_TAPS_CHANNELS 16
#endif
/* conv1d also adds taps directly when padding makes the output this many times longer than the signal:
 * im2col and the GEMM would multiply zeros for the most part, while the taps loop skips them (a full
 * convolution of 100 samples by 1000 taps, 32 x 32 channels: 5x faster by taps, measured by
 * evaluation/bench_conv1d_dispatch.py). */
#ifndef ATC_CONV1D_TAPS_PADDED
#define ATC_CONV1D_TAPS_PADDED 2
#endif
static inline int atc_conv1d_by_taps(const atc_conv_geom *g)
{
    return g->c * g->k <= ATC_CONV1D_TAPS_CHANNELS || g->ow >= ATC_CONV1D_TAPS_PADDED * g->w;
}
#define ATC_CONV1D_API(p, T, IMPL, NAME, SUFFIX)                                                          \
    int atc_##p##conv1d(int flip, long ci, long co, long l, long kw, long stride, long pad_before,        \
                        long pad_after, long dil, const T *in, const T *wt, T *out)                       \
    {                                                                                                     \
        atc_conv_geom g = atc_conv1d_geom(flip, ci, co, l, kw, stride, pad_before, pad_after, dil);       \
        if (atc_conv1d_by_taps(&g)) {                                                                     \
            ATC_CONV1D_TRACE(p, NAME, " via=taps");                                                       \
            atc_##p##conv1d_taps(&g, in, wt, out);                                                        \
        } else {                                                                                          \
            ATC_CONV1D_TRACE(p, NAME, SUFFIX);                                                            \
            atc_##p##IMPL(&g, in, wt, NULL, out);                                                         \
        }                                                                                                 \
        return 1;                                                                                         \
    }
#define ATC_CONV2D_LOWERED_API(p, T, NAME, SUFFIX) ATC_CONV2D_API(p, T, conv_lowered, NAME, SUFFIX)
#define ATC_CONV1D_LOWERED_API(p, T, NAME, SUFFIX) ATC_CONV1D_API(p, T, conv_lowered, NAME, SUFFIX)
#define ATC_CONV_LOWERED_API(p, T, NAME, SUFFIX)                                                          \
    ATC_CONV2D_LOWERED_API(p, T, NAME, SUFFIX)                                                            \
    ATC_CONV1D_LOWERED_API(p, T, NAME, SUFFIX)
/* The definition, loop by loop, with no workspace and no GEMM (the reference backend). */
#define ATC_CONV_DIRECT_API(p, T, NAME)                                                                   \
    ATC_CONV2D_API(p, T, conv_direct, NAME, "")                                                           \
    ATC_CONV1D_API(p, T, conv_direct, NAME, "")

#endif
