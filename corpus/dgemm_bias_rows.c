/*
 * Double matrix product with a bias per output row, C[m][n] = bias[m] + sum_k A[m][k] B[k][n], as an
 * im2col convolution adds its channel bias. Twin: the bias indexed by the column instead, with a
 * differently sized output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 6039495u;

/* Small linear congruential generator: returns a value in [-1, 1). */
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
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f\n", name, (double)x[0], n / 2, (double)x[n / 2], n - 1,
           (double)x[n - 1]);
}

void gemm_rowbias(int M, int N, int K, const double *A, const double *B, const double *bias, double *C)
{
    for (int m = 0; m < M; m++)
        for (int n = 0; n < N; n++) {
            double acc = bias[m];
            for (int k = 0; k < K; k++)
                acc += A[m * K + k] * B[k * N + n];
            C[m * N + n] = acc;
        }
}

void gemm_rowbias_twice(int M, int N, int K, const double *A, const double *B, const double *bias, double *C)
{
    for (int m = 0; m < M; m++)
        for (int n = 0; n < N; n++) {
            double acc = bias[m] * bias[m];
            for (int k = 0; k < K; k++)
                acc += A[m * K + k] * B[k * N + n];
            C[m * N + n] = acc;
        }
}

int main(void)
{
    int M = 48, N = 81, K = 36;
    double *A = malloc(sizeof(double) * M * K);
    double *B = malloc(sizeof(double) * K * N);
    double *bias = malloc(sizeof(double) * M);
    double *C = malloc(sizeof(double) * M * N);
    if (!A || !B || !bias || !C)
        return 1;
    fill(A, M * K);
    fill(B, K * N);
    fill(bias, M);
    gemm_rowbias(M, N, K, A, B, bias, C);
    report("C", C, M * N);
    gemm_rowbias_twice(M, N, K, A, B, bias, C);
    report("squared", C, M * N);
    free(A);
    free(B);
    free(bias);
    free(C);
    return 0;
}
