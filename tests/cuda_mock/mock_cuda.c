/* Host emulation of the CUDA/cuBLAS calls atc_cublas.c makes. It checks what the real ones would reject:
 * cuBLAS operands must be device buffers from cudaMalloc and lie inside them, leading dimensions must be
 * valid for column-major storage, copies must go the stated direction, and every buffer must be freed. */
#include "cublas_v2.h"
#include "cuda_runtime.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct { char *p; size_t n; } live[64];
static int nlive;

static void leaks(void)
{
    if (nlive) {
        fprintf(stderr, "mock cuda: %d device buffers never freed\n", nlive);
        _exit(3);
    }
}

/* 1 when [p, p+n) lies in one device buffer */
static int on_device(const void *p, size_t n)
{
    for (int i = 0; i < nlive; i++)
        if ((const char *)p >= live[i].p && (const char *)p + n <= live[i].p + live[i].n)
            return 1;
    return 0;
}

cudaError_t cudaMalloc(void **ptr, size_t size)
{
    static int registered;
    if (!registered++)
        atexit(leaks);
    if (nlive == 64 || size == 0 || !(*ptr = malloc(size)))
        return cudaErrorMemoryAllocation;
    memset(*ptr, 0xff, size); /* NaN garbage: an output the backend forgot to upload shows */
    live[nlive].p = *ptr, live[nlive++].n = size;
    return cudaSuccess;
}

cudaError_t cudaFree(void *ptr)
{
    for (int i = 0; i < nlive; i++)
        if (live[i].p == ptr) {
            free(ptr);
            live[i] = live[--nlive];
            return cudaSuccess;
        }
    return cudaErrorInvalidValue;
}

cudaError_t cudaMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height,
                         enum cudaMemcpyKind kind)
{
    if (dpitch < width || spitch < width || height == 0)
        return cudaErrorInvalidValue;
    const void *dev = kind == cudaMemcpyHostToDevice ? dst : src;
    const void *host = kind == cudaMemcpyHostToDevice ? src : dst;
    size_t pitch = kind == cudaMemcpyHostToDevice ? dpitch : spitch;
    if (!on_device(dev, (height - 1) * pitch + width) || on_device(host, 1))
        return cudaErrorInvalidValue;
    for (size_t r = 0; r < height; r++)
        memcpy((char *)dst + r * dpitch, (const char *)src + r * spitch, width);
    return cudaSuccess;
}

const char *cudaGetErrorString(cudaError_t err) { return err ? "mock CUDA error" : "no error"; }
const char *cudaGetErrorName(cudaError_t err)
{
    return err == cudaErrorInvalidValue ? "cudaErrorInvalidValue" : "cudaErrorMemoryAllocation";
}

static struct atc_mock_cublas { int ok; } handle = {1};
cublasStatus_t cublasCreate(cublasHandle_t *h)
{
    *h = &handle;
    return CUBLAS_STATUS_SUCCESS;
}
const char *cublasGetStatusString(cublasStatus_t s)
{
    return s ? "CUBLAS_STATUS_INVALID_VALUE" : "CUBLAS_STATUS_SUCCESS";
}

