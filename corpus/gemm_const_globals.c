/*
 * GEMM whose sizes are `static const int` globals instead of macros, as C code
 * that avoids the preprocessor writes them (DIM_M=64 DIM_N=48 DIM_K=40).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100314u;

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

static const int DIM_M = 64;
static const int DIM_N = 48;
static const int DIM_K = 40;

void gemm_constdims(const float *a, const float *b, float *c)
{
    for (int i = 0; i < DIM_M; i++)
        for (int j = 0; j < DIM_N; j++) {
            float s = 0.0f;
            for (int p = 0; p < DIM_K; p++)
                s += a[i * DIM_K + p] * b[p * DIM_N + j];
            c[i * DIM_N + j] = s;
        }
}

int main(void)
{
    float *a = malloc(sizeof(float) * DIM_M * DIM_K);
    float *b = malloc(sizeof(float) * DIM_K * DIM_N);
    float *c = malloc(sizeof(float) * DIM_M * DIM_N);
    if (!a || !b || !c)
        return 1;
    fill(a, DIM_M * DIM_K);
    fill(b, DIM_K * DIM_N);
    fill(c, DIM_M * DIM_N);
    gemm_constdims(a, b, c);
    report("c", c, DIM_M * DIM_N);
    free(a);
    free(b);
    free(c);
    return 0;
}
