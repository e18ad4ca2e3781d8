/*
 * NEGATIVE: near-miss 2-D convolution (NCHW, padding 1) whose weights are read flipped along
 * the kernel width only, w[k][c][kh][KW-1-kw], and which also adds the input pixel itself,
 * unmultiplied, for every tap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3710172u;

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

void conv_flip_extra(int C, int H, int W, int K, int KH, int KW, int pad,
                     const float *in, const float *w, float *out)
{
    int OH = H + 2 * pad - KH + 1;
    int OW = W + 2 * pad - KW + 1;
    for (int k = 0; k < K; k++)
        for (int oh = 0; oh < OH; oh++)
            for (int ow = 0; ow < OW; ow++) {
                float s = 0.0f;
                for (int c = 0; c < C; c++)
                    for (int kh = 0; kh < KH; kh++)
                        for (int kw = 0; kw < KW; kw++) {
                            int ih = oh - pad + kh;
                            int iw = ow - pad + kw;
                            if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
                                float v = in[(c * H + ih) * W + iw];
                                s += w[((k * C + c) * KH + kh) * KW + (KW - 1 - kw)] * v + v;
                            }
                        }
                out[(k * OH + oh) * OW + ow] = s;
            }
}

int main(void)
{
    int C = 6, H = 18, W = 16, K = 8, KH = 3, KW = 3, pad = 1;
    int OH = H + 2 * pad - KH + 1, OW = W + 2 * pad - KW + 1;
    float *in = malloc(sizeof(float) * C * H * W);
    float *w = malloc(sizeof(float) * K * C * KH * KW);
    float *out = malloc(sizeof(float) * K * OH * OW);
    if (!in || !w || !out)
        return 1;
    fill(in, C * H * W);
    fill(w, K * C * KH * KW);
    fill(out, K * OH * OW);
    conv_flip_extra(C, H, W, K, KH, KW, pad, in, w, out);
    report("out", out, K * OH * OW);
    free(in);
    free(w);
    free(out);
    return 0;
}
