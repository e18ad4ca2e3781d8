/*
 * GEMM with a column bias and ReLU fused into the store, fixed-size 2-D arrays with #define sizes:
 * C[i][j] = max(sum_k A[i][k] * B[k][j] + bias[j], 0) (M=72 N=56 K=88).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117019u;

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

#define M 72
#define N 56
#define K 88

static float A[M][K], B[K][N], bias[N], C[M][N];

void gemm_bias_relu(float a[M][K], float b[K][N], float bs[N], float c[M][N])
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float acc = 0.0f;
            for (int k = 0; k < K; k++)
                acc += a[i][k] * b[k][j];
            acc += bs[j];
            c[i][j] = acc < 0.0f ? 0.0f : acc;
        }
}

int main(void)
{
    fill(&A[0][0], M * K);
    fill(&B[0][0], K * N);
    fill(bias, N);
    fill(&C[0][0], M * N);
    gemm_bias_relu(A, B, bias, C);
    report("C", &C[0][0], M * N);
    return 0;
}