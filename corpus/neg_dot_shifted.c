/*
 * NEGATIVE: near-miss dot product with a shifted second operand, x[i] * y[i + 1], where the
 * last term wraps around to y[0] (cyclic lag-1 correlation).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 8433984u;

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

float dot_shift_wrap(int n, const float *x, const float *y)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += x[i] * y[(i + 1) % n];
    return s;
}

int main(void)
{
    int n = 6000;
    float *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n);
    if (!x || !y)
        return 1;
    fill(x, n);
    fill(y, n);
    for (int i = 0; i < n; i++)
        y[i] = 0.5f * y[i] + 0.5f * x[i]; /* correlate y with x so the shift matters */
    float r0 = dot_shift_wrap(n, x, y);
    float r1 = dot_shift_wrap(n / 2, x + n / 2, y);
    printf("dot_shift: n=%d value=%.6g\n", n, r0);
    printf("dot_shift: n=%d value=%.6g\n", n / 2, r1);
    free(x);
    free(y);
    return 0;
}
