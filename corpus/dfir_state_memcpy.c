/*
 * Block FIR in double, convolution form h[k] * state[n + taps - 1 - k]: memcpy of the new block into
 * the state buffer, the filter over the state, memmove of the kept samples (taps=33, 3 blocks of 300).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

static unsigned int rng_state = 4117014u;

/* Small linear congruential generator: returns a double in [-1, 1). */
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (double)(rng_state >> 8) / 8388608.0 - 1.0;
}

static void fill(double *x, int n)
{
    int i;
    for (i = 0; i < n; i++)
        x[i] = rnd();
}

static void report(const char *name, const double *x, int n)
{
    double s = 0.0, w = 0.0, a = 0.0;
    int i;
    for (i = 0; i < n; i++) {
        s += x[i];
        w += x[i] * (double)(i % 7 + 1);
        a += fabs(x[i]);
    }
    printf("%s: n=%d sum=%.6g wsum=%.6g asum=%.6g\n", name, n, s, w, a);
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f\n",
           name, x[0], n / 5, x[n / 5], n / 2, x[n / 2],
           (2 * n) / 3, x[(2 * n) / 3], n - 1, x[n - 1]);
}

void fir_process(int taps, int block, double *state, const double *h, const double *in, double *out)
{
    memcpy(state + taps - 1, in, sizeof(double) * block);
    for (int n = 0; n < block; n++) {
        double acc = 0.0;
        for (int k = 0; k < taps; k++)
            acc += h[k] * state[n + taps - 1 - k];
        out[n] = acc;
    }
    memmove(state, state + block, sizeof(double) * (taps - 1));
}

int main(void)
{
    int taps = 33, block = 300, blocks = 3;
    double *h = malloc(sizeof(double) * taps);
    double *state = calloc(taps - 1 + block, sizeof(double));
    double *in = malloc(sizeof(double) * block * blocks);
    double *out = malloc(sizeof(double) * block * blocks);
    if (!h || !state || !in || !out)
        return 1;
    fill(h, taps);
    fill(in, block * blocks);
    fill(out, block * blocks);
    for (int b = 0; b < blocks; b++)
        fir_process(taps, block, state, h, in + b * block, out + b * block);
    report("out", out, block * blocks);
    report("state", state, taps - 1);
    free(h);
    free(state);
    free(in);
    free(out);
    return 0;
}