/*
 * Tiled / blocked GEMM with 16x16x16 tiles and min() bounds; C zeroed first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 5050505u;

/* Small linear congruential generator: returns a float in [-1, 1). */
static float rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (float)(rng_state >> 8) / 8388608.0f - 1.0f;
}

static void fill(float *x, int n)
{
    int i;
    for (i = 0; i < n; i++)
        x[i] = rnd();
}

static void report(const char *name, const float *x, int n)
{
    double s = 0.0, w = 0.0, a = 0.0;
    int i;
    for (i = 0; i < n; i++) {
        s += x[i];
        w += (double)x[i] * (double)(i % 7 + 1);
        a += fabs((double)x[i]);
    }
    printf("%s: n=%d sum=%.6g wsum=%.6g asum=%.6g\n", name, n, s, w, a);
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f\n",
           name, x[0], n / 5, x[n / 5], n / 2, x[n / 2],
           (2 * n) / 3, x[(2 * n) / 3], n - 1, x[n - 1]);
}

#define TILE 16

static int imin(int a, int b)
{
    return a < b ? a : b;
}

void matmul_tiled(int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            C[i * N + j] = 0.0f;

    for (int ii = 0; ii < M; ii += TILE) {
        for (int kk = 0; kk < K; kk += TILE) {
            for (int jj = 0; jj < N; jj += TILE) {
                int iend = imin(ii + TILE, M);
                int kend = imin(kk + TILE, K);
                int jend = imin(jj + TILE, N);
                for (int i = ii; i < iend; i++)
                    for (int k = kk; k < kend; k++)
                        for (int j = jj; j < jend; j++)
                            C[i * N + j] += A[i * K + k] * B[k * N + j];
            }
        }
    }
}

int main(void)
{
    int M = 97, N = 71, K = 62;
    float *A = malloc(sizeof(float) * M * K);
    float *B = malloc(sizeof(float) * K * N);
    float *C = malloc(sizeof(float) * M * N);
    if (!A || !B || !C)
        return 1;
    fill(A, M * K);
    fill(B, K * N);
    fill(C, M * N);
    matmul_tiled(M, N, K, A, B, C);
    report("C", C, M * N);
    free(A);
    free(B);
    free(C);
    return 0;
}
