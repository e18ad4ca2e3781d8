/*
 * Colour-space style transform: every pixel (a row of 3 channels) multiplied by a fixed
 * 3x3 global matrix `float cmat[3][3]`, whose dimensions come from its type (pixels=4000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100315u;

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

float cmat[3][3];

void color_transform(int pixels, const float *src, float *dst)
{
    for (int p = 0; p < pixels; p++)
        for (int o = 0; o < 3; o++) {
            float s = 0.0f;
            for (int i = 0; i < 3; i++)
                s += src[p * 3 + i] * cmat[o][i];
            dst[p * 3 + o] = s;
        }
}

int main(void)
{
    int pixels = 4000;
    float *src = malloc(sizeof(float) * pixels * 3);
    float *dst = malloc(sizeof(float) * pixels * 3);
    if (!src || !dst)
        return 1;
    fill(&cmat[0][0], 9);
    fill(src, pixels * 3);
    fill(dst, pixels * 3);
    color_transform(pixels, src, dst);
    report("dst", dst, pixels * 3);
    free(src);
    free(dst);
    return 0;
}
