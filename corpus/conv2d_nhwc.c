/*
 * 2-D convolution, NHWC layout: in[((n*H + ih)*W + iw)*C + c], weights HWIO
 * w[((kh*KW + kw)*C + c)*K + k], out[((n*OH + oh)*OW + ow)*K + k]; stride 1, zero padding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 9795957u;

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

void conv2d_nhwc(int N, int H, int W, int C, int K, int KH, int KW, int pad,
                 const float *in, const float *w, float *out)
{
    int OH = H + 2 * pad - KH + 1;
    int OW = W + 2 * pad - KW + 1;
    for (int n = 0; n < N; n++)
        for (int oh = 0; oh < OH; oh++)
            for (int ow = 0; ow < OW; ow++)
                for (int k = 0; k < K; k++) {
                    float acc = 0.0f;
                    for (int kh = 0; kh < KH; kh++) {
                        int ih = oh + kh - pad;
                        if (ih < 0 || ih >= H)
                            continue;
                        for (int kw = 0; kw < KW; kw++) {
                            int iw = ow + kw - pad;
                            if (iw < 0 || iw >= W)
                                continue;
                            for (int c = 0; c < C; c++)
                                acc += in[((n * H + ih) * W + iw) * C + c] *
                                       w[((kh * KW + kw) * C + c) * K + k];
                        }
                    }
                    out[((n * OH + oh) * OW + ow) * K + k] = acc;
                }
}

int main(void)
{
    int N = 1, H = 18, W = 22, C = 8, K = 12, KH = 3, KW = 3, pad = 1;
    int OH = (H + 2 * pad - (KH - 1) - 1) / 1 + 1;
    int OW = (W + 2 * pad - (KW - 1) - 1) / 1 + 1;
    float *in = malloc(sizeof(float) * N * H * W * C);
    float *w = malloc(sizeof(float) * KH * KW * C * K);
    float *out = malloc(sizeof(float) * N * OH * OW * K);
    if (!in || !w || !out)
        return 1;
    fill(in, N * H * W * C);
    fill(w, KH * KW * C * K);
    fill(out, N * OH * OW * K); /* garbage that must be overwritten */
    conv2d_nhwc(N, H, W, C, K, KH, KW, pad, in, w, out);
    printf("out: %d x %d x %d x %d (NHWC)\n", N, OH, OW, K);
    report("out", out, N * OH * OW * K);
    free(in);
    free(w);
    free(out);
    return 0;
}
