/*
 * 1-D convolution with zero padding P on both sides ("same" output length for T = 2P + 1):
 * y[n] = sum_k h[k] * x[n - P + k], out-of-range input positions skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 1278615u;

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

void conv1d_pad(int N, int T, int P, const float *x, const float *h, float *y)
{
    int OL = N + 2 * P - T + 1;
    for (int n = 0; n < OL; n++) {
        float s = 0.0f;
        for (int k = 0; k < T; k++) {
            int i = n - P + k;
            if (i >= 0 && i < N)
                s += h[k] * x[i];
        }
        y[n] = s;
    }
}

int main(void)
{
    int N = 2500, T = 21, P = 10;
    int OL = N + 2 * P - T + 1;
    float *x = malloc(sizeof(float) * N);
    float *h = malloc(sizeof(float) * T);
    float *y = malloc(sizeof(float) * OL);
    if (!x || !h || !y)
        return 1;
    fill(x, N);
    fill(h, T);
    fill(y, OL); /* garbage that must be overwritten */
    conv1d_pad(N, T, P, x, h, y);
    report("y", y, OL);
    free(x);
    free(h);
    free(y);
    return 0;
}
