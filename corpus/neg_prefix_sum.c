/*
 * NEGATIVE: inclusive prefix sum (scan) of a vector, and a 2-D row-wise scan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4646461u;

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

void prefix_sum(int n, const float *x, float *y)
{
    float run = 0.0f;
    for (int i = 0; i < n; i++) {
        run += x[i];
        y[i] = run;
    }
}

void row_scan(int R, int S, float *A)
{
    for (int i = 0; i < R; i++)
        for (int j = 1; j < S; j++)
            A[i * S + j] += A[i * S + j - 1];
}

int main(void)
{
    int n = 40000, R = 64, S = 72;
    float *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n);
    float *A = malloc(sizeof(float) * R * S);
    if (!x || !y || !A)
        return 1;
    fill(x, n);
    fill(A, R * S);
    prefix_sum(n, x, y);
    row_scan(R, S, A);
    report("y", y, n);
    report("A", A, R * S);
    free(x);
    free(y);
    free(A);
    return 0;
}
