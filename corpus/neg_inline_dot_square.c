/*
 * Near-miss of the tiled GEMM with a dot helper: the static inline helper squares the
 * row element (row[p] * row[p] * col[p*stride]), so this is no matrix product (m=64 n=64 k=48).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100317u;

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

#define TILE 16

static inline float dot_sq(const float *row, const float *col, int len, int stride)
{
    float s = 0.0f;
    for (int p = 0; p < len; p++)
        s += row[p] * row[p] * col[p * stride];
    return s;
}

void gemm_tiled_sq(int m, int n, int k, const float *a, const float *b, float *c)
{
    for (int ii = 0; ii < m; ii += TILE)
        for (int jj = 0; jj < n; jj += TILE)
            for (int i = ii; i < ii + TILE && i < m; i++)
                for (int j = jj; j < jj + TILE && j < n; j++)
                    c[i * n + j] = dot_sq(&a[i * k], &b[j], k, n);
}

int main(void)
{
    int m = 64, n = 64, k = 48;
    float *a = malloc(sizeof(float) * m * k);
    float *b = malloc(sizeof(float) * k * n);
    float *c = malloc(sizeof(float) * m * n);
    if (!a || !b || !c)
        return 1;
    fill(a, m * k);
    fill(b, k * n);
    fill(c, m * n);
    gemm_tiled_sq(m, n, k, a, b, c);
    report("c", c, m * n);
    free(a);
    free(b);
    free(c);
    return 0;
}
