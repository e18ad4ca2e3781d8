/*
 * Dense layer with a hard-tanh clamp written as if/else after the sum, the bias as the accumulator's
 * start: y[i] = clamp(bias[i] + sum_j W[i][j] * x[j], -1, 1) (rows=84 cols=150).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117005u;

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

void dense_hardtanh(int rows, int cols, const float *W, const float *x, const float *bias, float *y)
{
    int i, j;
    for (i = 0; i < rows; i++) {
        float v = bias[i];
        for (j = 0; j < cols; j++)
            v += W[i * cols + j] * x[j];
        if (v > 1.0f)
            v = 1.0f;
        else if (v < -1.0f)
            v = -1.0f;
        y[i] = v;
    }
}

int main(void)
{
    int rows = 84, cols = 150;
    float *W = malloc(sizeof(float) * rows * cols);
    float *x = malloc(sizeof(float) * cols);
    float *bias = malloc(sizeof(float) * rows);
    float *y = malloc(sizeof(float) * rows);
    if (!W || !x || !bias || !y)
        return 1;
    fill(W, rows * cols);
    fill(x, cols);
    fill(bias, rows);
    fill(y, rows);
    dense_hardtanh(rows, cols, W, x, bias, y);
    report("y", y, rows);
    int clamped = 0;
    for (int i = 0; i < rows; i++)
        clamped += (y[i] == 1.0f || y[i] == -1.0f);
    printf("clamped: %d\n", clamped);
    free(W);
    free(x);
    free(bias);
    free(y);
    return 0;
}