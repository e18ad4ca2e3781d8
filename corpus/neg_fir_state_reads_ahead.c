/*
 * NEGATIVE: block FIR with the copy into the state buffer inside the filter loop, but
 * the filter window is one sample ahead (state[n + k + 1]): it reads state[taps + n], which this
 * block has not copied yet (taps=17, 2 blocks of 300).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118008u;

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

void fir_ahead(int taps, int block, float *state, const float *c, const float *x, float *y)
{
    for (int n = 0; n < block; n++) {
        state[taps - 1 + n] = x[n];
        float acc = 0.0f;
        for (int k = 0; k < taps; k++)
            acc += state[n + k + 1] * c[k];
        y[n] = acc;
    }
    for (int k = 0; k < taps - 1; k++)
        state[k] = state[block + k];
}

int main(void)
{
    int taps = 17, block = 300, blocks = 2;
    float *c = malloc(sizeof(float) * taps);
    float *state = malloc(sizeof(float) * (taps + block));
    float *x = malloc(sizeof(float) * block * blocks);
    float *y = malloc(sizeof(float) * block * blocks);
    if (!c || !state || !x || !y)
        return 1;
    fill(c, taps);
    fill(state, taps + block);
    fill(x, block * blocks);
    for (int b = 0; b < blocks; b++)
        fir_ahead(taps, block, state, c, x + b * block, y + b * block);
    report("y", y, block * blocks);
    free(c);
    free(state);
    free(x);
    free(y);
    return 0;
}