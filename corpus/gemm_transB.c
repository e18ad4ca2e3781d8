/*
 * GEMM with transposed B operand: B is stored N x K and read as B[j*K+k]; k-i-j order into C zeroed first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 314159u;

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

void matmul_nt_kij(int M, int N, int K, const float *A, const float *Bt, float *C)
{
    int i, j, k;
    for (i = 0; i < M; i++)
        for (j = 0; j < N; j++)
            C[i * N + j] = 0.0f;
    for (k = 0; k < K; k++)
        for (i = 0; i < M; i++)
            for (j = 0; j < N; j++)
                C[i * N + j] += A[i * K + k] * Bt[j * K + k];
}

int main(void)
{
    int M = 46, N = 69, K = 58;
    float *A = malloc(sizeof(float) * M * K);
    float *Bt = malloc(sizeof(float) * N * K);
    float *C = malloc(sizeof(float) * M * N);
    if (!A || !Bt || !C)
        return 1;
    fill(A, M * K);
    fill(Bt, N * K);
    fill(C, M * N);
    matmul_nt_kij(M, N, K, A, Bt, C);
    report("C", C, M * N);
    free(A);
    free(Bt);
    free(C);
    return 0;
}
