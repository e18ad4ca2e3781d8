/*
 * Depthwise 3x3 convolution with a separate bias buffer, NCHW, stride 1, zero padding 1, as mobile
 * network code writes it (the filter size fixed). Twin: the bias scaled by the channel's first pixel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 1357913u;

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

void dw3x3_bias(int channels, int height, int width, const float *input, const float *weights,
                const float *bias, float *output)
{
    for (int c = 0; c < channels; c++)
        for (int oy = 0; oy < height; oy++)
            for (int ox = 0; ox < width; ox++) {
                float sum = bias[c];
                for (int ky = 0; ky < 3; ky++)
                    for (int kx = 0; kx < 3; kx++) {
                        int iy = oy + ky - 1, ix = ox + kx - 1;
                        if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                            sum += input[(c * height + iy) * width + ix] * weights[c * 9 + ky * 3 + kx];
                    }
                output[(c * height + oy) * width + ox] = sum;
            }
}

void dw3x3_bias_scaled(int channels, int height, int width, const float *input, const float *weights,
                       const float *bias, float *output)
{
    for (int c = 0; c < channels; c++)
        for (int oy = 0; oy < height; oy++)
            for (int ox = 0; ox < width; ox++) {
                float sum = bias[c] * input[c * height * width];
                for (int ky = 0; ky < 3; ky++)
                    for (int kx = 0; kx < 3; kx++) {
                        int iy = oy + ky - 1, ix = ox + kx - 1;
                        if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                            sum += input[(c * height + iy) * width + ix] * weights[c * 9 + ky * 3 + kx];
                    }
                output[(c * height + oy) * width + ox] = sum;
            }
}

int main(void)
{
    int c = 24, h = 28, w = 20;
    float *in = malloc(sizeof(float) * c * h * w);
    float *wt = malloc(sizeof(float) * c * 9);
    float *b = malloc(sizeof(float) * c);
    float *out = malloc(sizeof(float) * c * h * w);
    if (!in || !wt || !b || !out)
        return 1;
    fill(in, c * h * w);
    fill(wt, c * 9);
    fill(b, c);
    fill(out, c * h * w);
    dw3x3_bias(c, h, w, in, wt, b, out);
    report("dw", out, c * h * w);
    dw3x3_bias_scaled(c, h, w, in, wt, b, out);
    report("scaled", out, c * h * w);
    free(in);
    free(wt);
    free(b);
    free(out);
    return 0;
}
