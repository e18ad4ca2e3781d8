/*
 * BLAS-style strided dot product: x[i * incx] * y[i * incy], as reference BLAS writes sdot
 * for non-unit increments. Twin: the same walk with y read backwards (a negative increment).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 1140071u;

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

float sdot_inc(int n, const float *x, int incx, const float *y, int incy)
{
    float dtemp = 0.0f;
    int i;
    for (i = 0; i < n; i++)
        dtemp += x[i * incx] * y[i * incy];
    return dtemp;
}

float sdot_reversed(int n, const float *x, int incx, const float *y, int incy)
{
    float dtemp = 0.0f;
    int i;
    for (i = 0; i < n; i++)
        dtemp += x[i * incx] * y[(n - 1 - i) * incy];
    return dtemp;
}

int main(void)
{
    int n = 5000;
    float *x = malloc(sizeof(float) * n * 3);
    float *y = malloc(sizeof(float) * n * 2);
    if (!x || !y)
        return 1;
    fill(x, n * 3);
    fill(y, n * 2);
    float r0 = sdot_inc(n, x, 3, y, 2);
    float r1 = sdot_inc(n, x, 2, y, 1);
    float r2 = sdot_inc(n - 11, x + 5, 3, y + 1, 2);
    float r3 = sdot_reversed(n, x, 3, y, 2);
    report("x", x, n * 3);
    printf("dot: %.6g %.6g %.6g\n", r0, r1, r2);
    printf("reversed: %.6g\n", r3);
    free(x);
    free(y);
    return 0;
}
