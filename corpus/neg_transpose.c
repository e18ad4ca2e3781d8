/*
 * NEGATIVE: out-of-place matrix transpose B = A^T (no arithmetic).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4343431u;

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

void transpose(int R, int S, const float *A, float *B)
{
    for (int i = 0; i < R; i++)
        for (int j = 0; j < S; j++)
            B[j * R + i] = A[i * S + j];
}

int main(void)
{
    int R = 90, S = 70;
    float *A = malloc(sizeof(float) * R * S);
    float *B = malloc(sizeof(float) * S * R);
    if (!A || !B)
        return 1;
    fill(A, R * S);
    fill(B, S * R);
    transpose(R, S, A, B);
    report("B", B, S * R);
    printf("B[1]=%.5f (A[%d]=%.5f)\n", B[1], S, A[S]);
    free(A);
    free(B);
    return 0;
}
