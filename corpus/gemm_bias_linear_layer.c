/*
 * A linear layer over a batch as neural-network frameworks write it: out[i][o] = bias[o] +
 * sum_k inp[i][k] w[o][k] (weights stored [out][in]). Twin: the same with a ReLU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 5927384u;

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

void linear_forward(float *out, const float *inp, const float *weight, const float *bias, int B, int C, int OC)
{
    for (int b = 0; b < B; b++) {
        const float *inp_b = inp + b * C;
        float *out_b = out + b * OC;
        for (int o = 0; o < OC; o++) {
            float val = bias[o];
            const float *w_row = weight + o * C;
            for (int i = 0; i < C; i++)
                val += inp_b[i] * w_row[i];
            out_b[o] = val;
        }
    }
}

void linear_relu_forward(float *out, const float *inp, const float *weight, const float *bias, int B, int C, int OC)
{
    for (int b = 0; b < B; b++)
        for (int o = 0; o < OC; o++) {
            float val = bias[o];
            for (int i = 0; i < C; i++)
                val += inp[b * C + i] * weight[o * C + i];
            out[b * OC + o] = val > 0.0f ? val : 0.0f;
        }
}

int main(void)
{
    int B = 40, C = 72, OC = 56;
    float *inp = malloc(sizeof(float) * B * C);
    float *w = malloc(sizeof(float) * OC * C);
    float *bias = malloc(sizeof(float) * OC);
    float *out = malloc(sizeof(float) * B * OC);
    if (!inp || !w || !bias || !out)
        return 1;
    fill(inp, B * C);
    fill(w, OC * C);
    fill(bias, OC);
    linear_forward(out, inp, w, bias, B, C, OC);
    report("out", out, B * OC);
    linear_relu_forward(out, inp, w, bias, B, C, OC);
    report("relu", out, B * OC);
    free(inp);
    free(w);
    free(bias);
    free(out);
    return 0;
}
