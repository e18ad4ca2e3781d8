/*
 * Grouped 2-D convolution (groups = 2), NCHW, stride 1, zero padding 1. Each group maps
 * C/G input channels to K/G output channels; w: K x (C/G) x KH x KW.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4214584u;

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

void conv2d_grouped(int N, int C, int H, int W, int K, int G, int KH, int KW, int pad,
                    const float *in, const float *w, float *out)
{
    int OH = H + 2 * pad - KH + 1;
    int OW = W + 2 * pad - KW + 1;
    int Cg = C / G, Kg = K / G;
    for (int n = 0; n < N; n++)
        for (int g = 0; g < G; g++)
            for (int kk = 0; kk < Kg; kk++) {
                int k = g * Kg + kk;
                for (int oh = 0; oh < OH; oh++)
                    for (int ow = 0; ow < OW; ow++) {
                        float s = 0.0f;
                        for (int cc = 0; cc < Cg; cc++) {
                            int c = g * Cg + cc;
                            for (int kh = 0; kh < KH; kh++)
                                for (int kw = 0; kw < KW; kw++) {
                                    int ih = oh - pad + kh;
                                    int iw = ow - pad + kw;
                                    if (ih >= 0 && ih < H && iw >= 0 && iw < W)
                                        s += in[((n * C + c) * H + ih) * W + iw] *
                                             w[((k * Cg + cc) * KH + kh) * KW + kw];
                                }
                        }
                        out[((n * K + k) * OH + oh) * OW + ow] = s;
                    }
            }
}

int main(void)
{
    int N = 1, C = 12, H = 16, W = 14, K = 10, G = 2, KH = 3, KW = 3, pad = 1;
    int OH = (H + 2 * pad - (KH - 1) - 1) / 1 + 1;
    int OW = (W + 2 * pad - (KW - 1) - 1) / 1 + 1;
    float *in = malloc(sizeof(float) * N * C * H * W);
    float *w = malloc(sizeof(float) * K * (C / G) * KH * KW);
    float *out = malloc(sizeof(float) * N * K * OH * OW);
    if (!in || !w || !out)
        return 1;
    fill(in, N * C * H * W);
    fill(w, K * (C / G) * KH * KW);
    fill(out, N * K * OH * OW); /* garbage that must be overwritten */
    conv2d_grouped(N, C, H, W, K, G, KH, KW, pad, in, w, out);
    printf("out: %d x %d x %d x %d (groups=%d)\n", N, K, OH, OW, G);
    report("out", out, N * K * OH * OW);
    free(in);
    free(w);
    free(out);
    return 0;
}
