/*
 * NEGATIVE: 2MM-like chain fused by rows whose second product reads the next row of
 * tmp, which this nest computes only in the next iteration (it reads the old value) (ni=30 nj=36 nk=28 nl=32).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118010u;

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

void chain_next_row(int ni, int nj, int nk, int nl, const double *A, const double *B, const double *C,
                    double *tmp, double *D)
{
    for (int i = 0; i < ni; i++) {
        for (int j = 0; j < nj; j++) {
            double s = 0.0;
            for (int k = 0; k < nk; k++)
                s += A[i * nk + k] * B[k * nj + j];
            tmp[i * nj + j] = s;
        }
        int next = (i + 1) % ni;
        for (int l = 0; l < nl; l++) {
            double s = 0.0;
            for (int j = 0; j < nj; j++)
                s += tmp[next * nj + j] * C[j * nl + l];
            D[i * nl + l] = s;
        }
    }
}

int main(void)
{
    int ni = 30, nj = 36, nk = 28, nl = 32;
    double *A = malloc(sizeof(double) * ni * nk);
    double *B = malloc(sizeof(double) * nk * nj);
    double *C = malloc(sizeof(double) * nj * nl);
    double *tmp = malloc(sizeof(double) * ni * nj);
    double *D = malloc(sizeof(double) * ni * nl);
    if (!A || !B || !C || !tmp || !D)
        return 1;
    fill(A, ni * nk);
    fill(B, nk * nj);
    fill(C, nj * nl);
    fill(tmp, ni * nj);
    chain_next_row(ni, nj, nk, nl, A, B, C, tmp, D);
    report("D", D, ni * nl);
    report("tmp", tmp, ni * nj);
    free(A);
    free(B);
    free(C);
    free(tmp);
    free(D);
    return 0;
}