/*
 * GEMV y = A * x on a fixed-size 2-D array parameter float A[GM][GN] (sizes from #define),
 * statically allocated arrays in main.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3816136u;

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

#define GM 240
#define GN 360

void gemv2d(float A[GM][GN], float x[GN], float y[GM])
{
    for (int i = 0; i < GM; i++) {
        float acc = 0.0f;
        for (int j = 0; j < GN; j++)
            acc += A[i][j] * x[j];
        y[i] = acc;
    }
}

static float A[GM][GN];
static float x[GN];
static float y[GM];

int main(void)
{
    fill(&A[0][0], GM * GN);
    fill(x, GN);
    fill(y, GM); /* garbage that must be overwritten */
    gemv2d(A, x, y);
    report("y", y, GM);
    return 0;
}
