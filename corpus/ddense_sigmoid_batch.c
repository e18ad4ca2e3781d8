/*
 * Dense layer in double over a batch, output-major loop order (o outer, batch inner), bias as the
 * accumulator's start and an inline sigmoid 1 / (1 + exp(-s)) (batch=14 in_dim=120 out_dim=76).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117016u;

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

void dense_sigmoid_batch(int batch, int in_dim, int out_dim, const double *X, const double *W,
                         const double *bias, double *Y)
{
    for (int o = 0; o < out_dim; o++)
        for (int b = 0; b < batch; b++) {
            double s = bias[o];
            for (int i = 0; i < in_dim; i++)
                s += W[o * in_dim + i] * X[b * in_dim + i];
            Y[b * out_dim + o] = 1.0 / (1.0 + exp(-s));
        }
}

int main(void)
{
    int batch = 14, in_dim = 120, out_dim = 76;
    double *X = malloc(sizeof(double) * batch * in_dim);
    double *W = malloc(sizeof(double) * out_dim * in_dim);
    double *bias = malloc(sizeof(double) * out_dim);
    double *Y = malloc(sizeof(double) * batch * out_dim);
    if (!X || !W || !bias || !Y)
        return 1;
    fill(X, batch * in_dim);
    fill(W, out_dim * in_dim);
    fill(bias, out_dim);
    fill(Y, batch * out_dim);
    for (int t = 0; t < out_dim * in_dim; t++)
        W[t] *= 0.2; /* keeps the sigmoid out of saturation */
    dense_sigmoid_batch(batch, in_dim, out_dim, X, W, bias, Y);
    report("Y", Y, batch * out_dim);
    free(X);
    free(W);
    free(bias);
    free(Y);
    return 0;
}