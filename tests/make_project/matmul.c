/* Plain GEMM, i-k-j order, accumulating into C after zeroing it. */
#include "kernels.h"

void matmul(int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int i = 0; i < M * N; i++)
        C[i] = 0.0f;
    for (int i = 0; i < M; i++)
        for (int k = 0; k < K; k++) {
            float a = A[i * K + k];
            for (int j = 0; j < N; j++)
                C[i * N + j] += a * B[k * N + j];
        }
}
