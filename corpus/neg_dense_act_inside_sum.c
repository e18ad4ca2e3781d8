/*
 * NEGATIVE: a dense layer with the activation applied to every product inside the sum,
 * out[i] = sum_j tanh(W[i][j] * in[j]) + b[i], not to the finished sum (rows=64 cols=100).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118005u;

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

void dense_act_inside(int rows, int cols, const float *W, const float *in, const float *b, float *out)
{
    for (int i = 0; i < rows; i++) {
        float s = 0.0f;
        for (int j = 0; j < cols; j++)
            s += tanhf(W[i * cols + j] * in[j]);
        out[i] = s + b[i];
    }
}

int main(void)
{
    int rows = 64, cols = 100;
    float *W = malloc(sizeof(float) * rows * cols);
    float *in = malloc(sizeof(float) * cols);
    float *b = malloc(sizeof(float) * rows);
    float *out = malloc(sizeof(float) * rows);
    if (!W || !in || !b || !out)
        return 1;
    fill(W, rows * cols);
    fill(in, cols);
    fill(b, rows);
    for (int t = 0; t < cols; t++)
        in[t] *= 2.0f; /* products beyond tanh's linear range */
    dense_act_inside(rows, cols, W, in, b, out);
    report("out", out, rows);
    free(W);
    free(in);
    free(b);
    free(out);
    return 0;
}