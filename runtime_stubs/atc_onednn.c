/* oneDNN backend, from the onednn / onednn-devel wheels. oneDNN's C API has one floating-point BLAS call,
 * dnnl_sgemm (row-major, 'N'/'T', 64-bit sizes); through it go sgemm, sgemm_batched (one dnnl_sgemm per
 * matrix) and sgemv (a GEMM whose B and C have one column). oneDNN has no double-precision GEMM and no
 * BLAS-1, so dgemm, dgemm_batched, dgemv, ?axpy, ?dot and dsdot are plain C loops here. sconv2d is oneDNN's
 * convolution primitive when a CPU engine can be created; dconv2d (oneDNN's CPU convolutions have no f64) and
 * ?conv1d go through im2col and this file's GEMMs (atc_conv_lowering.h). */
#include "atc_loops.h"
#include "atc_conv_lowering.h"
#include <dnnl.h>
#include <dnnl_debug.h>
#include <pthread.h>

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
                           long incx, float beta, float *y, long incy)
{   /* y = alpha op(A) x + beta y as a GEMM with N = 1: x and y are one-column matrices (ld = increment) */
    if (trans)
        atc_dnnl_check(dnnl_sgemm('T', 'N', n, 1, m, alpha, a, lda, x, incx, beta, y, incy));
    else
        atc_dnnl_check(dnnl_sgemm('N', 'N', m, 1, n, alpha, a, lda, x, incx, beta, y, incy));
}

ATC_LOOP_GEMM_API(s, float, atc_dnnl_sgemm, atc_dnnl_sgemv, "onednn", " via=dnnl_sgemm")
ATC_LOOP_GEMM_API(d, double, atc_dloop_gemm, atc_dloop_gemv, "onednn", " via=loop")
ATC_LOOP_BLAS1_API(s, float, "onednn", " via=loop")
ATC_LOOP_BLAS1_API(d, double, "onednn", " via=loop")
ATC_LOOP_DSDOT_API("onednn", " via=loop")
ATC_BIAS_API(s, float, "onednn")
ATC_BIAS_API(d, double, "onednn")

ATC_CONV2D_LOWERED_API(d, double, "onednn", " via=im2col+loop")
ATC_CONV1D_LOWERED_API(s, float, "onednn", " via=im2col+dnnl_sgemm")
ATC_CONV1D_LOWERED_API(d, double, "onednn", " via=im2col+loop")

/* sconv2d: the last convolution primitive created, kept for the next call with the same geometry (creating one
 * costs far more than running a small one). Shapes oneDNN rejects are remembered too (prim NULL) and lowered.
 * The primitive picks its own memory layouts (its fast kernels want blocked ones): where they differ from the
 * caller's, the operands are reordered into buffers of the cache and the result back.
 * One mutex guards the cache, the memory objects and the stream, so concurrent calls run one at a time. */
enum { ATC_CONV_KEY = 16, ATC_SRC = 0, ATC_WEI, ATC_BIAS, ATC_DST, ATC_OPERANDS };
static struct {
    int valid;
    long key[ATC_CONV_KEY];
    dnnl_primitive_t prim;
    dnnl_memory_t user[ATC_OPERANDS];     /* the caller's arrays (data handles set per call) */
    dnnl_memory_t inner[ATC_OPERANDS];    /* in the primitive's layout, or NULL when it is the caller's */
    dnnl_primitive_t reorder[ATC_OPERANDS]; /* user -> inner (inputs), inner -> user (the output) */
} atc_conv_cache;
static pthread_mutex_t atc_conv_lock = PTHREAD_MUTEX_INITIALIZER;
static dnnl_engine_t atc_conv_engine;
static dnnl_stream_t atc_conv_stream;

