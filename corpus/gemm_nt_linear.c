/*
 * "NT" GEMM as in a linear layer: Y = X * W^T where W is given separately as N x K (out x in), read as W[j*K+k].
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 1717171u;

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

void linear_nt(int M, int N, int K, const float *X, const float *W, float *Y)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            float dot = 0.0f;
            for (int k = 0; k < K; k++)
                dot += X[i * K + k] * W[j * K + k];
            Y[i * N + j] = dot;
        }
    }
}

int main(void)
{
    int M = 76, N = 42, K = 87;
    float *X = malloc(sizeof(float) * M * K);
    float *W = malloc(sizeof(float) * N * K);
    float *Y = malloc(sizeof(float) * M * N);
    if (!X || !W || !Y)
        return 1;
    fill(X, M * K);
    fill(W, N * K);
    fill(Y, M * N);
    linear_nt(M, N, K, X, W, Y);
    report("Y", Y, M * N);
    free(X);
    free(W);
    free(Y);
    return 0;
}
