/*
 * GEMV with sized array-parameter declarators `const float a[restrict static 96 * 64]`
 * and `float y[restrict static 96]` on fixed sizes from #define (ROWS=96 COLS=64).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100309u;

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

#define ROWS 96
#define COLS 64

void gemv_rs(const float a[restrict static ROWS * COLS], const float x[restrict static COLS],
             float y[restrict static ROWS])
{
    for (int i = 0; i < ROWS; i++) {
        float acc = 0.0f;
        for (int j = 0; j < COLS; j++)
            acc += a[i * COLS + j] * x[j];
        y[i] = acc;
    }
}

static float A[ROWS * COLS], X[COLS], Y[ROWS];

int main(void)
{
    fill(A, ROWS * COLS);
    fill(X, COLS);
    fill(Y, ROWS);
    gemv_rs(A, X, Y);
    report("y", Y, ROWS);
    return 0;
}
