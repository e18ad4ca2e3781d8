/*
 * PolyBench-style BiCG sub-kernel with VLA parameters: s = A^T r and q = A p in one loop nest, both
 * updated in the same innermost loop (n=126 rows, m=110 columns).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117008u;

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

void kernel_bicg(int m, int n, double A[n][m], double s[m], double q[n], double p[m], double r[n])
{
    int i, j;
    for (i = 0; i < m; i++)
        s[i] = 0;
    for (i = 0; i < n; i++) {
        q[i] = 0.0;
        for (j = 0; j < m; j++) {
            s[j] = s[j] + r[i] * A[i][j];
            q[i] = q[i] + A[i][j] * p[j];
        }
    }
}

int main(void)
{
    int m = 110, n = 126;
    double (*A)[m] = malloc(sizeof(double) * n * m);
    double *s = malloc(sizeof(double) * m);
    double *q = malloc(sizeof(double) * n);
    double *p = malloc(sizeof(double) * m);
    double *r = malloc(sizeof(double) * n);
    if (!A || !s || !q || !p || !r)
        return 1;
    fill(&A[0][0], n * m);
    fill(p, m);
    fill(r, n);
    fill(s, m);
    fill(q, n);
    kernel_bicg(m, n, A, s, q, p, r);
    report("s", s, m);
    report("q", q, n);
    free(A);
    free(s);
    free(q);
    free(p);
    free(r);
    return 0;
}