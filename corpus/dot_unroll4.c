/*
 * Dot product unrolled by 4 with four partial sums and a remainder loop
 * (n = 5003, not a multiple of 4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7301868u;

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

float dot_unroll4(int n, const float *x, const float *y)
{
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
    int i = 0;
    for (; i + 3 < n; i += 4) {
        s0 += x[i] * y[i];
        s1 += x[i + 1] * y[i + 1];
        s2 += x[i + 2] * y[i + 2];
        s3 += x[i + 3] * y[i + 3];
    }
    for (; i < n; i++)
        s0 += x[i] * y[i];
    return (s0 + s1) + (s2 + s3);
}

int main(void)
{
    int n = 5003;
    float *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n);
    if (!x || !y)
        return 1;
    fill(x, n);
    fill(y, n);
    float r0 = dot_unroll4(n, x, y);
    float r1 = dot_unroll4(n - 2, x + 1, y + 2);
    printf("dot: n=%d value=%.6g\n", n, r0);
    printf("dot: n=%d value=%.6g\n", n - 2, r1);
    printf("dot: sum=%.6g wsum=%.6g\n", r0 + r1, r0 + 2.0 * r1);
    free(x);
    free(y);
    return 0;
}
