/*
 * Double transposed GEMV, y[j*incy] += alpha * sum_i A[i*lda+j] x[i], accumulating into a strided y
 * (every other element of an interleaved output). Twin: the column index off by one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 1206661u;

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

void dgemv_t_inc(int m, int n, double alpha, const double *a, int lda, const double *x, double *y, int incy)
{
    for (int j = 0; j < n; j++) {
        double t = 0.0;
        for (int i = 0; i < m; i++)
            t += a[i * lda + j] * x[i];
        y[j * incy] += alpha * t;
    }
}

void dgemv_t_shift(int m, int n, double alpha, const double *a, int lda, const double *x, double *y, int incy)
{
    for (int j = 0; j < n; j++) {
        double t = 0.0;
        for (int i = 0; i < m; i++)
            t += a[i * lda + (j + i) % n] * x[i];
        y[j * incy] += alpha * t;
    }
}

int main(void)
{
    int m = 140, n = 110, lda = 115;
    double *a = malloc(sizeof(double) * m * lda);
    double *x = malloc(sizeof(double) * m);
    double *y = malloc(sizeof(double) * n * 2);
    if (!a || !x || !y)
        return 1;
    fill(a, m * lda);
    fill(x, m);
    fill(y, n * 2);
    dgemv_t_inc(m, n, 0.5, a, lda, x, y, 2);
    report("y", y, n * 2);
    dgemv_t_shift(m, n, 0.5, a, lda, x, y, 2);
    report("shift", y, n * 2);
    free(a);
    free(x);
    free(y);
    return 0;
}
