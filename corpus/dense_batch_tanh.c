/*
 * Dense layer over a batch with a tanh epilogue: y[n][o] = tanhf(sum_i x[n][i] * w[i][o] + bias[o]),
 * weights stored in_dim x out_dim (batch=16 in_dim=130 out_dim=90).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117003u;

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

void dense_tanh(int batch, int in_dim, int out_dim, const float *x, const float *w, const float *bias, float *y)
{
    for (int n = 0; n < batch; n++) {
        for (int o = 0; o < out_dim; o++) {
            float acc = 0.0f;
            for (int i = 0; i < in_dim; i++)
                acc += x[n * in_dim + i] * w[i * out_dim + o];
            y[n * out_dim + o] = tanhf(acc + bias[o]);
        }
    }
}

int main(void)
{
    int batch = 16, in_dim = 130, out_dim = 90;
    float *x = malloc(sizeof(float) * batch * in_dim);
    float *w = malloc(sizeof(float) * in_dim * out_dim);
    float *bias = malloc(sizeof(float) * out_dim);
    float *y = malloc(sizeof(float) * batch * out_dim);
    if (!x || !w || !bias || !y)
        return 1;
    fill(x, batch * in_dim);
    fill(w, in_dim * out_dim);
    fill(bias, out_dim);
    fill(y, batch * out_dim);
    for (int t = 0; t < in_dim * out_dim; t++)
        w[t] *= 0.15f; /* keeps tanh out of saturation */
    dense_tanh(batch, in_dim, out_dim, x, w, bias, y);
    report("y", y, batch * out_dim);
    free(x);
    free(w);
    free(bias);
    free(y);
    return 0;
}