/*
 * PolyBench-style DOITGEN tensor contraction with VLA parameters: for every (r, q),
 * sum[p] = sum_s A[r][q][s] * C4[s][p] into a scratch row, then copied back over A[r][q][*]
 * (nr=10 nq=12 np=36).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117012u;

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

void kernel_doitgen(int nr, int nq, int np, double A[nr][nq][np], double C4[np][np], double sum[np])
{
    int r, q, p, s;
    for (r = 0; r < nr; r++)
        for (q = 0; q < nq; q++) {
            for (p = 0; p < np; p++) {
                sum[p] = 0.0;
                for (s = 0; s < np; s++)
                    sum[p] += A[r][q][s] * C4[s][p];
            }
            for (p = 0; p < np; p++)
                A[r][q][p] = sum[p];
        }
}

int main(void)
{
    int nr = 10, nq = 12, np = 36;
    double (*A)[nq][np] = malloc(sizeof(double) * nr * nq * np);
    double (*C4)[np] = malloc(sizeof(double) * np * np);
    double *sum = malloc(sizeof(double) * np);
    if (!A || !C4 || !sum)
        return 1;
    fill(&A[0][0][0], nr * nq * np);
    fill(&C4[0][0], np * np);
    fill(sum, np);
    kernel_doitgen(nr, nq, np, A, C4, sum);
    report("A", &A[0][0][0], nr * nq * np);
    free(A);
    free(C4);
    free(sum);
    return 0;
}