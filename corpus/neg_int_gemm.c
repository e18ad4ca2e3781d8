/*
 * NEGATIVE: integer matrix products. imatmul works on int arrays (exact integer
 * arithmetic), umatmul on unsigned arrays whose products and sums wrap modulo 2^32.
 * Neither may be turned into a floating-point SGEMM.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned int rng_state = 3535353u;

static unsigned int next_u(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state;
}

void imatmul(int M, int N, int K, const int *A, const int *B, int *C)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            int sum = 0;
            for (int k = 0; k < K; k++)
                sum += A[i * K + k] * B[k * N + j];
            C[i * N + j] = sum;
        }
    }
}

void umatmul(int M, int N, int K, const unsigned *A, const unsigned *B, unsigned *C)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            unsigned sum = 0u;
            for (int k = 0; k < K; k++)
                sum += A[i * K + k] * B[k * N + j];
            C[i * N + j] = sum;
        }
    }
}

int main(void)
{
    int M = 62, N = 57, K = 50;
    int *A = malloc(sizeof(int) * M * K);
    int *B = malloc(sizeof(int) * K * N);
    int *C = malloc(sizeof(int) * M * N);
    unsigned *UA = malloc(sizeof(unsigned) * M * K);
    unsigned *UB = malloc(sizeof(unsigned) * K * N);
    unsigned *UC = malloc(sizeof(unsigned) * M * N);
    if (!A || !B || !C || !UA || !UB || !UC)
        return 1;
    /* small signed values: no overflow in the int product */
    for (int t = 0; t < M * K; t++)
        A[t] = (int)(next_u() >> 22) - 512;
    for (int t = 0; t < K * N; t++)
        B[t] = (int)(next_u() >> 22) - 512;
    /* full-range unsigned values: products wrap around */
    for (int t = 0; t < M * K; t++)
        UA[t] = next_u();
    for (int t = 0; t < K * N; t++)
        UB[t] = next_u();

    imatmul(M, N, K, A, B, C);
    umatmul(M, N, K, UA, UB, UC);

    long long s = 0, w = 0;
    for (int t = 0; t < M * N; t++) {
        s += C[t];
        w += (long long)C[t] * (t % 7 + 1);
    }
    printf("C: sum=%lld wsum=%lld C[0]=%d C[%d]=%d C[%d]=%d\n", s, w, C[0],
           (M * N) / 2, C[(M * N) / 2], M * N - 1, C[M * N - 1]);

    unsigned us = 0u, ux = 0u;
    for (int t = 0; t < M * N; t++) {
        us += UC[t] * (unsigned)(t % 7 + 1);
        ux ^= UC[t];
    }
    printf("UC: wsum_mod32=%u xor=%u UC[0]=%u UC[%d]=%u\n", us, ux, UC[0],
           M * N - 1, UC[M * N - 1]);
    free(A);
    free(B);
    free(C);
    free(UA);
    free(UB);
    free(UC);
    return 0;
}
