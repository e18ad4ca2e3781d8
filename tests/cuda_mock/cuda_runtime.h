/* Test double of the few CUDA runtime declarations atc_cublas.c uses: "device" memory is host memory that
 * mock_cuda.c tracks, so the backend's logic runs (and is checked) on machines without a GPU. */
#ifndef ATC_MOCK_CUDA_RUNTIME_H
#define ATC_MOCK_CUDA_RUNTIME_H
#include <stddef.h>
typedef enum { cudaSuccess = 0, cudaErrorInvalidValue = 1, cudaErrorMemoryAllocation = 2 } cudaError_t;
enum cudaMemcpyKind { cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2 };
cudaError_t cudaMalloc(void **ptr, size_t size);
cudaError_t cudaFree(void *ptr);
cudaError_t cudaMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height,
                         enum cudaMemcpyKind kind);
const char *cudaGetErrorString(cudaError_t err);
const char *cudaGetErrorName(cudaError_t err);
#endif
