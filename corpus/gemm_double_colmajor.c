/*
 * Double-precision GEMM on column-major (Fortran) storage: A(i,l) = A[i + l*M],
 * B(l,j) = B[l + j*K], C(i,j) = C[i + j*M]. j-i-l order with a local accumulator; C overwritten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 2981418u;

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

void dgemm_cm(int M, int N, int K, const double *A, const double *B, double *C)
{
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < M; i++) {
            double s = 0.0;
            for (int l = 0; l < K; l++)
                s += A[i + l * M] * B[l + j * K];
            C[i + j * M] = s;
        }
    }
}

int main(void)
{
    int M = 62, N = 55, K = 69;
    double *A = malloc(sizeof(double) * M * K);
    double *B = malloc(sizeof(double) * K * N);
    double *C = malloc(sizeof(double) * M * N);
    if (!A || !B || !C)
        return 1;
    fill(A, M * K);
    fill(B, K * N);
    fill(C, M * N); /* garbage that must be overwritten */
    dgemm_cm(M, N, K, A, B, C);
    report("C", C, M * N);
    free(A);
    free(B);
    free(C);
    return 0;
}
