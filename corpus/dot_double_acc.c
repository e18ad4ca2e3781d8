/*
 * Dot product of float vectors with a double accumulator:
 * s += (double)x[i] * (double)y[i]; the double sum is returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3695541u;

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

double dot_dacc(int n, const float *x, const float *y)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (double)x[i] * (double)y[i];
    return s;
}

int main(void)
{
    int n = 8203;
    float *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n);
    if (!x || !y)
        return 1;
    fill(x, n);
    fill(y, n);
    double r0 = dot_dacc(n, x, y);
    double r1 = dot_dacc(n - 1000, x + 1000, y + 500);
    printf("dot: n=%d value=%.6g\n", n, r0);
    printf("dot: n=%d value=%.6g\n", n - 1000, r1);
    printf("dot: sum=%.6g wsum=%.6g\n", r0 + r1, r0 + 2.0 * r1);
    free(x);
    free(y);
    return 0;
}
