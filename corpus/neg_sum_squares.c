/*
 * NEGATIVE: sum-of-squares reduction of the deviations from a mean,
 * s += (x[i] - mean) * (x[i] - mean): one input, squared, not a product of two operands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 5007366u;

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

float sum_sq_dev(int n, const float *x, float mean)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++) {
        float d = x[i] - mean;
        s += d * d;
    }
    return s;
}

int main(void)
{
    int n = 6500;
    float *x = malloc(sizeof(float) * n);
    if (!x)
        return 1;
    fill(x, n);
    for (int i = 0; i < n; i++)
        x[i] = 0.5f + 0.25f * x[i];
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m += x[i];
    m /= n;
    float ss = sum_sq_dev(n, x, (float)m);
    float ss0 = sum_sq_dev(n / 3, x + n / 3, 0.25f);
    printf("mean=%.6g\n", m);
    printf("sum_sq_dev: n=%d value=%.6g variance=%.6g\n", n, ss, ss / n);
    printf("sum_sq_dev: n=%d value=%.6g\n", n / 3, ss0);
    free(x);
    return 0;
}
