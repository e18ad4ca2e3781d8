/*
 * Chained GEMMs: the same kernel is called twice with different shapes, T = A*B then D = T*E.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 1919191u;

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

void matmul(int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            float sum = 0.0f;
            for (int k = 0; k < K; k++)
                sum += A[i * K + k] * B[k * N + j];
            C[i * N + j] = sum;
        }
    }
}

int main(void)
{
    int M = 60, K1 = 50, N1 = 70, N2 = 45;
    float *A = malloc(sizeof(float) * M * K1);
    float *B = malloc(sizeof(float) * K1 * N1);
    float *E = malloc(sizeof(float) * N1 * N2);
    float *T = malloc(sizeof(float) * M * N1);
    float *D = malloc(sizeof(float) * M * N2);
    if (!A || !B || !E || !T || !D)
        return 1;
    fill(A, M * K1);
    fill(B, K1 * N1);
    fill(E, N1 * N2);
    /* scale E down so the second product stays moderate */
    for (int t = 0; t < N1 * N2; t++)
        E[t] *= 0.25f;
    matmul(M, N1, K1, A, B, T);
    matmul(M, N2, N1, T, E, D);
    report("T", T, M * N1);
    report("D", D, M * N2);
    free(A);
    free(B);
    free(E);
    free(T);
    free(D);
    return 0;
}
