/* cuBLAS backend (CUDA toolkit, cuBLAS v2 API). Each call copies its operands to the GPU (cudaMalloc +
 * cudaMemcpy2D, packed: exactly the rows x cols the call reads, whatever the leading dimension), runs cuBLAS,
 * copies the output back and frees. cuBLAS is column-major: a row-major matrix is its column-major transpose
 * with the same leading dimension, so row-major C = op(A) op(B) is computed as C^T = op(B)^T op(A)^T, i.e.
 * the same transpose flags with the operands and m/n swapped. cuBLAS has no dsdot: that one is a host loop.
 * Any CUDA or cuBLAS failure prints what failed on stderr and aborts. Needs CUDA >= 11.4 (cublasGetStatusString). */
#include "atc_loops.h"
#include "atc_conv_lowering.h"
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <pthread.h>

const char *atc_backend(void) { return "cublas"; }

#define ATC_CUDA(call) atc_cuda_check((call), #call, __LINE__)
#define ATC_CUBLAS(call) atc_cublas_check((call), #call, __LINE__)

static void atc_cuda_check(cudaError_t err, const char *what, int line)
{
    if (err != cudaSuccess) {
        fprintf(stderr, "atc: cuBLAS backend: %s failed: %s (%s, atc_cublas.c:%d)\n", what,
                cudaGetErrorString(err), cudaGetErrorName(err), line);
        abort();
    }
}

static void atc_cublas_check(cublasStatus_t status, const char *what, int line)
{
    if (status != CUBLAS_STATUS_SUCCESS) {
        fprintf(stderr, "atc: cuBLAS backend: %s failed: %s (status %d, atc_cublas.c:%d)\n", what,
                cublasGetStatusString(status), (int)status, line);
        abort();
    }
}

static cublasHandle_t atc_handle_value;
static void atc_handle_create(void) { ATC_CUBLAS(cublasCreate(&atc_handle_value)); }
static cublasHandle_t atc_handle(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, atc_handle_create);
    return atc_handle_value;
}

/* `count` row-major rows x cols matrices, `stride` elements apart on the host (0: one shared matrix), with
 * leading dimension ld, to a new packed device buffer (ld = cols, one matrix every rows*cols elements);
 * upload = 0 only allocates. */
static void *atc_put(const void *host, long count, long stride, long rows, long cols, long ld, size_t size,
                     int upload)
{
    void *dev;
    long n = stride ? count : 1;
    ATC_CUDA(cudaMalloc(&dev, (size_t)n * rows * cols * size));
    for (long t = 0; upload && t < n; t++)
        ATC_CUDA(cudaMemcpy2D((char *)dev + (size_t)t * rows * cols * size, cols * size,
                              (const char *)host + (size_t)t * stride * size, (rows > 1 ? ld : cols) * size,
                              cols * size, rows, cudaMemcpyHostToDevice));
    return dev;
}

/* The reverse of atc_put for an output, then frees the device buffer. */
static void atc_get(void *host, void *dev, long count, long stride, long rows, long cols, long ld, size_t size)
{
    long n = stride ? count : 1;
    for (long t = 0; t < n; t++)
        ATC_CUDA(cudaMemcpy2D((char *)host + (size_t)t * stride * size, (rows > 1 ? ld : cols) * size,
                              (const char *)dev + (size_t)t * rows * cols * size, cols * size, cols * size, rows,
                              cudaMemcpyDeviceToHost));
    ATC_CUDA(cudaFree(dev));
}

#define ATC_OP(t) ((t) ? CUBLAS_OP_T : CUBLAS_OP_N)

/* C (count matrices) = alpha op(A) op(B) + beta C; count = 1 is a plain GEMM. */
#define ATC_CUBLAS_GEMM(p, T, GEMM, GEMM_BATCHED)                                                         \
    static void atc_##p##gemm_dev(long count, int ta, int tb, long m, long n, long k, T alpha, const T *a, \
                                  long lda, const T *b, long ldb, T beta, T *c, long ldc, long sa, long sb, \
                                  long sc)                                                                \
    {                                                                                                     \
        long ra = ta ? k : m, ca = ta ? m : k, rb = tb ? n : k, cb = tb ? k : n;                          \
        T *da = atc_put(a, count, sa, ra, ca, lda, sizeof(T), 1);                                         \
        T *db = atc_put(b, count, sb, rb, cb, ldb, sizeof(T), 1);                                         \
        T *dc = atc_put(c, count, sc, m, n, ldc, sizeof(T), beta != 0);                                   \
        if (count == 1)                                                                                   \
            ATC_CUBLAS(GEMM(atc_handle(), ATC_OP(tb), ATC_OP(ta), (int)n, (int)m, (int)k, &alpha, db,     \
                            (int)cb, da, (int)ca, &beta, dc, (int)n));                                    \
        else                                                                                              \
            ATC_CUBLAS(GEMM_BATCHED(atc_handle(), ATC_OP(tb), ATC_OP(ta), (int)n, (int)m, (int)k, &alpha, \
                                    db, (int)cb, sb ? (long long)rb * cb : 0, da, (int)ca,                \
                                    sa ? (long long)ra * ca : 0, &beta, dc, (int)n,                       \
                                    sc ? (long long)m * n : 0, (int)count));                              \
        atc_get(c, dc, count, sc, m, n, ldc, sizeof(T));                                                  \
        ATC_CUDA(cudaFree(da));                                                                           \
        ATC_CUDA(cudaFree(db));                                                                           \
    }

