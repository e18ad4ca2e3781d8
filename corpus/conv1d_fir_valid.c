/*
 * FIR filter, "valid" part only: y[n] = sum_k h[k] * x[n + k] for n = 0 .. N-T
 * (correlation form, no bounds checks needed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3805632u;

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

void fir_valid(int N, int T, const float *x, const float *h, float *y)
{
    for (int n = 0; n <= N - T; n++) {
        float s = 0.0f;
        for (int k = 0; k < T; k++)
            s += h[k] * x[n + k];
        y[n] = s;
    }
}

int main(void)
{
    int N = 4000, T = 24;
    int L = N - T + 1;
    float *x = malloc(sizeof(float) * N);
    float *h = malloc(sizeof(float) * T);
    float *y = malloc(sizeof(float) * L);
    if (!x || !h || !y)
        return 1;
    fill(x, N);
    fill(h, T);
    fill(y, L); /* garbage that must be overwritten */
    fir_valid(N, T, x, h, y);
    report("y", y, L);
    free(x);
    free(h);
    free(y);
    return 0;
}
