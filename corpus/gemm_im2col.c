/*
 * Convolution lowered to im2col + GEMM: im2col copies zero-padded 3x3 patches of a C x H x W
 * image into a (C*KH*KW) x (OH*OW) column matrix; gemm multiplies the KO x (C*KH*KW) weight
 * matrix by it (row-major, i-j-k order), giving the KO x (OH*OW) output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 1416469u;

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

void im2col(int C, int H, int W, int KH, int KW, int pad, int stride, const float *img,
            float *col)
{
    int OH = (H + 2 * pad - (KH - 1) - 1) / stride + 1;
    int OW = (W + 2 * pad - (KW - 1) - 1) / stride + 1;
    for (int c = 0; c < C; c++)
        for (int kh = 0; kh < KH; kh++)
            for (int kw = 0; kw < KW; kw++) {
                int row = (c * KH + kh) * KW + kw;
                for (int oh = 0; oh < OH; oh++)
                    for (int ow = 0; ow < OW; ow++) {
                        int ih = oh * stride - pad + kh;
                        int iw = ow * stride - pad + kw;
                        float v = 0.0f;
                        if (ih >= 0 && ih < H && iw >= 0 && iw < W)
                            v = img[(c * H + ih) * W + iw];
                        col[row * (OH * OW) + oh * OW + ow] = v;
                    }
            }
}

void gemm(int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float s = 0.0f;
            for (int k = 0; k < K; k++)
                s += A[i * K + k] * B[k * N + j];
            C[i * N + j] = s;
        }
}

int main(void)
{
    int C = 6, H = 14, W = 12, KO = 16, KH = 3, KW = 3, pad = 1, stride = 1;
    int OH = (H + 2 * pad - (KH - 1) - 1) / stride + 1;
    int OW = (W + 2 * pad - (KW - 1) - 1) / stride + 1;
    int Kd = C * KH * KW, P = OH * OW;
    float *img = malloc(sizeof(float) * C * H * W);
    float *wt = malloc(sizeof(float) * KO * Kd);
    float *col = malloc(sizeof(float) * Kd * P);
    float *out = malloc(sizeof(float) * KO * P);
    if (!img || !wt || !col || !out)
        return 1;
    fill(img, C * H * W);
    fill(wt, KO * Kd);
    fill(col, Kd * P); /* garbage that im2col must overwrite */
    fill(out, KO * P); /* garbage that gemm must overwrite */
    im2col(C, H, W, KH, KW, pad, stride, img, col);
    gemm(KO, P, Kd, wt, col, out);
    printf("out: %d x %d x %d\n", KO, OH, OW);
    report("col", col, Kd * P);
    report("out", out, KO * P);
    free(img);
    free(wt);
    free(col);
    free(out);
    return 0;
}
