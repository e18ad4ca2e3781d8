/*
 * NEGATIVE: in-place product A := A * B computed row by row, so already-updated A values are read again (aliasing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3636363u;

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

/* A is M x N, B is N x N. */
void matmul_inplace(int M, int N, float *A, const float *B)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            float sum = 0.0f;
            for (int k = 0; k < N; k++)
                sum += A[i * N + k] * B[k * N + j];
            A[i * N + j] = sum;
        }
    }
}

int main(void)
{
    int M = 70, N = 64;
    float *A = malloc(sizeof(float) * M * N);
    float *B = malloc(sizeof(float) * N * N);
    if (!A || !B)
        return 1;
    fill(A, M * N);
    fill(B, N * N);
    for (int t = 0; t < N * N; t++)
        B[t] *= 0.2f; /* keeps the in-place recurrence bounded */
    matmul_inplace(M, N, A, B);
    report("A", A, M * N);
    free(A);
    free(B);
    return 0;
}
