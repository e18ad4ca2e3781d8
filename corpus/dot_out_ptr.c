/*
 * Dot product written through a pointer: float s accumulates x[i] * y[i], then *out = s.
 * The result slots hold garbage before the calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7835304u;

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

void dot_store(int n, const float *x, const float *y, float *out)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    *out = s;
}

int main(void)
{
    int n = 7321;
    float res[3] = {777.0f, -555.0f, 999.0f}; /* garbage that must be overwritten */
    float *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n);
    if (!x || !y)
        return 1;
    fill(x, n);
    fill(y, n);
    dot_store(n, x, y, &res[0]);
    dot_store(n - 321, y + 321, x, &res[1]);
    dot_store(n, x, x, &res[2]);
    for (int r = 0; r < 3; r++)
        printf("res[%d]=%.6g\n", r, res[r]);
    printf("res: sum=%.6g wsum=%.6g\n", res[0] + res[1] + res[2],
           res[0] + 2.0 * res[1] + 3.0 * res[2]);
    free(x);
    free(y);
    return 0;
}
