/*
 * GEMM with a K&R-style (pre-ANSI) definition: parameter types declared between
 * the parameter list and the body, as old numerical code writes them (m=50 n=46 k=38).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100306u;

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

void gemm_knr(m, n, k, a, b, c)
int m, n, k;
float *a, *b, *c;
{
    int i, j, l;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            float s = 0.0f;
            for (l = 0; l < k; l++)
                s += a[i * k + l] * b[l * n + j];
            c[i * n + j] = s;
        }
}

int main(void)
{
    int m = 50, n = 46, k = 38;
    float *a = malloc(sizeof(float) * m * k);
    float *b = malloc(sizeof(float) * k * n);
    float *c = malloc(sizeof(float) * m * n);
    if (!a || !b || !c)
        return 1;
    fill(a, m * k);
    fill(b, k * n);
    fill(c, m * n);
    gemm_knr(m, n, k, a, b, c);
    report("c", c, m * n);
    free(a);
    free(b);
    free(c);
    return 0;
}
