/*
 * Dense (fully connected) layer: a GEMM loop nest Y = X * W, then a bias loop, then a ReLU loop, in one function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 9191919u;

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

/* X: batch x in_dim, W: in_dim x out_dim (row-major), bias: out_dim, Y: batch x out_dim */
void dense_layer(int batch, int in_dim, int out_dim, const float *X, const float *W,
                 const float *bias, float *Y)
{
    for (int b = 0; b < batch; b++) {
        for (int o = 0; o < out_dim; o++) {
            float acc = 0.0f;
            for (int i = 0; i < in_dim; i++)
                acc += X[b * in_dim + i] * W[i * out_dim + o];
            Y[b * out_dim + o] = acc;
        }
    }

    for (int b = 0; b < batch; b++)
        for (int o = 0; o < out_dim; o++)
            Y[b * out_dim + o] += bias[o];

    for (int t = 0; t < batch * out_dim; t++)
        if (Y[t] < 0.0f)
            Y[t] = 0.0f;
}

int main(void)
{
    int batch = 64, in_dim = 96, out_dim = 40;
    float *X = malloc(sizeof(float) * batch * in_dim);
    float *W = malloc(sizeof(float) * in_dim * out_dim);
    float *bias = malloc(sizeof(float) * out_dim);
    float *Y = malloc(sizeof(float) * batch * out_dim);
    if (!X || !W || !bias || !Y)
        return 1;
    fill(X, batch * in_dim);
    fill(W, in_dim * out_dim);
    fill(bias, out_dim);
    fill(Y, batch * out_dim);
    dense_layer(batch, in_dim, out_dim, X, W, bias, Y);
    report("Y", Y, batch * out_dim);
    int active = 0;
    for (int t = 0; t < batch * out_dim; t++)
        active += (Y[t] > 0.0f);
    printf("active units: %d\n", active);
    free(X);
    free(W);
    free(bias);
    free(Y);
    return 0;
}
