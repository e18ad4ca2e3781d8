/*
 * Dense layer whose epilogue also reads the neighbour y[i + 1], which the nest has not written yet (its
 * old value): a split must keep the products apart from y, in a temporary, until the epilogue has read
 * them (rows=88 cols=120).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118006u;

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

void dense_neighbour(int rows, int cols, const float *W, const float *x, const float *b, float *y)
{
    for (int i = 0; i < rows; i++) {
        float s = 0.0f;
        for (int j = 0; j < cols; j++)
            s += W[i * cols + j] * x[j];
        float next = i + 1 < rows ? y[i + 1] : 0.0f;
        y[i] = 1.0f / (1.0f + expf(-(s + b[i]))) + 0.5f * next;
    }
}

int main(void)
{
    int rows = 88, cols = 120;
    float *W = malloc(sizeof(float) * rows * cols);
    float *x = malloc(sizeof(float) * cols);
    float *b = malloc(sizeof(float) * rows);
    float *y = malloc(sizeof(float) * rows);
    if (!W || !x || !b || !y)
        return 1;
    fill(W, rows * cols);
    fill(x, cols);
    fill(b, rows);
    fill(y, rows);
    dense_neighbour(rows, cols, W, x, b, y);
    report("y", y, rows);
    free(W);
    free(x);
    free(b);
    free(y);
    return 0;
}