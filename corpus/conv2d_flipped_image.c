/*
 * True 2-D convolution as image-processing code writes it: the kernel index reversed in both
 * dimensions, out[y][x] = sum k[KH-1-i][KW-1-j] img[y+i][x+j] (valid region). Twin: reversed along the
 * rows only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 6632117u;

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

void convolve2d(const float *img, int rows, int cols, const float *kern, int kr, int kc, float *out)
{
    int orows = rows - kr + 1, ocols = cols - kc + 1;
    for (int y = 0; y < orows; y++)
        for (int x = 0; x < ocols; x++) {
            float sum = 0.0f;
            for (int i = 0; i < kr; i++)
                for (int j = 0; j < kc; j++)
                    sum += kern[(kr - 1 - i) * kc + (kc - 1 - j)] * img[(y + i) * cols + (x + j)];
            out[y * ocols + x] = sum;
        }
}

void convolve2d_rows_only(const float *img, int rows, int cols, const float *kern, int kr, int kc, float *out)
{
    int orows = rows - kr + 1, ocols = cols - kc + 1;
    for (int y = 0; y < orows; y++)
        for (int x = 0; x < ocols; x++) {
            float sum = 0.0f;
            for (int i = 0; i < kr; i++)
                for (int j = 0; j < kc; j++)
                    sum += kern[(kr - 1 - i) * kc + j] * img[(y + i) * cols + (x + j)];
            out[y * ocols + x] = sum;
        }
}

int main(void)
{
    int rows = 120, cols = 96, kr = 5, kc = 3;
    float *img = malloc(sizeof(float) * rows * cols);
    float *k = malloc(sizeof(float) * kr * kc);
    float *out = malloc(sizeof(float) * rows * cols);
    if (!img || !k || !out)
        return 1;
    fill(img, rows * cols);
    fill(k, kr * kc);
    convolve2d(img, rows, cols, k, kr, kc, out);
    report("conv", out, (rows - kr + 1) * (cols - kc + 1));
    convolve2d_rows_only(img, rows, cols, k, kr, kc, out);
    report("rows", out, (rows - kr + 1) * (cols - kc + 1));
    free(img);
    free(k);
    free(out);
    return 0;
}
