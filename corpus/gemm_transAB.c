/*
 * GEMM with both operands transposed: A stored K x M, B stored N x K; C = A^T * B^T.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 161803u;

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

void matmul_tt(int M, int N, int K, const float *At, const float *Bt, float *C)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            float sum = 0.0f;
            for (int k = 0; k < K; k++)
                sum += At[k * M + i] * Bt[j * K + k];
            C[i * N + j] = sum;
        }
    }
}

int main(void)
{
    int M = 53, N = 62, K = 75;
    float *At = malloc(sizeof(float) * K * M);
    float *Bt = malloc(sizeof(float) * N * K);
    float *C = malloc(sizeof(float) * M * N);
    if (!At || !Bt || !C)
        return 1;
    fill(At, K * M);
    fill(Bt, N * K);
    fill(C, M * N);
    matmul_tt(M, N, K, At, Bt, C);
    report("C", C, M * N);
    free(At);
    free(Bt);
    free(C);
    return 0;
}
