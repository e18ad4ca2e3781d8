/*
 * Double AXPY on interleaved (re, im) pairs: the real parts are every second element, so the
 * increment is 2. Twin: the update uses x squared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7781239u;

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

void daxpy_re(long n, double alpha, const double *x, long incx, double *y, long incy)
{
    long i;
    for (i = 0; i < n; ++i)
        y[i * incy] = y[i * incy] + alpha * x[i * incx];
}

void daxpy_square(long n, double alpha, const double *x, long incx, double *y, long incy)
{
    long i;
    for (i = 0; i < n; ++i)
        y[i * incy] = y[i * incy] + alpha * x[i * incx] * x[i * incx];
}

int main(void)
{
    long n = 7000;
    double *x = malloc(sizeof(double) * n * 2);
    double *y = malloc(sizeof(double) * n * 2);
    if (!x || !y)
        return 1;
    fill(x, (int)(n * 2));
    fill(y, (int)(n * 2));
    daxpy_re(n, 2.5, x, 2, y, 2);
    daxpy_re(n, -0.5, x + 1, 2, y + 1, 2);
    report("y", y, (int)(n * 2));
    daxpy_square(n, 1.5, x, 2, y, 2);
    report("square", y, (int)(n * 2));
    free(x);
    free(y);
    return 0;
}
