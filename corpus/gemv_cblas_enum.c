/*
 * GEMV in the style of CBLAS reference code: enum parameters select the storage order and
 * the transposition (enum MAT_ORDER order, enum MAT_TRANS trans); each branch is its own
 * loop nest (rows=72 cols=64; called as y = A*x and as y = A^T*x).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100318u;

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

enum MAT_ORDER { MatRowMajor = 101, MatColMajor = 102 };
enum MAT_TRANS { MatNoTrans = 111, MatTrans = 112 };

void ref_gemv(enum MAT_ORDER order, enum MAT_TRANS trans, int rows, int cols,
              const float *a, int lda, const float *x, float *y)
{
    if (order != MatRowMajor)
        return;
    if (trans == MatNoTrans) {
        for (int i = 0; i < rows; i++) {
            float s = 0.0f;
            for (int j = 0; j < cols; j++)
                s += a[i * lda + j] * x[j];
            y[i] = s;
        }
    } else {
        for (int j = 0; j < cols; j++) {
            float s = 0.0f;
            for (int i = 0; i < rows; i++)
                s += a[i * lda + j] * x[i];
            y[j] = s;
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
    ref_gemv(MatRowMajor, MatNoTrans, rows, cols, a, cols, x, y1);
    ref_gemv(MatRowMajor, MatTrans, rows, cols, a, cols, x, y2);
    report("y1", y1, rows);
    report("y2", y2, cols);
    free(a);
    free(x);
    free(y1);
    free(y2);
    return 0;
}
