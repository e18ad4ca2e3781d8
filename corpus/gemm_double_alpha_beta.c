/*
 * Double-precision GEMM with scalars: C = alpha * A * B + beta * C (row-major, i-j-k order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7782488u;

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

void dgemm_ab(int M, int N, int K, double alpha, const double *A, const double *B,
              double beta, double *C)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            double acc = 0.0;
            for (int k = 0; k < K; k++)
                acc += A[i * K + k] * B[k * N + j];
            C[i * N + j] = alpha * acc + beta * C[i * N + j];
        }
    }
}

int main(void)
{
    int M = 78, N = 52, K = 47;
    double alpha = 1.25, beta = -0.5;
    double *A = malloc(sizeof(double) * M * K);
    double *B = malloc(sizeof(double) * K * N);
    double *C = malloc(sizeof(double) * M * N);
    if (!A || !B || !C)
        return 1;
    fill(A, M * K);
    fill(B, K * N);
    fill(C, M * N); /* scaled by beta and accumulated into */
    dgemm_ab(M, N, K, alpha, A, B, beta, C);
    report("C", C, M * N);
    free(A);
    free(B);
    free(C);
    return 0;
}
