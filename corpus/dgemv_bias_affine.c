/*
 * Double affine map y = A x + b written with a local sum started at the bias, over a matrix with a
 * padded leading dimension. Twin: the bias subtracted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4815162u;

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

void affine(int m, int n, const double *A, int lda, const double *x, const double *b, double *y)
{
    for (int i = 0; i < m; i++) {
        double s = b[i];
        for (int j = 0; j < n; j++)
            s += A[i * lda + j] * x[j];
        y[i] = s;
    }
}

void affine_minus(int m, int n, const double *A, int lda, const double *x, const double *b, double *y)
{
    for (int i = 0; i < m; i++) {
        double s = -b[i];
        for (int j = 0; j < n; j++)
            s += A[i * lda + j] * x[j];
        y[i] = s * s;
    }
}

int main(void)
{
    int m = 110, n = 130, lda = 136;
    double *A = malloc(sizeof(double) * m * lda);
    double *x = malloc(sizeof(double) * n);
    double *b = malloc(sizeof(double) * m);
    double *y = malloc(sizeof(double) * m);
    if (!A || !x || !b || !y)
        return 1;
    fill(A, m * lda);
    fill(x, n);
    fill(b, m);
    affine(m, n, A, lda, x, b, y);
    report("y", y, m);
    affine_minus(m, n, A, lda, x, b, y);
    report("minus", y, m);
    free(A);
    free(x);
    free(b);
    free(y);
    return 0;
}