static void atc_conv_cache_clear(void)
{
    if (atc_conv_cache.prim)
        dnnl_primitive_destroy(atc_conv_cache.prim);
    atc_conv_cache.prim = NULL;
    for (int i = 0; i < ATC_OPERANDS; i++) {
        if (atc_conv_cache.user[i])
            dnnl_memory_destroy(atc_conv_cache.user[i]);
        if (atc_conv_cache.inner[i])
            dnnl_memory_destroy(atc_conv_cache.inner[i]);
        if (atc_conv_cache.reorder[i])
            dnnl_primitive_destroy(atc_conv_cache.reorder[i]);
        atc_conv_cache.user[i] = atc_conv_cache.inner[i] = NULL;
        atc_conv_cache.reorder[i] = NULL;
    }
    atc_conv_cache.valid = 0;
}

/* 1 once the CPU engine and its stream exist; tried once. The wheels' oneDNN runs its CPU engine on SYCL, which
 * needs an OpenCL CPU runtime the OpenCL loader can find: the intel-opencl-rt wheel's, named at build time
 * (ATC_OPENCL_CPU_ICD) and offered through OCL_ICD_FILENAMES unless the user set that. Without one, sconv2d
 * is lowered like dconv2d. */
static int atc_conv_engine_ready(void)
{
    static int state; /* 0 untried, 1 ready, -1 unavailable */
    if (state == 0) {
        /* oneDNN reports that failure on stdout, the program's own output: silence it (process-wide) unless the
         * user asked for oneDNN's verbose output */
        if (!getenv("ONEDNN_VERBOSE") && !getenv("DNNL_VERBOSE"))
            dnnl_set_verbose(0);
        state = -1;
#ifdef ATC_OPENCL_CPU_ICD
        setenv("OCL_ICD_FILENAMES", ATC_OPENCL_CPU_ICD, 0);
#endif
        if (dnnl_engine_create(&atc_conv_engine, dnnl_cpu, 0) == dnnl_success) {
            if (dnnl_stream_create(&atc_conv_stream, atc_conv_engine, dnnl_stream_default_flags) == dnnl_success)
                state = 1;
            else
                dnnl_engine_destroy(atc_conv_engine);
        }
    }
    return state == 1;
}

/* A memory object for md (no data yet), or NULL when md is NULL or creation fails. */
static dnnl_memory_t atc_conv_memory(const_dnnl_memory_desc_t md, void *handle, dnnl_status_t *st)
{
    dnnl_memory_t mem = NULL;
    if (md && *st == dnnl_success)
        *st = dnnl_memory_create(&mem, md, atc_conv_engine, handle);
    return mem;
}

/* Where the primitive wants operand i in another layout than the caller's: a buffer in its layout and the
 * reorder between the two. */
static void atc_conv_relayout(int i, const_dnnl_memory_desc_t user, const_dnnl_memory_desc_t chosen,
                              dnnl_status_t *st)
{
    dnnl_primitive_desc_t rpd = NULL;
    if (*st != dnnl_success || dnnl_memory_desc_equal(user, chosen))
        return;
    atc_conv_cache.inner[i] = atc_conv_memory(chosen, DNNL_MEMORY_ALLOCATE, st);
    if (*st == dnnl_success)
        *st = i == ATC_DST ? dnnl_reorder_primitive_desc_create(&rpd, chosen, atc_conv_engine, user, atc_conv_engine, NULL)
                           : dnnl_reorder_primitive_desc_create(&rpd, user, atc_conv_engine, chosen, atc_conv_engine, NULL);
    if (*st == dnnl_success)
        *st = dnnl_primitive_create(&atc_conv_cache.reorder[i], rpd);
    if (rpd)
        dnnl_primitive_desc_destroy(rpd);
}

/* Fills the cache for key (layout, n, c, h, w, k, kh, kw, strides, pads, dilations, groups, has bias): 1 with a
 * primitive, 0 (cached as such) when oneDNN cannot do this convolution. */
