/*
 * Three products in a row, G = (A B)(C D), through two temporaries malloc'ed inside the function: F = C D
 * in its own nest, then E = A B and G = E F row by row in one nest
 * (ni=36 nj=44 nk=40 nl=48 nm=38).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117011u;

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

void three_mm(int ni, int nj, int nk, int nl, int nm, const float *A, const float *B, const float *C,
              const float *D, float *G)
{
    float *E = malloc(sizeof(float) * ni * nj);
    float *F = malloc(sizeof(float) * nj * nl);
    if (!E || !F) {
        free(E);
        free(F);
        return;
    }
    for (int i = 0; i < nj; i++)
        for (int j = 0; j < nl; j++) {
            float s = 0.0f;
            for (int k = 0; k < nm; k++)
                s += C[i * nm + k] * D[k * nl + j];
            F[i * nl + j] = s;
        }
    for (int i = 0; i < ni; i++) {
        for (int j = 0; j < nj; j++) {
            float s = 0.0f;
            for (int k = 0; k < nk; k++)
                s += A[i * nk + k] * B[k * nj + j];
            E[i * nj + j] = s;
        }
        for (int j = 0; j < nl; j++) {
            float s = 0.0f;
            for (int k = 0; k < nj; k++)
                s += E[i * nj + k] * F[k * nl + j];
            G[i * nl + j] = s;
        }
    }
    free(E);
    free(F);
}

int main(void)
{
    int ni = 36, nj = 44, nk = 40, nl = 48, nm = 38;
    float *A = malloc(sizeof(float) * ni * nk);
    float *B = malloc(sizeof(float) * nk * nj);
    float *C = malloc(sizeof(float) * nj * nm);
    float *D = malloc(sizeof(float) * nm * nl);
    float *G = malloc(sizeof(float) * ni * nl);
    if (!A || !B || !C || !D || !G)
        return 1;
    fill(A, ni * nk);
    fill(B, nk * nj);
    fill(C, nj * nm);
    fill(D, nm * nl);
    fill(G, ni * nl);
    three_mm(ni, nj, nk, nl, nm, A, B, C, D, G);
    report("G", G, ni * nl);
    free(A);
    free(B);
    free(C);
    free(D);
    free(G);
    return 0;
}