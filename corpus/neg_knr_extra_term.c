/*
 * Near-miss of the K&R GEMM: the same pre-ANSI definition, but every c[i][j] starts from
 * a[j][i] instead of zero, an extra term no matrix product has (n=48).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100307u;

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

void gemm_knr_extra(n, a, b, c)
int n;
float *a, *b, *c;
{
    int i, j, l;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            float s = a[j * n + i];
            for (l = 0; l < n; l++)
                s += a[i * n + l] * b[l * n + j];
            c[i * n + j] = s;
        }
}

int main(void)
{
    int n = 48;
    float *a = malloc(sizeof(float) * n * n);
    float *b = malloc(sizeof(float) * n * n);
    float *c = malloc(sizeof(float) * n * n);
    if (!a || !b || !c)
        return 1;
    fill(a, n * n);
    fill(b, n * n);
    fill(c, n * n);
    gemm_knr_extra(n, a, b, c);
    report("c", c, n * n);
    free(a);
    free(b);
    free(c);
    return 0;
}
