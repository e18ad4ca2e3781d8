/*
 * NEGATIVE: Euclidean vector norm computed the overflow-safe way (running scale and scaled
 * sum of squares, as in reference BLAS nrm2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4283174u;

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

float norm2_scaled(int n, const float *x)
{
    float scale = 0.0f, ssq = 1.0f;
    for (int i = 0; i < n; i++) {
        if (x[i] != 0.0f) {
            float a = fabsf(x[i]);
            if (scale < a) {
                float r = scale / a;
                ssq = 1.0f + ssq * r * r;
                scale = a;
            } else {
                float r = a / scale;
                ssq += r * r;
            }
        }
    }
    return scale * sqrtf(ssq);
}

int main(void)
{
    int n = 7000;
    float *x = malloc(sizeof(float) * n);
    if (!x)
        return 1;
    fill(x, n);
    float r0 = norm2_scaled(n, x);
    for (int i = 0; i < n; i += 3)
        x[i] *= 1.0e20f; /* a naive sum of squares would overflow here */
    float r1 = norm2_scaled(n, x);
    printf("norm: n=%d value=%.6g\n", n, r0);
    printf("norm (scaled entries): n=%d value=%.6g\n", n, r1);
    free(x);
    return 0;
}
