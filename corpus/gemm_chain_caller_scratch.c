/*
 * D = (A B) C through a scratch matrix T the caller provides, row by row: T[i] zeroed, accumulated
 * k-j style, then D[i] = T[i] C with a local accumulator (m=44 k1=36 k2=50 n=42).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117021u;

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
        w += x[i] * (double)(i % 7 + 1);
        a += fabs(x[i]);
    }
    printf("%s: n=%d sum=%.6g wsum=%.6g asum=%.6g\n", name, n, s, w, a);
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f\n",
           name, x[0], n / 5, x[n / 5], n / 2, x[n / 2],
           (2 * n) / 3, x[(2 * n) / 3], n - 1, x[n - 1]);
}

/* T (m x k2) = A (m x k1) B (k1 x k2); D (m x n) = T C (k2 x n) */
void chain_product(int m, int k1, int k2, int n, const double *A, const double *B, const double *C, double *T,
                   double *D)
{
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < k2; j++)
            T[i * k2 + j] = 0.0;
        for (int p = 0; p < k1; p++)
            for (int j = 0; j < k2; j++)
                T[i * k2 + j] += A[i * k1 + p] * B[p * k2 + j];
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int p = 0; p < k2; p++)
                s += T[i * k2 + p] * C[p * n + j];
            D[i * n + j] = s;
        }
    }
}

int main(void)
{
    int m = 44, k1 = 36, k2 = 50, n = 42;
    double *A = malloc(sizeof(double) * m * k1);
    double *B = malloc(sizeof(double) * k1 * k2);
    double *C = malloc(sizeof(double) * k2 * n);
    double *T = malloc(sizeof(double) * m * k2);
    double *D = malloc(sizeof(double) * m * n);
    if (!A || !B || !C || !T || !D)
        return 1;
    fill(A, m * k1);
    fill(B, k1 * k2);
    fill(C, k2 * n);
    fill(T, m * k2);
    fill(D, m * n);
    chain_product(m, k1, k2, n, A, B, C, T, D);
    report("D", D, m * n);
    report("T", T, m * k2);
    free(A);
    free(B);
    free(C);
    free(T);
    free(D);
    return 0;
}