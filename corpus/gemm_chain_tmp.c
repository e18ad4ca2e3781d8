/*
 * PolyBench-style 2MM fused by rows: tmp = alpha*A*B, then D = tmp*C + beta*D, both products for
 * row i in one loop (ni=40 nj=52 nk=36 nl=44, alpha=1.5 beta=1.2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117010u;

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

void kernel_2mm_rows(int ni, int nj, int nk, int nl, double alpha, double beta, double tmp[ni][nj],
                     double A[ni][nk], double B[nk][nj], double C[nj][nl], double D[ni][nl])
{
    for (int i = 0; i < ni; i++) {
        for (int j = 0; j < nj; j++) {
            tmp[i][j] = 0.0;
            for (int k = 0; k < nk; ++k)
                tmp[i][j] += alpha * A[i][k] * B[k][j];
        }
        for (int l = 0; l < nl; l++) {
            D[i][l] *= beta;
            for (int j = 0; j < nj; ++j)
                D[i][l] += tmp[i][j] * C[j][l];
        }
    }
}

int main(void)
{
    int ni = 40, nj = 52, nk = 36, nl = 44;
    double (*tmp)[nj] = malloc(sizeof(double) * ni * nj);
    double (*A)[nk] = malloc(sizeof(double) * ni * nk);
    double (*B)[nj] = malloc(sizeof(double) * nk * nj);
    double (*C)[nl] = malloc(sizeof(double) * nj * nl);
    double (*D)[nl] = malloc(sizeof(double) * ni * nl);
    if (!tmp || !A || !B || !C || !D)
        return 1;
    fill(&A[0][0], ni * nk);
    fill(&B[0][0], nk * nj);
    fill(&C[0][0], nj * nl);
    fill(&D[0][0], ni * nl);
    fill(&tmp[0][0], ni * nj);
    kernel_2mm_rows(ni, nj, nk, nl, 1.5, 1.2, tmp, A, B, C, D);
    report("D", &D[0][0], ni * nl);
    report("tmp", &tmp[0][0], ni * nj);
    free(tmp);
    free(A);
    free(B);
    free(C);
    free(D);
    return 0;
}