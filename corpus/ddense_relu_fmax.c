/*
 * Dense layer in double with transposed weight storage Wt[i][o] (in_dim x out_dim), ReLU as fmax:
 * y[o] = fmax(sum_i Wt[i][o] * x[i] + b[o], 0) (in_dim=140 out_dim=110).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117004u;

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

void dense_relu_t(int in_dim, int out_dim, const double *Wt, const double *x, const double *b, double *y)
{
    for (int o = 0; o < out_dim; o++) {
        double s = 0.0;
        for (int i = 0; i < in_dim; i++)
            s += Wt[i * out_dim + o] * x[i];
        y[o] = fmax(s + b[o], 0.0);
    }
}

int main(void)
{
    int in_dim = 140, out_dim = 110;
    double *Wt = malloc(sizeof(double) * in_dim * out_dim);
    double *x = malloc(sizeof(double) * in_dim);
    double *b = malloc(sizeof(double) * out_dim);
    double *y = malloc(sizeof(double) * out_dim);
    if (!Wt || !x || !b || !y)
        return 1;
    fill(Wt, in_dim * out_dim);
    fill(x, in_dim);
    fill(b, out_dim);
    fill(y, out_dim);
    dense_relu_t(in_dim, out_dim, Wt, x, b, y);
    report("y", y, out_dim);
    free(Wt);
    free(x);
    free(b);
    free(y);
    return 0;
}