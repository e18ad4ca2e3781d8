/*
 * NEGATIVE: 3x3 average pooling with stride 2 (no padding): sum of a 3x3 window divided by 9.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 6021587u;

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

void avgpool3x3(int C, int H, int W, const float *in, float *out)
{
    int OH = (H - 3) / 2 + 1, OW = (W - 3) / 2 + 1;
    for (int c = 0; c < C; c++)
        for (int oh = 0; oh < OH; oh++)
            for (int ow = 0; ow < OW; ow++) {
                float s = 0.0f;
                for (int dh = 0; dh < 3; dh++)
                    for (int dw = 0; dw < 3; dw++)
                        s += in[(c * H + 2 * oh + dh) * W + 2 * ow + dw];
                out[(c * OH + oh) * OW + ow] = s / 9.0f;
            }
}

int main(void)
{
    int C = 10, H = 23, W = 21;
    int OH = (H - 3) / 2 + 1, OW = (W - 3) / 2 + 1;
    float *in = malloc(sizeof(float) * C * H * W);
    float *out = malloc(sizeof(float) * C * OH * OW);
    if (!in || !out)
        return 1;
    fill(in, C * H * W);
    fill(out, C * OH * OW);
    avgpool3x3(C, H, W, in, out);
    report("out", out, C * OH * OW);
    free(in);
    free(out);
    return 0;
}
