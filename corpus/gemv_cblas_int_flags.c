/*
 * GEMV in the style of C BLAS references that pass the CBLAS codes as plain ints
 * (`const int trans` compared with 111/112 from #define): only the loop nests are the op, the function
 * is a GEMV for one value of the flag and a transposed GEMV for the others (rows=72 cols=64).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100323u;

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

#define REF_NO_TRANS 111
#define REF_TRANS 112

void ref_gemv_int(const int trans, const int rows, const int cols, const float alpha,
                  const float *a, const float *x, float *y)
{
    int i, j;
    if (trans == REF_NO_TRANS) {
        for (i = 0; i < rows; i++) {
            float s = 0.0f;
            for (j = 0; j < cols; j++)
                s += a[i * cols + j] * x[j];
            y[i] = alpha * s;
        }
    } else {
        for (j = 0; j < cols; j++) {
            float s = 0.0f;
            for (i = 0; i < rows; i++)
                s += a[i * cols + j] * x[i];
            y[j] = alpha * s;
        }
    }
}

int main(void)
{
    int rows = 72, cols = 64;
    float *a = malloc(sizeof(float) * rows * cols);
    float *x = malloc(sizeof(float) * rows);
    float *y1 = malloc(sizeof(float) * rows);
    float *y2 = malloc(sizeof(float) * cols);
    if (!a || !x || !y1 || !y2)
        return 1;
    fill(a, rows * cols);
    fill(x, rows);
    fill(y1, rows);
    fill(y2, cols);
    ref_gemv_int(REF_NO_TRANS, rows, cols, 1.5f, a, x, y1);
    ref_gemv_int(REF_TRANS, rows, cols, 0.5f, a, x, y2);
    report("y1", y1, rows);
    report("y2", y2, cols);
    free(a);
    free(x);
    free(y1);
    free(y2);
    return 0;
}
