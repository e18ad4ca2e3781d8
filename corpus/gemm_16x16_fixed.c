/*
 * Matrix products of fixed 16x16 global arrays, as embedded benchmarks write them (sizes are literals
 * everywhere). They must run as GEMM calls, never as a convolution. Twin: the product with the
 * transpose added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7150606u;

/* Small linear congruential generator: returns a value in [-1, 1). */
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
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f\n", name, (double)x[0], n / 2, (double)x[n / 2], n - 1,
           (double)x[n - 1]);
}

#define DIM 16
#define REPS 64

float mat_a[DIM][DIM], mat_b[DIM][DIM], mat_c[DIM][DIM];

void matmul16(void)
{
    for (int i = 0; i < DIM; i++)
        for (int j = 0; j < DIM; j++) {
            float sum = 0.0f;
            for (int k = 0; k < DIM; k++)
                sum += mat_a[i][k] * mat_b[k][j];
            mat_c[i][j] = sum;
        }
}

void matmul16_plus_t(void)
{
    for (int i = 0; i < DIM; i++)
        for (int j = 0; j < DIM; j++) {
            float sum = mat_a[j][i];
            for (int k = 0; k < DIM; k++)
                sum += mat_a[i][k] * mat_b[k][j];
            mat_c[i][j] = sum;
        }
}

int main(void)
{
    double total = 0.0;
    fill(&mat_a[0][0], DIM * DIM);
    fill(&mat_b[0][0], DIM * DIM);
    for (int r = 0; r < REPS; r++) {
        matmul16();
        total += mat_c[r % DIM][(r * 3) % DIM];
        mat_a[r % DIM][r % DIM] += 0.01f;
    }
    report("c", &mat_c[0][0], DIM * DIM);
    printf("total: %.6g\n", total);
    matmul16_plus_t();
    report("plus_t", &mat_c[0][0], DIM * DIM);
    return 0;
}
