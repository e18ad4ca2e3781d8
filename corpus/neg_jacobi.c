/*
 * NEGATIVE: 2-D Jacobi 5-point stencil iterations on a rectangular grid (fixed boundary).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4242421u;

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

void jacobi_step(int R, int S, const float *in, float *out)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < S; j++) {
            if (i == 0 || j == 0 || i == R - 1 || j == S - 1)
                out[i * S + j] = in[i * S + j];
            else
                out[i * S + j] = 0.2f * (in[i * S + j] + in[(i - 1) * S + j] +
                                         in[(i + 1) * S + j] + in[i * S + j - 1] +
                                         in[i * S + j + 1]);
        }
}

int main(void)
{
    int R = 96, S = 80, iters = 20;
    float *u = malloc(sizeof(float) * R * S);
    float *v = malloc(sizeof(float) * R * S);
    if (!u || !v)
        return 1;
    fill(u, R * S);
    for (int it = 0; it < iters; it++) {
        jacobi_step(R, S, u, v);
        float *t = u;
        u = v;
        v = t;
    }
    report("u", u, R * S);
    free(u);
    free(v);
    return 0;
}
