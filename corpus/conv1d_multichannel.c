/*
 * Multi-channel 1-D convolution (valid, stride 1):
 * out[co][t] = sum_ci sum_k w[co][ci][k] * in[ci][t + k], flat row-major arrays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 6948373u;

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

void conv1d_mc(int CI, int CO, int L, int KW, const float *in, const float *w, float *out)
{
    int OL = L - KW + 1;
    for (int co = 0; co < CO; co++)
        for (int t = 0; t < OL; t++) {
            float s = 0.0f;
            for (int ci = 0; ci < CI; ci++)
                for (int k = 0; k < KW; k++)
                    s += w[(co * CI + ci) * KW + k] * in[ci * L + t + k];
            out[co * OL + t] = s;
        }
}

int main(void)
{
    int CI = 4, CO = 6, L = 1200, KW = 9;
    int OL = L - KW + 1;
    float *in = malloc(sizeof(float) * CI * L);
    float *w = malloc(sizeof(float) * CO * CI * KW);
    float *out = malloc(sizeof(float) * CO * OL);
    if (!in || !w || !out)
        return 1;
    fill(in, CI * L);
    fill(w, CO * CI * KW);
    fill(out, CO * OL); /* garbage that must be overwritten */
    conv1d_mc(CI, CO, L, KW, in, w, out);
    printf("out: %d x %d\n", CO, OL);
    report("out", out, CO * OL);
    free(in);
    free(w);
    free(out);
    return 0;
}
