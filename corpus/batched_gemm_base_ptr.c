/*
 * Batched GEMM: outer batch loop with per-batch base pointers A + b*M*K, B + b*K*N,
 * C + b*M*N; each C_b is zeroed row by row and accumulated in i-k-j order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 9492333u;

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

void bgemm_ptr(int nb, int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int b = 0; b < nb; b++) {
        const float *a = A + b * M * K;
        const float *bm = B + b * K * N;
        float *c = C + b * M * N;
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++)
                c[i * N + j] = 0.0f;
            for (int k = 0; k < K; k++) {
                float aik = a[i * K + k];
                for (int j = 0; j < N; j++)
                    c[i * N + j] += aik * bm[k * N + j];
            }
        }
    }
}

int main(void)
{
    int nb = 5, M = 37, N = 52, K = 44;
    float *A = malloc(sizeof(float) * nb * M * K);
    float *B = malloc(sizeof(float) * nb * K * N);
    float *C = malloc(sizeof(float) * nb * M * N);
    if (!A || !B || !C)
        return 1;
    fill(A, nb * M * K);
    fill(B, nb * K * N);
    fill(C, nb * M * N); /* garbage that must be overwritten */
    bgemm_ptr(nb, M, N, K, A, B, C);
    report("C", C, nb * M * N);
    for (int b = 0; b < nb; b++)
        report("C_batch", C + b * M * N, M * N);
    free(A);
    free(B);
    free(C);
    return 0;
}
