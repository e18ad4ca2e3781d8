/*
 * PolyBench-style MVT with both products in one innermost loop: x1 += A y1 and x2 += A^T y2, VLA
 * parameters (n=120).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117018u;

/* Small linear congruential generator: returns a double in [-1, 1). */
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (double)(rng_state >> 8) / 8388608.0 - 1.0;
}

static void fill(double *x, int n)
{
    int i;
    for (i = 0; i < n; i++)
        x[i] = rnd();
}

static void report(const char *name, const double *x, int n)
{
    double s = 0.0, w = 0.0, a = 0.0;
    int i;
    for (i = 0; i < n; i++) {
        s += x[i];
        w += x[i] * (double)(i % 7 + 1);
        a += fabs(x[i]);
    }
    printf("%s: n=%d sum=%.6g wsum=%.6g asum=%.6g\n", name, n, s, w, a);
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f x[%d]=%.5f\n",
           name, x[0], n / 5, x[n / 5], n / 2, x[n / 2],
           (2 * n) / 3, x[(2 * n) / 3], n - 1, x[n - 1]);
}

void kernel_mvt(int n, double x1[n], double x2[n], double y1[n], double y2[n], double A[n][n])
{
    int i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            x1[i] = x1[i] + A[i][j] * y1[j];
            x2[i] = x2[i] + A[j][i] * y2[j];
        }
}

int main(void)
{
    int n = 120;
    double *x1 = malloc(sizeof(double) * n);
    double *x2 = malloc(sizeof(double) * n);
    double *y1 = malloc(sizeof(double) * n);
    double *y2 = malloc(sizeof(double) * n);
    double (*A)[n] = malloc(sizeof(double) * n * n);
    if (!x1 || !x2 || !y1 || !y2 || !A)
        return 1;
    fill(x1, n);
    fill(x2, n);
    fill(y1, n);
    fill(y2, n);
    fill(&A[0][0], n * n);
    kernel_mvt(n, x1, x2, y1, y2, A);
    report("x1", x1, n);
    report("x2", x2, n);
    free(x1);
    free(x2);
    free(y1);
    free(y2);
    free(A);
    return 0;
}