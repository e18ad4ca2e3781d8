/*
 * NEGATIVE: dense layer with a sigmoid computed in place, x[i] = sigmoid(sum_j W[i][j] x[j] + b[i]): later
 * rows read the already-updated x[0..i-1] (n=96).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118002u;

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

void dense_inplace(int n, const float *W, const float *b, float *x)
{
    for (int i = 0; i < n; i++) {
        float s = 0.0f;
        for (int j = 0; j < n; j++)
            s += W[i * n + j] * x[j];
        x[i] = 1.0f / (1.0f + expf(-(s + b[i])));
    }
}

int main(void)
{
    int n = 96;
    float *W = malloc(sizeof(float) * n * n);
    float *b = malloc(sizeof(float) * n);
    float *x = malloc(sizeof(float) * n);
    if (!W || !b || !x)
        return 1;
    fill(W, n * n);
    fill(b, n);
    fill(x, n);
    dense_inplace(n, W, b, x);
    report("x", x, n);
    free(W);
    free(b);
    free(x);
    return 0;
}