/*
 * NEGATIVE: DOITGEN-like contraction that copies each sum[p] back into A[r][q][p] as
 * soon as it is computed, so the sums for p + 1 .. read an already-overwritten row (nr=6 nq=8 np=30).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118009u;

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

void doitgen_early(int nr, int nq, int np, double *A, const double *C4, double *sum)
{
    for (int r = 0; r < nr; r++)
        for (int q = 0; q < nq; q++) {
            double *row = A + ((long)r * nq + q) * np;
            for (int p = 0; p < np; p++) {
                sum[p] = 0.0;
                for (int s = 0; s < np; s++)
                    sum[p] += row[s] * C4[s * np + p];
                row[p] = sum[p];
            }
        }
}

int main(void)
{
    int nr = 6, nq = 8, np = 30;
    double *A = malloc(sizeof(double) * nr * nq * np);
    double *C4 = malloc(sizeof(double) * np * np);
    double *sum = malloc(sizeof(double) * np);
    if (!A || !C4 || !sum)
        return 1;
    fill(A, nr * nq * np);
    fill(C4, np * np);
    for (int t = 0; t < np * np; t++)
        C4[t] *= 0.2; /* keeps the in-place recurrence bounded */
    doitgen_early(nr, nq, np, A, C4, sum);
    report("A", A, nr * nq * np);
    free(A);
    free(C4);
    free(sum);
    return 0;
}