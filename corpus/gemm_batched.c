/*
 * Batched GEMM: an outer batch loop around an i-j-k GEMM on contiguous per-batch matrices.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 2121212u;

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

void bmm(int batch, int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int b = 0; b < batch; b++) {
        const float *Ab = A + (long)b * M * K;
        const float *Bb = B + (long)b * K * N;
        float *Cb = C + (long)b * M * N;
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float sum = 0.0f;
                for (int k = 0; k < K; k++)
                    sum += Ab[i * K + k] * Bb[k * N + j];
                Cb[i * N + j] = sum;
            }
        }
    }
}

int main(void)
{
    int batch = 3, M = 48, N = 50, K = 44;
    float *A = malloc(sizeof(float) * batch * M * K);
    float *B = malloc(sizeof(float) * batch * K * N);
    float *C = malloc(sizeof(float) * batch * M * N);
    if (!A || !B || !C)
        return 1;
    fill(A, batch * M * K);
    fill(B, batch * K * N);
    fill(C, batch * M * N);
    bmm(batch, M, N, K, A, B, C);
    report("C", C, batch * M * N);
    for (int b = 0; b < batch; b++)
        report("C_batch", C + b * M * N, M * N);
    free(A);
    free(B);
    free(C);
    return 0;
}