/* column-major: element (i, j) of a matrix with leading dimension ld is at [i + j * ld] */
#define ATC_MOCK(p, T)                                                                                    \
    cublasStatus_t cublas##p##gemmStridedBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, \
                                                 int m, int n, int k, const T *alpha, const T *a, int lda, \
                                                 long long sa, const T *b, int ldb, long long sb,         \
                                                 const T *beta, T *c, int ldc, long long sc, int count)   \
    {                                                                                                     \
        int ra = ta ? k : m, ca = ta ? m : k, rb = tb ? n : k, cb = tb ? k : n;                          \
        if (h != &handle || m < 1 || n < 1 || k < 1 || count < 1 || lda < ra || ldb < rb || ldc < m)      \
            return CUBLAS_STATUS_INVALID_VALUE;                                                           \
        for (int t = 0; t < count; t++) {                                                                 \
            const T *at = a + t * sa, *bt = b + t * sb;                                                   \
            T *ct = c + t * sc;                                                                           \
            if (!on_device(at, ((size_t)(ca - 1) * lda + ra) * sizeof(T)) ||                              \
                !on_device(bt, ((size_t)(cb - 1) * ldb + rb) * sizeof(T)) ||                              \
                !on_device(ct, ((size_t)(n - 1) * ldc + m) * sizeof(T)))                                  \
                return CUBLAS_STATUS_INVALID_VALUE;                                                       \
            for (int i = 0; i < m; i++)                                                                   \
                for (int j = 0; j < n; j++) {                                                             \
                    T s = 0;                                                                              \
                    for (int q = 0; q < k; q++)                                                           \
                        s += (ta ? at[q + i * lda] : at[i + q * lda]) * (tb ? bt[j + q * ldb] : bt[q + j * ldb]); \
                    ct[i + j * ldc] = *beta == 0 ? *alpha * s : *alpha * s + *beta * ct[i + j * ldc];     \
                }                                                                                         \
        }                                                                                                 \
        return CUBLAS_STATUS_SUCCESS;                                                                     \
    }                                                                                                     \
    cublasStatus_t cublas##p##gemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, \
                                   int k, const T *alpha, const T *a, int lda, const T *b, int ldb,       \
                                   const T *beta, T *c, int ldc)                                          \
    {                                                                                                     \
        return cublas##p##gemmStridedBatched(h, ta, tb, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1); \
    }                                                                                                     \
    cublasStatus_t cublas##p##gemv(cublasHandle_t h, cublasOperation_t t, int m, int n, const T *alpha,   \
                                   const T *a, int lda, const T *x, int incx, const T *beta, T *y, int incy) \
    {                                                                                                     \
        int nx = t ? m : n, ny = t ? n : m;                                                               \
        if (h != &handle || m < 1 || n < 1 || lda < m || incx != 1 || incy != 1 ||                        \
            !on_device(a, ((size_t)(n - 1) * lda + m) * sizeof(T)) || !on_device(x, nx * sizeof(T)) ||    \
            !on_device(y, ny * sizeof(T)))                                                                \
            return CUBLAS_STATUS_INVALID_VALUE;                                                           \
        for (int i = 0; i < ny; i++) {                                                                    \
            T s = 0;                                                                                      \
            for (int j = 0; j < nx; j++)                                                                  \
                s += (t ? a[j + i * lda] : a[i + j * lda]) * x[j];                                        \
            y[i] = *beta == 0 ? *alpha * s : *alpha * s + *beta * y[i];                                   \
        }                                                                                                 \
        return CUBLAS_STATUS_SUCCESS;                                                                     \
    }                                                                                                     \
    cublasStatus_t cublas##p##axpy(cublasHandle_t h, int n, const T *alpha, const T *x, int incx, T *y,   \
                                   int incy)                                                              \
    {                                                                                                     \
        if (h != &handle || n < 1 || incx != 1 || incy != 1 || !on_device(x, n * sizeof(T)) ||            \
            !on_device(y, n * sizeof(T)))                                                                 \
            return CUBLAS_STATUS_INVALID_VALUE;                                                           \
        for (int i = 0; i < n; i++)                                                                       \
            y[i] += *alpha * x[i];                                                                        \
        return CUBLAS_STATUS_SUCCESS;                                                                     \
    }                                                                                                     \
    cublasStatus_t cublas##p##dot(cublasHandle_t h, int n, const T *x, int incx, const T *y, int incy,    \
                                  T *result)                                                              \
    {                                                                                                     \
        if (h != &handle || n < 1 || incx != 1 || incy != 1 || !on_device(x, n * sizeof(T)) ||            \
            !on_device(y, n * sizeof(T)) || on_device(result, 1))                                         \
            return CUBLAS_STATUS_INVALID_VALUE;                                                           \
        T s = 0;                                                                                          \
        for (int i = 0; i < n; i++)                                                                       \
            s += x[i] * y[i];                                                                             \
        *result = s;                                                                                      \
        return CUBLAS_STATUS_SUCCESS;                                                                     \
    }

ATC_MOCK(S, float)
ATC_MOCK(D, double)
