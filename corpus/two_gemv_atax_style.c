/*
 * PolyBench-style ATAX with VLA parameters: tmp = A x and y = A^T tmp in one loop nest, row by row
 * (tmp[i] is complete before the second product reads it) (m=116 n=124).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117007u;

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

void kernel_atax(int m, int n, double A[m][n], double x[n], double y[n], double tmp[m])
{
    int i, j;
    for (i = 0; i < n; i++)
        y[i] = 0.0;
    for (i = 0; i < m; i++) {
        tmp[i] = 0.0;
        for (j = 0; j < n; j++)
            tmp[i] = tmp[i] + A[i][j] * x[j];
        for (j = 0; j < n; j++)
            y[j] = y[j] + A[i][j] * tmp[i];
    }
}

int main(void)
{
    int m = 116, n = 124;
    double (*A)[n] = malloc(sizeof(double) * m * n);
    double *x = malloc(sizeof(double) * n);
    double *y = malloc(sizeof(double) * n);
    double *tmp = malloc(sizeof(double) * m);
    if (!A || !x || !y || !tmp)
        return 1;
    fill(&A[0][0], m * n);
    fill(x, n);
    fill(y, n);
    fill(tmp, m);
    kernel_atax(m, n, A, x, y, tmp);
    report("y", y, n);
    report("tmp", tmp, m);
    free(A);
    free(x);
    free(y);
    free(tmp);
    return 0;
}