/* Vectors go to the device packed (increment 1): n elements inc apart are an n x 1 matrix with ld inc. */
#define ATC_CUBLAS_API(p, T, GEMV, AXPY, DOT)                                                             \
    int atc_##p##gemm(int trans_a, int trans_b, long m, long n, long k, T alpha, const T *a, long lda,     \
                      const T *b, long ldb, T beta, T *c, long ldc)                                       \
    {                                                                                                     \
        ATC_TRACE(#p "gemm backend=cublas m=%ld n=%ld k=%ld ta=%d tb=%d", m, n, k, trans_a, trans_b);     \
        atc_##p##gemm_dev(1, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, 0, 0, 0);    \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##gemm_batched(long batch, int trans_a, int trans_b, long m, long n, long k, T alpha,      \
                              const T *a, long lda, const T *b, long ldb, T beta, T *c, long ldc,         \
                              long stride_a, long stride_b, long stride_c)                                \
    {                                                                                                     \
        ATC_TRACE(#p "gemm_batched backend=cublas batch=%ld m=%ld n=%ld k=%ld", batch, m, n, k);          \
        if (batch == 1) /* stride 0 marks a shared matrix below: the one matrix of a batch of 1 is one */ \
            stride_a = stride_b = stride_c = 0;                                                           \
        atc_##p##gemm_dev(batch, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,          \
                          stride_a, stride_b, stride_c);                                                  \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##gemv(int trans, long m, long n, T alpha, const T *a, long lda, const T *x, long incx,     \
                      T beta, T *y, long incy)                                                            \
    {                                                                                                     \
        ATC_TRACE(#p "gemv backend=cublas m=%ld n=%ld trans=%d", m, n, trans);                            \
        long nx = trans ? m : n, ny = trans ? n : m;                                                      \
        T *da = atc_put(a, 1, 0, m, n, lda, sizeof(T), 1);                                                \
        T *dx = atc_put(x, 1, 0, nx, 1, incx, sizeof(T), 1);                                              \
        T *dy = atc_put(y, 1, 0, ny, 1, incy, sizeof(T), beta != 0);                                      \
        /* the device A, read column-major, is the n x m transpose: op flips */                          \
        ATC_CUBLAS(GEMV(atc_handle(), trans ? CUBLAS_OP_N : CUBLAS_OP_T, (int)n, (int)m, &alpha, da,      \
                        (int)n, dx, 1, &beta, dy, 1));                                                    \
        atc_get(y, dy, 1, 0, ny, 1, incy, sizeof(T));                                                     \
        ATC_CUDA(cudaFree(da));                                                                           \
        ATC_CUDA(cudaFree(dx));                                                                           \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##axpy(long n, T alpha, const T *x, long incx, T *y, long incy)                            \
    {                                                                                                     \
        ATC_TRACE(#p "axpy backend=cublas n=%ld", n);                                                     \
        T *dx = atc_put(x, 1, 0, n, 1, incx, sizeof(T), 1), *dy = atc_put(y, 1, 0, n, 1, incy, sizeof(T), 1); \
        ATC_CUBLAS(AXPY(atc_handle(), (int)n, &alpha, dx, 1, dy, 1));                                     \
        atc_get(y, dy, 1, 0, n, 1, incy, sizeof(T));                                                      \
        ATC_CUDA(cudaFree(dx));                                                                           \
        return 1;                                                                                         \
    }                                                                                                     \
    int atc_##p##dot(long n, const T *x, long incx, const T *y, long incy, T *result)                     \
    {                                                                                                     \
        ATC_TRACE(#p "dot backend=cublas n=%ld", n);                                                      \
        T *dx = atc_put(x, 1, 0, n, 1, incx, sizeof(T), 1), *dy = atc_put(y, 1, 0, n, 1, incy, sizeof(T), 1); \
        ATC_CUBLAS(DOT(atc_handle(), (int)n, dx, 1, dy, 1, result)); /* host pointer mode: synchronous */ \
        ATC_CUDA(cudaFree(dx));                                                                           \
        ATC_CUDA(cudaFree(dy));                                                                           \
        return 1;                                                                                         \
    }                                                                                                     \
    ATC_BIAS_API(p, T, "cublas")

ATC_CUBLAS_GEMM(s, float, cublasSgemm, cublasSgemmStridedBatched)
ATC_CUBLAS_GEMM(d, double, cublasDgemm, cublasDgemmStridedBatched)
ATC_CUBLAS_API(s, float, cublasSgemv, cublasSaxpy, cublasSdot)
ATC_CUBLAS_API(d, double, cublasDgemv, cublasDaxpy, cublasDdot)

/* im2col runs on the host; each GEMM goes to the device through atc_sgemm / atc_dgemm above. */
ATC_CONV_LOWERED_API(s, float, "cublas", "")
ATC_CONV_LOWERED_API(d, double, "cublas", "")

ATC_LOOP_DSDOT_API("cublas", " via=host")
