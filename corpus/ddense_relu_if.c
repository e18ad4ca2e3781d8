/*
 * Dense layer in double walking a row pointer, the bias added after the sum and ReLU written as an if:
 * y[i] = max(row_i . x + bias[i], 0) (n_out=100 n_in=136).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117022u;

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

void dense_relu(int n_out, int n_in, const double *W, const double *x, const double *bias, double *y)
{
    for (int i = 0; i < n_out; i++) {
        const double *row = W + (long)i * n_in;
        double s = 0.0;
        for (int j = 0; j < n_in; j++)
            s += row[j] * x[j];
        s += bias[i];
        if (s < 0.0)
            s = 0.0;
        y[i] = s;
    }
}

int main(void)
{
    int n_out = 100, n_in = 136;
    double *W = malloc(sizeof(double) * n_out * n_in);
    double *x = malloc(sizeof(double) * n_in);
    double *bias = malloc(sizeof(double) * n_out);
    double *y = malloc(sizeof(double) * n_out);
    if (!W || !x || !bias || !y)
        return 1;
    fill(W, n_out * n_in);
    fill(x, n_in);
    fill(bias, n_out);
    fill(y, n_out);
    dense_relu(n_out, n_in, W, x, bias, y);
    report("y", y, n_out);
    free(W);
    free(x);
    free(bias);
    free(y);
    return 0;
}