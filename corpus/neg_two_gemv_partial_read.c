/*
 * NEGATIVE: ATAX-like nest whose second product reads tmp[i] inside the loop that is still summing it, so
 * y gets every partial sum of tmp[i], not the finished one (m=60 n=72).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118001u;

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

void atax_partial(int m, int n, const double *A, const double *x, double *y, double *tmp)
{
    for (int j = 0; j < n; j++)
        y[j] = 0.0;
    for (int i = 0; i < m; i++) {
        tmp[i] = 0.0;
        for (int j = 0; j < n; j++) {
            tmp[i] += A[i * n + j] * x[j];
            y[j] += A[i * n + j] * tmp[i];
        }
    }
}

int main(void)
{
    int m = 60, n = 72;
    double *A = malloc(sizeof(double) * m * n);
    double *x = malloc(sizeof(double) * n);
    double *y = malloc(sizeof(double) * n);
    double *tmp = malloc(sizeof(double) * m);
    if (!A || !x || !y || !tmp)
        return 1;
    fill(A, m * n);
    fill(x, n);
    atax_partial(m, n, A, x, y, tmp);
    report("y", y, n);
    report("tmp", tmp, m);
    free(A);
    free(x);
    free(y);
    free(tmp);
    return 0;
}