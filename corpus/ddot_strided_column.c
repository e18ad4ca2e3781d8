/*
 * Double dot product of a matrix column (stride lda) with a contiguous vector, written with an
 * explicit increment as numerical code does. Twin: the column entries taken in absolute value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3300917u;

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

double ddot_col(int n, const double *dx, int incx, const double *dy, int incy)
{
    double acc = 0.0;
    for (int i = 0; i < n; i++)
        acc += dx[i * incx] * dy[i * incy];
    return acc;
}

double ddot_col_abs(int n, const double *dx, int incx, const double *dy, int incy)
{
    double acc = 0.0;
    for (int i = 0; i < n; i++)
        acc += fabs(dx[i * incx]) * dy[i * incy];
    return acc;
}

int main(void)
{
    int rows = 4200, lda = 7;
    double *a = malloc(sizeof(double) * rows * lda);
    double *v = malloc(sizeof(double) * rows);
    if (!a || !v)
        return 1;
    fill(a, rows * lda);
    fill(v, rows);
    for (int j = 0; j < 3; j++)
        printf("column %d: %.10g\n", j, ddot_col(rows, a + j, lda, v, 1));
    printf("abs: %.10g\n", ddot_col_abs(rows, a, lda, v, 1));
    report("v", v, rows);
    free(a);
    free(v);
    return 0;
}
