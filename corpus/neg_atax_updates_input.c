/*
 * NEGATIVE: ATAX-like nest whose second product updates the vector the first one reads:
 * row i + 1's product A[i+1] . x sees x already changed by row i (m=64 n=80).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118007u;

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

void atax_feedback(int m, int n, const double *A, double *x, double *tmp)
{
    for (int i = 0; i < m; i++) {
        double t = 0.0;
        for (int j = 0; j < n; j++)
            t += A[i * n + j] * x[j];
        tmp[i] = t;
        for (int j = 0; j < n; j++)
            x[j] += 0.01 * A[i * n + j] * t;
    }
}

int main(void)
{
    int m = 64, n = 80;
    double *A = malloc(sizeof(double) * m * n);
    double *x = malloc(sizeof(double) * n);
    double *tmp = malloc(sizeof(double) * m);
    if (!A || !x || !tmp)
        return 1;
    fill(A, m * n);
    fill(x, n);
    atax_feedback(m, n, A, x, tmp);
    report("x", x, n);
    report("tmp", tmp, m);
    free(A);
    free(x);
    free(tmp);
    return 0;
}