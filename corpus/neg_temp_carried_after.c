/*
 * NEGATIVE: dense layer whose accumulator is carried from row to row (decayed, never reset) and
 * stored after the nest, so out[i] depends on every row before it (rows=70 cols=90).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118004u;

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

double dense_carried(int rows, int cols, const double *W, const double *x, const double *b, double *out)
{
    double s = 0.0;
    for (int i = 0; i < rows; i++) {
        s *= 0.5;
        for (int j = 0; j < cols; j++)
            s += W[i * cols + j] * x[j];
        out[i] = tanh(s + b[i]);
    }
    return s;
}

int main(void)
{
    int rows = 70, cols = 90;
    double *W = malloc(sizeof(double) * rows * cols);
    double *x = malloc(sizeof(double) * cols);
    double *b = malloc(sizeof(double) * rows);
    double *out = malloc(sizeof(double) * rows);
    if (!W || !x || !b || !out)
        return 1;
    fill(W, rows * cols);
    fill(x, cols);
    fill(b, rows);
    double last = dense_carried(rows, cols, W, x, b, out);
    report("out", out, rows);
    printf("last=%.6g\n", last);
    free(W);
    free(x);
    free(b);
    free(out);
    return 0;
}