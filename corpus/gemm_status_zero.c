/*
 * GEMM that ends with `return 0;`, as benchmark-suite kernels report success,
 * with the result accumulated into C (C += A*B) (m=52 n=44 k=36).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100304u;

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

int matmul_acc(int m, int n, int k, const float *A, const float *B, float *C)
{
    int i, j, p;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            float t = C[i * n + j];
            for (p = 0; p < k; p++)
                t += A[i * k + p] * B[p * n + j];
            C[i * n + j] = t;
        }
    return 0;
}

int main(void)
{
    int m = 52, n = 44, k = 36;
    float *A = malloc(sizeof(float) * m * k);
    float *B = malloc(sizeof(float) * k * n);
    float *C = malloc(sizeof(float) * m * n);
    if (!A || !B || !C)
        return 1;
    fill(A, m * k);
    fill(B, k * n);
    fill(C, m * n);
    int rc = matmul_acc(m, n, k, A, B, C);
    printf("rc=%d\n", rc);
    report("C", C, m * n);
    free(A);
    free(B);
    free(C);
    return 0;
}
