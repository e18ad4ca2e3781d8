/*
 * A fully connected layer on one input vector: y = b; y += W x, as inference code writes it.
 * Twin: the last input ignored (j < n - 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3692581u;

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

void fc_forward(int out_dim, int in_dim, const float *W, const float *x, const float *b, float *y)
{
    for (int i = 0; i < out_dim; i++) {
        y[i] = b[i];
        for (int j = 0; j < in_dim; j++)
            y[i] += W[i * in_dim + j] * x[j];
    }
}

void fc_forward_short(int out_dim, int in_dim, const float *W, const float *x, const float *b, float *y)
{
    for (int i = 0; i < out_dim; i++) {
        y[i] = b[i];
        for (int j = 0; j < in_dim - 1; j++)
            y[i] += W[i * in_dim + j] * x[j];
    }
}

int main(void)
{
    int out_dim = 96, in_dim = 160;
    float *W = malloc(sizeof(float) * out_dim * in_dim);
    float *x = malloc(sizeof(float) * in_dim);
    float *b = malloc(sizeof(float) * out_dim);
    float *y = malloc(sizeof(float) * out_dim);
    if (!W || !x || !b || !y)
        return 1;
    fill(W, out_dim * in_dim);
    fill(x, in_dim);
    fill(b, out_dim);
    fc_forward(out_dim, in_dim, W, x, b, y);
    report("y", y, out_dim);
    fc_forward_short(out_dim, in_dim, W, x, b, y);
    report("short", y, out_dim);
    free(W);
    free(x);
    free(b);
    free(y);
    return 0;
}
