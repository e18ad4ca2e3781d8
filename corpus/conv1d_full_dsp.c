/*
 * Full 1-D convolution as DSP libraries write it: the output has L + K - 1 samples, every overlap of
 * the reversed filter with the signal, y[n] = sum_k h[k] x[n - k]. Twin: the filter index not reversed
 * consistently (h[k] * x[n - k] + h[k] * x[0]).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 2246601u;

/* Small linear congruential generator: returns a value in [-1, 1). */
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
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f\n", name, (double)x[0], n / 2, (double)x[n / 2], n - 1,
           (double)x[n - 1]);
}

void conv_full(const float *src, int src_len, const float *taps, int num_taps, float *dst)
{
    for (int n = 0; n < src_len + num_taps - 1; n++) {
        float acc = 0.0f;
        for (int k = 0; k < num_taps; k++) {
            int j = n - k;
            if (j >= 0 && j < src_len)
                acc += taps[k] * src[j];
        }
        dst[n] = acc;
    }
}

void conv_full_offset(const float *src, int src_len, const float *taps, int num_taps, float *dst)
{
    for (int n = 0; n < src_len + num_taps - 1; n++) {
        float acc = 0.0f;
        for (int k = 0; k < num_taps; k++) {
            int j = n - k;
            if (j >= 0 && j < src_len)
                acc += taps[k] * (src[j] - src[0]);
        }
        dst[n] = acc;
    }
}

int main(void)
{
    int len = 3000, taps = 33;
    float *x = malloc(sizeof(float) * len);
    float *h = malloc(sizeof(float) * taps);
    float *y = malloc(sizeof(float) * (len + taps - 1));
    if (!x || !h || !y)
        return 1;
    fill(x, len);
    fill(h, taps);
    fill(y, len + taps - 1);
    conv_full(x, len, h, taps, y);
    report("full", y, len + taps - 1);
    conv_full(x + 100, len - 200, h, 17, y);
    report("full17", y, len - 200 + 16);
    conv_full_offset(x, len, h, taps, y);
    report("offset", y, len + taps - 1);
    free(x);
    free(h);
    free(y);
    return 0;
}
