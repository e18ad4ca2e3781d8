/*
 * Two-layer perceptron on one input through a hidden buffer malloc'ed inside the function:
 * h = tanh(W1 x + b1) (a product with a bias and tanh epilogue), then y = W2 h + b2
 * (in_dim=150 hid_dim=112 out_dim=64).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117020u;

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

void mlp_forward(int in_dim, int hid_dim, int out_dim, const float *W1, const float *b1, const float *W2,
                 const float *b2, const float *x, float *y)
{
    float *h = malloc(sizeof(float) * hid_dim);
    if (!h)
        return;
    for (int j = 0; j < hid_dim; j++) {
        float s = b1[j];
        for (int i = 0; i < in_dim; i++)
            s += W1[j * in_dim + i] * x[i];
        h[j] = tanhf(s);
    }
    for (int k = 0; k < out_dim; k++) {
        float s = b2[k];
        for (int j = 0; j < hid_dim; j++)
            s += W2[k * hid_dim + j] * h[j];
        y[k] = s;
    }
    free(h);
}

int main(void)
{
    int in_dim = 150, hid_dim = 112, out_dim = 64;
    float *W1 = malloc(sizeof(float) * hid_dim * in_dim);
    float *b1 = malloc(sizeof(float) * hid_dim);
    float *W2 = malloc(sizeof(float) * out_dim * hid_dim);
    float *b2 = malloc(sizeof(float) * out_dim);
    float *x = malloc(sizeof(float) * in_dim);
    float *y = malloc(sizeof(float) * out_dim);
    if (!W1 || !b1 || !W2 || !b2 || !x || !y)
        return 1;
    fill(W1, hid_dim * in_dim);
    fill(b1, hid_dim);
    fill(W2, out_dim * hid_dim);
    fill(b2, out_dim);
    fill(x, in_dim);
    fill(y, out_dim);
    for (int t = 0; t < hid_dim * in_dim; t++)
        W1[t] *= 0.15f; /* keeps tanh out of saturation */
    mlp_forward(in_dim, hid_dim, out_dim, W1, b1, W2, b2, x, y);
    report("y", y, out_dim);
    free(W1);
    free(b1);
    free(W2);
    free(b2);
    free(x);
    free(y);
    return 0;
}