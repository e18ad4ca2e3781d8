/*
 * CMSIS-style block FIR: an instance struct holds the state buffer (num_taps - 1 + block_size samples);
 * each call copies the new block behind the kept samples, filters over the state, then keeps the last
 * num_taps - 1 samples (num_taps=29, 4 blocks of 256).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117013u;

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

typedef struct {
    int num_taps;
    float *state;
    const float *coeffs;
} fir_instance;

void fir_block(const fir_instance *S, const float *src, float *dst, int block_size)
{
    float *state = S->state;
    const float *coeffs = S->coeffs;
    int num_taps = S->num_taps;
    for (int n = 0; n < block_size; n++)
        state[num_taps - 1 + n] = src[n];
    for (int n = 0; n < block_size; n++) {
        float acc = 0.0f;
        for (int k = 0; k < num_taps; k++)
            acc += state[n + k] * coeffs[k];
        dst[n] = acc;
    }
    for (int k = 0; k < num_taps - 1; k++)
        state[k] = state[block_size + k];
}

int main(void)
{
    int num_taps = 29, block_size = 256, blocks = 4;
    float *coeffs = malloc(sizeof(float) * num_taps);
    float *state = calloc(num_taps - 1 + block_size, sizeof(float));
    float *src = malloc(sizeof(float) * block_size * blocks);
    float *dst = malloc(sizeof(float) * block_size * blocks);
    if (!coeffs || !state || !src || !dst)
        return 1;
    fill(coeffs, num_taps);
    fill(src, block_size * blocks);
    fill(dst, block_size * blocks);
    fir_instance S = {num_taps, state, coeffs};
    for (int b = 0; b < blocks; b++)
        fir_block(&S, src + b * block_size, dst + b * block_size, block_size);
    report("dst", dst, block_size * blocks);
    report("state", state, num_taps - 1);
    free(coeffs);
    free(state);
    free(src);
    free(dst);
    return 0;
}