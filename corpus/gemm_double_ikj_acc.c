/*
 * Double-precision GEMM, i-k-j loop order accumulating into C: C += A * B.
 * C holds meaningful data on entry (not zeroed); A(i,k) is hoisted out of the j loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 6697813u;

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

void dgemm_ikj_acc(int M, int N, int K, const double *A, const double *B, double *C)
{
    for (int i = 0; i < M; i++) {
        for (int k = 0; k < K; k++) {
            double a = A[i * K + k];
            for (int j = 0; j < N; j++)
                C[i * N + j] += a * B[k * N + j];
        }
    }
}

int main(void)
{
    int M = 64, N = 83, K = 45;
    double *A = malloc(sizeof(double) * M * K);
    double *B = malloc(sizeof(double) * K * N);
    double *C = malloc(sizeof(double) * M * N);
    if (!A || !B || !C)
        return 1;
    fill(A, M * K);
    fill(B, K * N);
    fill(C, M * N); /* initial values that are accumulated into */
    report("C_in", C, M * N);
    dgemm_ikj_acc(M, N, K, A, B, C);
    report("C", C, M * N);
    free(A);
    free(B);
    free(C);
    return 0;
}
