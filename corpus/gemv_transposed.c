/*
 * Transposed GEMV y = A^T * x: A is row-major M x N, x has M entries, y has N entries.
 * y zeroed first, then y[j] += A[i*N + j] * x[i] with i outer, j inner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4787771u;

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

void sgemv_t(int M, int N, const float *A, const float *x, float *y)
{
    for (int j = 0; j < N; j++)
        y[j] = 0.0f;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++)
            y[j] += A[i * N + j] * x[i];
}

int main(void)
{
    int M = 300, N = 520;
    float *A = malloc(sizeof(float) * M * N);
    float *x = malloc(sizeof(float) * M);
    float *y = malloc(sizeof(float) * N);
    if (!A || !x || !y)
        return 1;
    fill(A, M * N);
    fill(x, M);
    fill(y, N); /* garbage that must be overwritten */
    sgemv_t(M, N, A, x, y);
    report("y", y, N);
    free(A);
    free(x);
    free(y);
    return 0;
}
