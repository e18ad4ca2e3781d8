/*
 * NEGATIVE: 3x3 binomial blur stencil with literal coefficients (1 2 1 / 2 4 2 / 1 2 1)/16,
 * no weights array; border pixels copied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 8739893u;

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

void blur3x3(int H, int W, const float *in, float *out)
{
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
            if (i == 0 || j == 0 || i == H - 1 || j == W - 1) {
                out[i * W + j] = in[i * W + j];
                continue;
            }
            const float *p = in + i * W + j;
            out[i * W + j] = (p[-W - 1] + 2.0f * p[-W] + p[-W + 1] +
                              2.0f * p[-1] + 4.0f * p[0] + 2.0f * p[1] +
                              p[W - 1] + 2.0f * p[W] + p[W + 1]) * 0.0625f;
        }
}

int main(void)
{
    int H = 64, W = 80;
    float *in = malloc(sizeof(float) * H * W);
    float *out = malloc(sizeof(float) * H * W);
    if (!in || !out)
        return 1;
    fill(in, H * W);
    fill(out, H * W);
    blur3x3(H, W, in, out);
    report("out", out, H * W);
    free(in);
    free(out);
    return 0;
}
