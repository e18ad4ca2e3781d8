/*
 * GEMM over row-pointer matrices (float **), as older numerical code allocates 2-D arrays: an array of row
 * pointers carved from one contiguous block, rows padded to a multiple of 8 floats. C = A * B (C overwritten).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7654321u;

/* Small linear congruential generator: returns a float in [-1, 1). */
static float rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (float)(rng_state >> 8) / 8388608.0f - 1.0f;
}

/* rows x cols matrix: one block, each row starting a multiple of 8 floats after the previous one. */
static float **matrix(int rows, int cols)
{
    int stride = (cols + 7) / 8 * 8;
    float **m = malloc(sizeof(float *) * rows);
    float *block = malloc(sizeof(float) * rows * stride);
    int i, j;
    if (!m || !block)
        exit(1);
    for (i = 0; i < rows; i++) {
        m[i] = block + (long)i * stride;
        for (j = 0; j < cols; j++)
            m[i][j] = rnd();
    }
    return m;
}

static void free_matrix(float **m)
{
    free(m[0]);
    free(m);
}

static void report(const char *name, float **x, int rows, int cols)
{
    double s = 0.0, w = 0.0, a = 0.0;
    int i, j;
    for (i = 0; i < rows; i++)
        for (j = 0; j < cols; j++) {
            s += x[i][j];
            w += (double)x[i][j] * (double)((i * cols + j) % 7 + 1);
            a += fabs((double)x[i][j]);
        }
    printf("%s: %dx%d sum=%.6g wsum=%.6g asum=%.6g\n", name, rows, cols, s, w, a);
    printf("%s: x[0][0]=%.5f x[%d][%d]=%.5f x[%d][%d]=%.5f\n", name, x[0][0], rows / 2, cols / 3,
           x[rows / 2][cols / 3], rows - 1, cols - 1, x[rows - 1][cols - 1]);
}

void matmul_rows(int m, int n, int k, float **a, float **b, float **c)
{
    int i, j, p;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            float sum = 0.0f;
            for (p = 0; p < k; p++)
                sum += a[i][p] * b[p][j];
            c[i][j] = sum;
        }
}

/* Negative twin: A's rows are read bottom to top (a row permutation of A, not the product). */
void matmul_rows_reversed(int m, int n, int k, float **a, float **b, float **c)
{
    int i, j, p;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            float sum = 0.0f;
            for (p = 0; p < k; p++)
                sum += a[m - 1 - i][p] * b[p][j];
            c[i][j] = sum;
        }
}

int main(void)
{
    int m = 61, n = 47, k = 53;
    float **a = matrix(m, k), **b = matrix(k, n), **c = matrix(m, n), **d = matrix(m, n);
    matmul_rows(m, n, k, a, b, c);
    report("C", c, m, n);
    matmul_rows_reversed(m, n, k, a, b, d);
    report("D", d, m, n);
    free_matrix(a);
    free_matrix(b);
    free_matrix(c);
    free_matrix(d);
    return 0;
}
