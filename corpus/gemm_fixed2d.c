/*
 * GEMM on 2-D arrays with fixed (#define) sizes passed as parameters float A[M][K] etc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 31337u;

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

#define M 70
#define N 52
#define K 44

void matmul(float A[M][K], float B[K][N], float C[M][N])
{
    int i, j, k;
    for (i = 0; i < M; i++) {
        for (j = 0; j < N; j++) {
            float s = 0.0f;
            for (k = 0; k < K; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
    }
}

static float A[M][K];
static float B[K][N];
static float C[M][N];

int main(void)
{
    fill(&A[0][0], M * K);
    fill(&B[0][0], K * N);
    fill(&C[0][0], M * N);
    matmul(A, B, C);
    report("C", &C[0][0], M * N);
    printf("C[3][5]=%.5f C[69][51]=%.5f C[40][0]=%.5f\n", C[3][5], C[69][51], C[40][0]);
    return 0;
}
