/*
 * Batched GEMM on 3-D VLA parameters float A[nb][M][K], B[nb][K][N], C[nb][M][N]:
 * C[b] = A[b] * B[b], i-j-k order with a local accumulator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7152383u;

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

void bgemm3d(int nb, int M, int N, int K, float A[nb][M][K], float B[nb][K][N],
             float C[nb][M][N])
{
    for (int b = 0; b < nb; b++)
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) {
                float s = 0.0f;
                for (int k = 0; k < K; k++)
                    s += A[b][i][k] * B[b][k][j];
                C[b][i][j] = s;
            }
}

int main(void)
{
    int nb = 4, M = 33, N = 41, K = 56;
    float (*A)[M][K] = malloc(sizeof(float) * nb * M * K);
    float (*B)[K][N] = malloc(sizeof(float) * nb * K * N);
    float (*C)[M][N] = malloc(sizeof(float) * nb * M * N);
    if (!A || !B || !C)
        return 1;
    fill(&A[0][0][0], nb * M * K);
    fill(&B[0][0][0], nb * K * N);
    fill(&C[0][0][0], nb * M * N); /* garbage that must be overwritten */
    bgemm3d(nb, M, N, K, A, B, C);
    report("C", &C[0][0][0], nb * M * N);
    for (int b = 0; b < nb; b++)
        report("C_batch", &C[b][0][0], M * N);
    free(A);
    free(B);
    free(C);
    return 0;
}
