/*
 * Matrix product whose whole body is one macro that declares its locals and loops
 * (`#define MATPROD_BODY ...` then `MATPROD_BODY;`), as interpreters share one body between
 * float types; column-major double matrices (nrx=42 ncx=38 ncy=46).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100321u;

/* Small linear congruential generator: returns a float in [-1, 1). */
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
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f\n",
           name, x[0], n / 5, x[n / 5], n / 2, x[n / 2],
           (2 * n) / 3, x[(2 * n) / 3], n - 1, x[n - 1]);
}

#define MATPROD_BODY                                            \
    int row, col, inner;                                        \
    for (row = 0; row < nrx; row++)                             \
        for (col = 0; col < ncy; col++) {                       \
            double acc = 0.0;                                   \
            for (inner = 0; inner < ncx; inner++)               \
                acc += x[row + inner * nrx] * y[inner + col * nry]; \
            z[row + col * nrx] = acc;                           \
        }

void matprod(const double *x, int nrx, int ncx, const double *y, int nry, int ncy, double *z)
{
    MATPROD_BODY;
}

static void fill_double(double *v, int n)
{
    for (int i = 0; i < n; i++)
        v[i] = rnd();
}

int main(void)
{
    int nrx = 42, ncx = 38, ncy = 46;
    double *x = malloc(sizeof(double) * nrx * ncx);
    double *y = malloc(sizeof(double) * ncx * ncy);
    double *z = malloc(sizeof(double) * nrx * ncy);
    float *zf = malloc(sizeof(float) * nrx * ncy);
    if (!x || !y || !z || !zf)
        return 1;
    fill_double(x, nrx * ncx);
    fill_double(y, ncx * ncy);
    fill_double(z, nrx * ncy);
    fill(zf, nrx * ncy);
    matprod(x, nrx, ncx, y, ncx, ncy, z);
    for (int i = 0; i < nrx * ncy; i++)
        zf[i] = (float)z[i];
    report("z", zf, nrx * ncy);
    free(x);
    free(y);
    free(z);
    free(zf);
    return 0;
}
