/*
 * Dot product returning the float sum: s += x[i] * y[i]; return s.
 * Called on the full vectors and on offset sub-vectors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 2659223u;

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

float sdot(int n, const float *x, const float *y)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
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
    float r0 = sdot(n, x, y);
    float r1 = sdot(n - 17, x + 9, y + 4);
    float r2 = sdot(n / 2, x + n / 2, y);
    printf("dot: n=%d value=%.6g\n", n, r0);
    printf("dot: n=%d value=%.6g\n", n - 17, r1);
    printf("dot: n=%d value=%.6g\n", n / 2, r2);
    printf("dot: sum=%.6g wsum=%.6g\n", r0 + r1 + r2, r0 + 2.0 * r1 + 3.0 * r2);
    free(x);
    free(y);
    return 0;
}