static int atc_conv_create(const long *key, long oh, long ow)
{
    int layout = (int)key[0];
    long n = key[1], c = key[2], h = key[3], w = key[4], k = key[5], kh = key[6], kw = key[7], groups = key[14];
    dnnl_status_t st;
    dnnl_memory_desc_t md[ATC_OPERANDS] = {NULL}, any[ATC_OPERANDS] = {NULL};
    dnnl_primitive_desc_t pd = NULL;
    dnnl_dims_t src_dims = {n, c, h, w}, dst_dims = {n, k, oh, ow}, bias_dims = {k};
    dnnl_dims_t wei_dims = {k, c, kh, kw}, gwei_dims = {groups, k / groups, c / groups, kh, kw};
    /* oneDNN names dimensions logically (N, C, H, W; [G,] O, I, H, W): the tag gives the memory order; hwigo
     * is HWIO with O split as (G, O/G), i.e. the same bytes */
    dnnl_format_tag_t act = layout ? dnnl_nhwc : dnnl_nchw;
    dnnl_format_tag_t wei_tag = groups == 1 ? (layout ? dnnl_hwio : dnnl_oihw) : (layout ? dnnl_hwigo : dnnl_goihw);
    struct { int ndims; const dnnl_dim_t *dims; dnnl_format_tag_t tag; } operand[ATC_OPERANDS] = {
        [ATC_SRC] = {4, src_dims, act},
        [ATC_WEI] = {groups == 1 ? 4 : 5, groups == 1 ? wei_dims : gwei_dims, wei_tag},
        [ATC_BIAS] = {key[15] ? 1 : 0, bias_dims, dnnl_x}, /* 0 dimensions: no bias */
        [ATC_DST] = {4, dst_dims, act},
    };
    /* each operand in the caller's layout, and but for the bias in the layout the primitive will choose (any) */
    st = dnnl_success;
    for (int i = 0; i < ATC_OPERANDS && st == dnnl_success; i++) {
        if (!operand[i].ndims)
            continue;
        st = dnnl_memory_desc_create_with_tag(&md[i], operand[i].ndims, operand[i].dims, dnnl_f32, operand[i].tag);
        if (st == dnnl_success && i != ATC_BIAS)
            st = dnnl_memory_desc_create_with_tag(&any[i], operand[i].ndims, operand[i].dims, dnnl_f32,
                                                  dnnl_format_tag_any);
    }
    /* oneDNN counts dilation from 0 (0: dense kernel) */
    dnnl_dims_t strides = {key[8], key[9]}, dilates = {key[12] - 1, key[13] - 1}, pad = {key[10], key[11]};
    if (st == dnnl_success)
        st = dnnl_convolution_forward_primitive_desc_create(&pd, atc_conv_engine, dnnl_forward_inference,
                                                            dnnl_convolution_direct, any[ATC_SRC], any[ATC_WEI],
                                                            md[ATC_BIAS], any[ATC_DST], strides, dilates, pad, pad,
                                                            NULL);
    if (st == dnnl_success)
        st = dnnl_primitive_create(&atc_conv_cache.prim, pd);
    for (int i = 0; i < ATC_OPERANDS; i++)
        atc_conv_cache.user[i] = atc_conv_memory(md[i], DNNL_MEMORY_NONE, &st);
    if (st == dnnl_success) {
        atc_conv_relayout(ATC_SRC, md[ATC_SRC], dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0), &st);
        atc_conv_relayout(ATC_WEI, md[ATC_WEI], dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0), &st);
        atc_conv_relayout(ATC_DST, md[ATC_DST], dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0), &st);
    }
    if (pd)
        dnnl_primitive_desc_destroy(pd);
    for (int i = 0; i < ATC_OPERANDS; i++) {
        if (md[i])
            dnnl_memory_desc_destroy(md[i]);
        if (any[i])
            dnnl_memory_desc_destroy(any[i]);
    }
    if (st != dnnl_success)
        atc_conv_cache_clear();
    for (int i = 0; i < ATC_CONV_KEY; i++)
        atc_conv_cache.key[i] = key[i];
    atc_conv_cache.valid = 1;
    return st == dnnl_success;
}

/* Runs primitive p from one memory object to another (a reorder); NULL p: nothing to do. */
static int atc_conv_reorder(dnnl_primitive_t p, dnnl_memory_t from, dnnl_memory_t to)
{
    dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}};
    return !p || dnnl_primitive_execute(p, atc_conv_stream, 2, args) == dnnl_success;
}

