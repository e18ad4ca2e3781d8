/*
 * Double depthwise 3x3 convolution, NHWC (channels innermost, filter [3][3][C]), valid region, the bias
 * added after the taps. Twin: the bias of the next channel (wrapping) is added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 2468024u;

/* Small linear congruential generator: returns a value in [-1, 1). */
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (double)(rng_state >> 8) / 8388608.0 - 1.0;
}

static void fill(double *x, int n)
{
    int i;
    for (i = 0; i < n; i++)
        x[i] = rnd();
}

static void report(const char *name, const double *x, int n)
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

void dw3x3_nhwc(int h, int w, int ch, const double *in, const double *filt, const double *bias, double *out)
{
    int oh = h - 2, ow = w - 2;
    for (int y = 0; y < oh; y++)
        for (int x = 0; x < ow; x++)
            for (int c = 0; c < ch; c++) {
                double acc = 0.0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        acc += in[((y + i) * w + x + j) * ch + c] * filt[(i * 3 + j) * ch + c];
                out[(y * ow + x) * ch + c] = acc + bias[c];
            }
}

void dw3x3_nhwc_wrap(int h, int w, int ch, const double *in, const double *filt, const double *bias, double *out)
{
    int oh = h - 2, ow = w - 2;
    for (int y = 0; y < oh; y++)
        for (int x = 0; x < ow; x++)
            for (int c = 0; c < ch; c++) {
                double acc = 0.0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        acc += in[((y + i) * w + x + j) * ch + c] * filt[(i * 3 + j) * ch + c];
                out[(y * ow + x) * ch + c] = acc + bias[(c + 1) % ch];
            }
}

int main(void)
{
    int h = 26, w = 22, ch = 16;
    double *in = malloc(sizeof(double) * h * w * ch);
    double *filt = malloc(sizeof(double) * 9 * ch);
    double *bias = malloc(sizeof(double) * ch);
    double *out = malloc(sizeof(double) * h * w * ch);
    if (!in || !filt || !bias || !out)
        return 1;
    fill(in, h * w * ch);
    fill(filt, 9 * ch);
    fill(bias, ch);
    dw3x3_nhwc(h, w, ch, in, filt, bias, out);
    report("dw", out, (h - 2) * (w - 2) * ch);
    dw3x3_nhwc_wrap(h, w, ch, in, filt, bias, out);
    report("wrap", out, (h - 2) * (w - 2) * ch);
    free(in);
    free(filt);
    free(bias);
    free(out);
    return 0;
}
