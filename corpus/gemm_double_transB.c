/*
 * Double-precision GEMM with a transposed B operand: C = A * B^T, where A is M x K and
 * Bt is stored N x K (row-major) and read as Bt[j*K + k]. C overwritten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4474278u;

/* Small linear congruential generator: returns a double in [-1, 1). */
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (double)(rng_state >> 8) / 8388608.0 - 1.0;
}

static void fill(double *x, int n)
{
    int i;
    for (i = 0; i < n; i++)
        x[i] = rnd();
}

static void report(const char *name, const double *x, int n)
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

void dgemm_nt(int M, int N, int K, const double *A, const double *Bt, double *C)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            double s = 0.0;
            for (int k = 0; k < K; k++)
                s += A[i * K + k] * Bt[j * K + k];
            C[i * N + j] = s;
        }
    }
}

int main(void)
{
    int M = 57, N = 76, K = 62;
    double *A = malloc(sizeof(double) * M * K);
    double *Bt = malloc(sizeof(double) * N * K);
    double *C = malloc(sizeof(double) * M * N);
    if (!A || !Bt || !C)
        return 1;
    fill(A, M * K);
    fill(Bt, N * K);
    fill(C, M * N); /* garbage that must be overwritten */
    dgemm_nt(M, N, K, A, Bt, C);
    report("C", C, M * N);
    free(A);
    free(Bt);
    free(C);
    return 0;
}