/* Runs the convolution through oneDNN: 1 done, 0 not (the caller lowers it instead); *created says whether this
 * call built the primitive. */
static int atc_conv_dnnl(const long *key, long oh, long ow, const float *in, const float *wt, const float *bias,
                         float *out, int *created)
{
    pthread_mutex_lock(&atc_conv_lock);
    *created = 0;
    if (!atc_conv_engine_ready()) {
        pthread_mutex_unlock(&atc_conv_lock);
        return 0;
    }
    int same = atc_conv_cache.valid;
    for (int i = 0; same && i < ATC_CONV_KEY; i++)
        same = atc_conv_cache.key[i] == key[i];
    if (!same) {
        atc_conv_cache_clear();
        *created = atc_conv_create(key, oh, ow);
    }
    int ok = atc_conv_cache.prim != NULL;
    if (ok) {
        dnnl_memory_t *user = atc_conv_cache.user, *inner = atc_conv_cache.inner;
        dnnl_primitive_t *reorder = atc_conv_cache.reorder;
        dnnl_memory_t src = inner[ATC_SRC] ? inner[ATC_SRC] : user[ATC_SRC];
        dnnl_memory_t wei = inner[ATC_WEI] ? inner[ATC_WEI] : user[ATC_WEI];
        dnnl_memory_t dst = inner[ATC_DST] ? inner[ATC_DST] : user[ATC_DST];
        dnnl_exec_arg_t args[4] = {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst},
                                   {DNNL_ARG_BIAS, user[ATC_BIAS]}};
        ok = dnnl_memory_set_data_handle(user[ATC_SRC], (void *)in) == dnnl_success &&
             dnnl_memory_set_data_handle(user[ATC_WEI], (void *)wt) == dnnl_success &&
             dnnl_memory_set_data_handle(user[ATC_DST], out) == dnnl_success &&
             (!bias || dnnl_memory_set_data_handle(user[ATC_BIAS], (void *)bias) == dnnl_success) &&
             atc_conv_reorder(reorder[ATC_SRC], user[ATC_SRC], src) &&
             atc_conv_reorder(reorder[ATC_WEI], user[ATC_WEI], wei) &&
             dnnl_primitive_execute(atc_conv_cache.prim, atc_conv_stream, bias ? 4 : 3, args) == dnnl_success &&
             atc_conv_reorder(reorder[ATC_DST], dst, user[ATC_DST]) &&
             dnnl_stream_wait(atc_conv_stream) == dnnl_success;
    }
    pthread_mutex_unlock(&atc_conv_lock);
    return ok;
}

int atc_sconv2d(int layout, int flip, long n, long c, long h, long w, long k, long kh, long kw, long stride_h,
                long stride_w, long pad_h, long pad_w, long dil_h, long dil_w, long groups, const float *in,
                const float *wt, const float *bias, float *out)
{
    long key[ATC_CONV_KEY] = {layout, n, c, h, w, k, kh, kw, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w,
                              groups, bias != NULL};
    atc_conv_geom g = atc_conv2d_geom(layout, flip, n, c, h, w, k, kh, kw, stride_h, stride_w, pad_h, pad_w, dil_h,
                                      dil_w, groups);
    int created;
    /* oneDNN's primitive computes a cross-correlation: a flipped kernel is lowered */
    if (!flip && atc_conv_dnnl(key, g.oh, g.ow, in, wt, bias, out, &created)) {
        if (created)
            ATC_CONV2D_TRACE(s, "onednn", " via=dnnl_convolution primitive=created");
        else
            ATC_CONV2D_TRACE(s, "onednn", " via=dnnl_convolution primitive=cached");
        return 1;
    }
    ATC_CONV2D_TRACE(s, "onednn", " via=im2col+dnnl_sgemm");
    atc_sconv_lowered(&g, in, wt, bias, out);
    return 1;
}
