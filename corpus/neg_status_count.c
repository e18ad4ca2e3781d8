/*
 * Near-miss of the status-returning GEMV: the status is the number of negative outputs,
 * computed inside the loops, so the loops cannot be replaced alone (rows=120 cols=90).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100305u;

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

int gemv_count(int rows, int cols, const float *mat, const float *vec, float *out)
{
    int negatives = 0;
    for (int r = 0; r < rows; r++) {
        float sum = 0.0f;
        for (int c = 0; c < cols; c++)
            sum += mat[r * cols + c] * vec[c];
        out[r] = sum;
        if (sum < 0.0f)
            negatives++;
    }
    return negatives;
}

int main(void)
{
    int rows = 120, cols = 90;
    float *mat = malloc(sizeof(float) * rows * cols);
    float *vec = malloc(sizeof(float) * cols);
    float *out = malloc(sizeof(float) * rows);
    if (!mat || !vec || !out)
        return 1;
    fill(mat, rows * cols);
    fill(vec, cols);
    fill(out, rows);
    int negatives = gemv_count(rows, cols, mat, vec, out);
    printf("negatives=%d\n", negatives);
    report("out", out, rows);
    free(mat);
    free(vec);
    free(out);
    return 0;
}
