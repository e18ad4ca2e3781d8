/*
 * Double true convolution with a fixed 3x3 kernel and zero padding ("same" output size), the image
 * index written as y - i + 1: out[y][x] = sum k[i][j] img[y+1-i][x+1-j]. Twin: the centre tap doubled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 8815523u;

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

void conv3x3_same(int h, int w, const double *src, const double *k, double *dst)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double acc = 0.0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    int sy = y + 1 - i, sx = x + 1 - j;
                    if (sy >= 0 && sy < h && sx >= 0 && sx < w)
                        acc += k[i * 3 + j] * src[sy * w + sx];
                }
            dst[y * w + x] = acc;
        }
}

void conv3x3_same_centre(int h, int w, const double *src, const double *k, double *dst)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double acc = src[y * w + x];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    int sy = y + 1 - i, sx = x + 1 - j;
                    if (sy >= 0 && sy < h && sx >= 0 && sx < w)
                        acc += k[i * 3 + j] * src[sy * w + sx];
                }
            dst[y * w + x] = acc;
        }
}

int main(void)
{
    int h = 90, w = 70;
    double *src = malloc(sizeof(double) * h * w);
    double k[9];
    double *dst = malloc(sizeof(double) * h * w);
    if (!src || !dst)
        return 1;
    fill(src, h * w);
    fill(k, 9);
    conv3x3_same(h, w, src, k, dst);
    report("same", dst, h * w);
    conv3x3_same_centre(h, w, src, k, dst);
    report("centre", dst, h * w);
    free(src);
    free(dst);
    return 0;
}
