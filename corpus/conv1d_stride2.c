/*
 * Strided 1-D convolution / decimating FIR, stride 2, no padding:
 * y[n] = sum_k h[k] * x[n*stride + k], OL = (N - T)/stride + 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 2032860u;

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

void fir_strided(int N, int T, int stride, const float *x, const float *h, float *y)
{
    int OL = (N - (T - 1) - 1) / stride + 1;
    for (int n = 0; n < OL; n++) {
        float s = 0.0f;
        for (int k = 0; k < T; k++)
            s += h[k] * x[n * stride + k];
        y[n] = s;
    }
}

int main(void)
{
    int N = 4097, T = 12, stride = 2;
    int OL = (N - (T - 1) - 1) / stride + 1;
    float *x = malloc(sizeof(float) * N);
    float *h = malloc(sizeof(float) * T);
    float *y = malloc(sizeof(float) * OL);
    if (!x || !h || !y)
        return 1;
    fill(x, N);
    fill(h, T);
    fill(y, OL); /* garbage that must be overwritten */
    fir_strided(N, T, stride, x, h, y);
    report("y", y, OL);
    free(x);
    free(h);
    free(y);
    return 0;
}
