/*
 * Dense layer on one input vector with a sigmoid epilogue called through a static helper:
 * out[i] = sigmoid(sum_j W[i][j] * in[j] + b[i]) (out_dim=120 in_dim=176).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117001u;

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

static float sigmoid(float v)
{
    return 1.0f / (1.0f + expf(-v));
}

/* W: out_dim x in_dim, row-major */
void dense_sigmoid(int out_dim, int in_dim, const float *W, const float *in, const float *b, float *out)
{
    for (int i = 0; i < out_dim; i++) {
        float sum = 0.0f;
        for (int j = 0; j < in_dim; j++)
            sum += W[i * in_dim + j] * in[j];
        out[i] = sigmoid(sum + b[i]);
    }
}

int main(void)
{
    int out_dim = 120, in_dim = 176;
    float *W = malloc(sizeof(float) * out_dim * in_dim);
    float *in = malloc(sizeof(float) * in_dim);
    float *b = malloc(sizeof(float) * out_dim);
    float *out = malloc(sizeof(float) * out_dim);
    if (!W || !in || !b || !out)
        return 1;
    fill(W, out_dim * in_dim);
    fill(in, in_dim);
    fill(b, out_dim);
    fill(out, out_dim);
    dense_sigmoid(out_dim, in_dim, W, in, b, out);
    report("out", out, out_dim);
    free(W);
    free(in);
    free(b);
    free(out);
    return 0;
}