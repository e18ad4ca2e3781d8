/*
 * Double-precision GEMV with scalars: y = alpha * A * x + beta * y, A row-major M x N.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 6529598u;

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

void dgemv_ab(int M, int N, double alpha, const double *A, const double *x, double beta,
              double *y)
{
    for (int i = 0; i < M; i++) {
        double t = 0.0;
        for (int j = 0; j < N; j++)
            t += A[i * N + j] * x[j];
        y[i] = alpha * t + beta * y[i];
    }
}

int main(void)
{
    int M = 275, N = 390;
    double alpha = 0.8, beta = -1.5;
    double *A = malloc(sizeof(double) * M * N);
    double *x = malloc(sizeof(double) * N);
    double *y = malloc(sizeof(double) * M);
    if (!A || !x || !y)
        return 1;
    fill(A, M * N);
    fill(x, N);
    fill(y, M); /* scaled by beta and accumulated into */
    dgemv_ab(M, N, alpha, A, x, beta, y);
    report("y", y, M);
    free(A);
    free(x);
    free(y);
    return 0;
}
