/*
 * Near-miss GEMM, i-k-j loop order, flat row-major arrays, A's column index rotated by one (A[i][(k+1)%K]), in a
 * file that includes <xmmintrin.h> and normalises the rows of A with SSE intrinsics before the product.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <xmmintrin.h>

static unsigned int rng_state = 1234567u;

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

/* Each row of A scaled to unit maximum magnitude, four lanes at a time. */
static void normalise_rows_sse(int rows, int cols, float *A)
{
    const __m128 sign = _mm_set1_ps(-0.0f);
    for (int r = 0; r < rows; r++) {
        float *row = A + r * cols;
        __m128 top = _mm_setzero_ps();
        int c = 0;
        for (; c + 4 <= cols; c += 4)
            top = _mm_max_ps(top, _mm_andnot_ps(sign, _mm_loadu_ps(row + c)));
        float lanes[4];
        _mm_storeu_ps(lanes, top);
        float m = fmaxf(fmaxf(lanes[0], lanes[1]), fmaxf(lanes[2], lanes[3]));
        for (; c < cols; c++)
            m = fmaxf(m, fabsf(row[c]));
        if (m == 0.0f)
            continue;
        const __m128 inv = _mm_set1_ps(1.0f / m);
        for (c = 0; c + 4 <= cols; c += 4)
            _mm_storeu_ps(row + c, _mm_mul_ps(_mm_loadu_ps(row + c), inv));
        for (; c < cols; c++)
            row[c] /= m;
    }
}

void matmul_rotated(int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int i = 0; i < M * N; i++)
        C[i] = 0.0f;
    for (int i = 0; i < M; i++)
        for (int k = 0; k < K; k++) {
            float a = A[i * K + (k + 1) % K];
            for (int j = 0; j < N; j++)
                C[i * N + j] += a * B[k * N + j];
        }
}

int main(void)
{
    int M = 58, N = 47, K = 66;
    float *A = malloc(sizeof(float) * M * K);
    float *B = malloc(sizeof(float) * K * N);
    float *C = malloc(sizeof(float) * M * N);
    if (!A || !B || !C)
        return 1;
    fill(A, M * K);
    fill(B, K * N);
    fill(C, M * N); /* garbage that must be overwritten */
    normalise_rows_sse(M, K, A);
    matmul_rotated(M, N, K, A, B, C);
    report("C", C, M * N);
    free(A);
    free(B);
    free(C);
    return 0;
}
