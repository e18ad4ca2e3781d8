/*
 * GEMM written as high-level-synthesis code writes it: every loop carries a label
 * (row:, col:, prod:) and no goto; fixed sizes from #define (M=48 N=56 K=40).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100301u;

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

#define M 48
#define N 56
#define K 40

void gemm_hls(const float a[M][K], const float b[K][N], float c[M][N])
{
row:
    for (int i = 0; i < M; i++) {
col:
        for (int j = 0; j < N; j++) {
            float acc = 0.0f;
prod:
            for (int k = 0; k < K; k++) {
#pragma HLS PIPELINE II=1
                acc += a[i][k] * b[k][j];
            }
            c[i][j] = acc;
        }
    }
}

static float A[M][K], B[K][N], C[M][N];

int main(void)
{
    fill(&A[0][0], M * K);
    fill(&B[0][0], K * N);
    fill(&C[0][0], M * N);
    gemm_hls(A, B, C);
    report("C", &C[0][0], M * N);
    return 0;
}
