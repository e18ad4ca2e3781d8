/*
 * GEMM with explicit leading dimensions lda, ldb, ldc; main uses padded rows (ld > number of columns).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3030303u;

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

void matmul_ld(int M, int N, int K, const float *A, int lda, const float *B, int ldb,
               float *C, int ldc)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            float sum = 0.0f;
            for (int k = 0; k < K; k++)
                sum += A[i * lda + k] * B[k * ldb + j];
            C[i * ldc + j] = sum;
        }
    }
}

int main(void)
{
    int M = 57, N = 73, K = 46;
    int lda = K + 5, ldb = N + 3, ldc = N + 7;
    const float pad = 0.125f;
    float *A = malloc(sizeof(float) * M * lda);
    float *B = malloc(sizeof(float) * K * ldb);
    float *C = malloc(sizeof(float) * M * ldc);
    float *Cpacked = malloc(sizeof(float) * M * N);
    if (!A || !B || !C || !Cpacked)
        return 1;
    fill(A, M * lda); /* padding holds data too; it must not be read */
    fill(B, K * ldb);
    for (int t = 0; t < M * ldc; t++)
        C[t] = pad; /* padding of C must stay untouched */
    matmul_ld(M, N, K, A, lda, B, ldb, C, ldc);

    int pad_ok = 0;
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++)
            Cpacked[i * N + j] = C[i * ldc + j];
        for (int j = N; j < ldc; j++)
            pad_ok += (C[i * ldc + j] == pad);
    }
    report("C", Cpacked, M * N);
    printf("untouched padding elements: %d of %d\n", pad_ok, M * (ldc - N));
    free(A);
    free(B);
    free(C);
    free(Cpacked);
    return 0;
}
