/*
 * 2-D convolution, NCHW layout, direct 6-deep loop nest, stride 1, zero padding by a bounds
 * check on the input coordinates. in: N x C x H x W, w: K x C x KH x KW, out: N x K x OH x OW.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 6079662u;

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

void conv2d_nchw(int N, int C, int H, int W, int K, int KH, int KW, int pad,
                 const float *in, const float *w, float *out)
{
    int OH = H + 2 * pad - KH + 1;
    int OW = W + 2 * pad - KW + 1;
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++)
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++) {
                    float s = 0.0f;
                    for (int c = 0; c < C; c++)
                        for (int kh = 0; kh < KH; kh++)
                            for (int kw = 0; kw < KW; kw++) {
                                int ih = oh - pad + kh;
                                int iw = ow - pad + kw;
                                if (ih >= 0 && ih < H && iw >= 0 && iw < W)
                                    s += in[((n * C + c) * H + ih) * W + iw] *
                                         w[((k * C + c) * KH + kh) * KW + kw];
                            }
                    out[((n * K + k) * OH + oh) * OW + ow] = s;
                }
}

int main(void)
{
    int N = 2, C = 6, H = 20, W = 17, K = 8, KH = 3, KW = 3, pad = 1;
    int OH = (H + 2 * pad - (KH - 1) - 1) / 1 + 1;
    int OW = (W + 2 * pad - (KW - 1) - 1) / 1 + 1;
    float *in = malloc(sizeof(float) * N * C * H * W);
    float *w = malloc(sizeof(float) * K * C * KH * KW);
    float *out = malloc(sizeof(float) * N * K * OH * OW);
    if (!in || !w || !out)
        return 1;
    fill(in, N * C * H * W);
    fill(w, K * C * KH * KW);
    fill(out, N * K * OH * OW); /* garbage that must be overwritten */
    conv2d_nchw(N, C, H, W, K, KH, KW, pad, in, w, out);
    printf("out: %d x %d x %d x %d\n", N, K, OH, OW);
    report("out", out, N * K * OH * OW);
    free(in);
    free(w);
    free(out);
    return 0;
}
