/*
 * Dense layer over a batch with C99 VLA parameters and a leaky ReLU macro:
 * Y[b][o] = LEAKY(sum_i X[b][i] * W[o][i] + bias[o]) (batch=10 in_dim=128 out_dim=66).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117006u;

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

#define LEAKY(v) ((v) > 0.0f ? (v) : 0.1f * (v))

void dense_leaky(int batch, int in_dim, int out_dim, float X[batch][in_dim], float W[out_dim][in_dim],
                 float bias[out_dim], float Y[batch][out_dim])
{
    for (int b = 0; b < batch; b++)
        for (int o = 0; o < out_dim; o++) {
            float s = 0.0f;
            for (int i = 0; i < in_dim; i++)
                s += X[b][i] * W[o][i];
            Y[b][o] = LEAKY(s + bias[o]);
        }
}

int main(void)
{
    int batch = 10, in_dim = 128, out_dim = 66;
    float (*X)[in_dim] = malloc(sizeof(float) * batch * in_dim);
    float (*W)[in_dim] = malloc(sizeof(float) * out_dim * in_dim);
    float *bias = malloc(sizeof(float) * out_dim);
    float (*Y)[out_dim] = malloc(sizeof(float) * batch * out_dim);
    if (!X || !W || !bias || !Y)
        return 1;
    fill(&X[0][0], batch * in_dim);
    fill(&W[0][0], out_dim * in_dim);
    fill(bias, out_dim);
    fill(&Y[0][0], batch * out_dim);
    dense_leaky(batch, in_dim, out_dim, X, W, bias, Y);
    report("Y", &Y[0][0], batch * out_dim);
    free(X);
    free(W);
    free(bias);
    free(Y);
    return 0;
}