/*
 * GEMM with C99 variable-length-array parameters: mm(int m, int n, int k, float A[m][k], float B[k][n], float C[m][n]).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 555001u;

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

void mm(int m, int n, int k, float A[m][k], float B[k][n], float C[m][n])
{
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++)
                s += A[i][p] * B[p][j];
            C[i][j] = s;
        }
    }
}

int main(void)
{
    int m = 48, n = 90, k = 41;
    float (*A)[k] = malloc(sizeof(float) * m * k);
    float (*B)[n] = malloc(sizeof(float) * k * n);
    float (*C)[n] = malloc(sizeof(float) * m * n);
    if (!A || !B || !C)
        return 1;
    fill(&A[0][0], m * k);
    fill(&B[0][0], k * n);
    fill(&C[0][0], m * n);
    mm(m, n, k, A, B, C);
    report("C", &C[0][0], m * n);
    printf("C[1][2]=%.5f C[47][89]=%.5f C[20][60]=%.5f\n", C[1][2], C[47][89], C[20][60]);
    free(A);
    free(B);
    free(C);
    return 0;
}
