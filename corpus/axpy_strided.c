/*
 * BLAS-style strided AXPY: y[i * incy] += a * x[i * incx]. Twin: y also scaled by one half.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 5520193u;

/* Small linear congruential generator: returns a value in [-1, 1). */
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
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f\n", name, (double)x[0], n / 2, (double)x[n / 2], n - 1,
           (double)x[n - 1]);
}

void saxpy_inc(int n, float sa, const float *sx, int incx, float *sy, int incy)
{
    for (int i = 0; i < n; i++)
        sy[i * incy] += sa * sx[i * incx];
}

void saxpy_damped(int n, float sa, const float *sx, int incx, float *sy, int incy)
{
    for (int i = 0; i < n; i++)
        sy[i * incy] = 0.5f * sy[i * incy] + sa * sx[i * incx];
}

int main(void)
{
    int n = 6000;
    float *x = malloc(sizeof(float) * n * 2);
    float *y = malloc(sizeof(float) * n * 3);
    if (!x || !y)
        return 1;
    fill(x, n * 2);
    fill(y, n * 3);
    saxpy_inc(n, 0.75f, x, 2, y, 3);
    saxpy_inc(n, -1.25f, x + 1, 1, y + 1, 3);
    report("y", y, n * 3);
    saxpy_damped(n, 0.5f, x, 2, y, 3);
    report("damped", y, n * 3);
    free(x);
    free(y);
    return 0;
}
