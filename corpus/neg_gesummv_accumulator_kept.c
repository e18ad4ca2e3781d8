/*
 * NEGATIVE: GESUMMV-like nest whose second accumulator is reset once before the row
 * loop instead of once per row, so y[i] adds the B x sums of every row up to i (rows=80 cols=110).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4118003u;

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

void gesummv_kept(int rows, int cols, float alpha, float beta, const float *A, const float *B, const float *x,
                  float *y)
{
    float tb = 0.0f;
    for (int i = 0; i < rows; i++) {
        float ta = 0.0f;
        for (int j = 0; j < cols; j++) {
            ta += A[i * cols + j] * x[j];
            tb += B[i * cols + j] * x[j];
        }
        y[i] = alpha * ta + beta * tb;
    }
}

int main(void)
{
    int rows = 80, cols = 110;
    float *A = malloc(sizeof(float) * rows * cols);
    float *B = malloc(sizeof(float) * rows * cols);
    float *x = malloc(sizeof(float) * cols);
    float *y = malloc(sizeof(float) * rows);
    if (!A || !B || !x || !y)
        return 1;
    fill(A, rows * cols);
    fill(B, rows * cols);
    fill(x, cols);
    gesummv_kept(rows, cols, 1.25f, -0.5f, A, B, x, y);
    report("y", y, rows);
    free(A);
    free(B);
    free(x);
    free(y);
    return 0;
}