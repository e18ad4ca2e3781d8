/*
 * GEMM with a dequantisation-style epilogue: C[i][j] = (sum_k A[i][k] B[k][j]) * row_scale[i] + col_bias[j],
 * flat row-major arrays, k-loop accumulator (M=64 N=52 K=80).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117023u;

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

void gemm_scale_bias(int M, int N, int K, const float *A, const float *B, const float *row_scale,
                     const float *col_bias, float *C)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float acc = 0.0f;
            for (int k = 0; k < K; k++)
                acc += A[i * K + k] * B[k * N + j];
            C[i * N + j] = acc * row_scale[i] + col_bias[j];
        }
}

int main(void)
{
    int M = 64, N = 52, K = 80;
    float *A = malloc(sizeof(float) * M * K);
    float *B = malloc(sizeof(float) * K * N);
    float *row_scale = malloc(sizeof(float) * M);
    float *col_bias = malloc(sizeof(float) * N);
    float *C = malloc(sizeof(float) * M * N);
    if (!A || !B || !row_scale || !col_bias || !C)
        return 1;
    fill(A, M * K);
    fill(B, K * N);
    fill(row_scale, M);
    fill(col_bias, N);
    fill(C, M * N);
    gemm_scale_bias(M, N, K, A, B, row_scale, col_bias, C);
    report("C", C, M * N);
    free(A);
    free(B);
    free(row_scale);
    free(col_bias);
    free(C);
    return 0;
}