/* Test double of the cuBLAS v2 declarations atc_cublas.c uses (column-major, as the real library). */
#ifndef ATC_MOCK_CUBLAS_V2_H
#define ATC_MOCK_CUBLAS_V2_H
typedef struct atc_mock_cublas *cublasHandle_t;
typedef enum { CUBLAS_STATUS_SUCCESS = 0, CUBLAS_STATUS_NOT_INITIALIZED = 1, CUBLAS_STATUS_INVALID_VALUE = 7 }
    cublasStatus_t;
typedef enum { CUBLAS_OP_N = 0, CUBLAS_OP_T = 1 } cublasOperation_t;
cublasStatus_t cublasCreate(cublasHandle_t *handle);
const char *cublasGetStatusString(cublasStatus_t status);
#define ATC_MOCK_DECLARE(p, T)                                                                            \
    cublasStatus_t cublas##p##gemm(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n, \
                                   int k, const T *alpha, const T *a, int lda, const T *b, int ldb,       \
                                   const T *beta, T *c, int ldc);                                         \
    cublasStatus_t cublas##p##gemmStridedBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, \
                                                 int m, int n, int k, const T *alpha, const T *a, int lda, \
                                                 long long sa, const T *b, int ldb, long long sb,         \
                                                 const T *beta, T *c, int ldc, long long sc, int count);  \
    cublasStatus_t cublas##p##gemv(cublasHandle_t h, cublasOperation_t t, int m, int n, const T *alpha,   \
                                   const T *a, int lda, const T *x, int incx, const T *beta, T *y, int incy); \
    cublasStatus_t cublas##p##axpy(cublasHandle_t h, int n, const T *alpha, const T *x, int incx, T *y,   \
                                   int incy);                                                             \
    cublasStatus_t cublas##p##dot(cublasHandle_t h, int n, const T *x, int incx, const T *y, int incy,    \
                                  T *result);
ATC_MOCK_DECLARE(S, float)
ATC_MOCK_DECLARE(D, double)
#endif
