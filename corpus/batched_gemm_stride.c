/*
 * Strided batched GEMM: separate batch stride parameters sA, sB, sC (in elements) that are
 * larger than the matrix sizes; main checks the gaps between the C matrices are untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static unsigned int rng_state = 1556258u;

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

void bgemm_strided(int nb, int M, int N, int K, const float *A, int sA, const float *B,
                   int sB, float *C, int sC)
{
    for (int b = 0; b < nb; b++)
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                float s = 0.0f;
                for (int k = 0; k < K; k++)
                    s += A[b * sA + i * K + k] * B[b * sB + k * N + j];
                C[b * sC + i * N + j] = s;
            }
}

int main(void)
{
    int nb = 3, M = 58, N = 47, K = 36;
    int sA = M * K + 13, sB = K * N + 7, sC = M * N + 5;
    float *A = malloc(sizeof(float) * nb * sA);
    float *B = malloc(sizeof(float) * nb * sB);
    float *C = malloc(sizeof(float) * nb * sC);
    float *C0 = malloc(sizeof(float) * nb * sC);
    if (!A || !B || !C || !C0)
        return 1;
    fill(A, nb * sA);
    fill(B, nb * sB);
    fill(C, nb * sC); /* garbage that must be overwritten (gaps must stay) */
    memcpy(C0, C, sizeof(float) * nb * sC);
    bgemm_strided(nb, M, N, K, A, sA, B, sB, C, sC);
    for (int b = 0; b < nb; b++)
        report("C_batch", C + b * sC, M * N);
    int intact = 0;
    for (int b = 0; b < nb; b++)
        for (int t = M * N; t < sC; t++)
            intact += (C[b * sC + t] == C0[b * sC + t]);
    printf("gap elements intact: %d of %d\n", intact, nb * (sC - M * N));
    free(A);
    free(B);
    free(C);
    free(C0);
    return 0;
}
