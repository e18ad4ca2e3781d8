/* Deterministic pseudo-random numbers for the demos (an LCG, so every build prints the same). */
#include "numeric.h"
#include "app.h"

unsigned rng_next(unsigned *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state;
}

float rng_float(unsigned *state)
{
    return (float)(rng_next(state) >> 8) / 16777216.0f - 0.5f;
}

void rng_fill(float *x, int n, unsigned seed)
{
    for (int i = 0; i < n; i++)
        x[i] = rng_float(&seed);
}

double sum_floats(const float *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}

long demo_rng(void)
{
    unsigned s = 2024;
    long hist[8] = {0};
    for (int i = 0; i < 8000; i++)
        hist[rng_next(&s) >> 29]++;
    long h = 0;
    for (int b = 0; b < 8; b++)
        h = (h * 1009 + hist[b]) % 1000000007;
    return h % 1000000007;
}
