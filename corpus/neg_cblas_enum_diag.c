/*
 * Near-miss of the CBLAS-style GEMV: the enum selects whether the diagonal is taken as one
 * (a unit-triangular product, as trmv writes it), so neither branch is a plain GEMV (n=80).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100320u;

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

enum MAT_DIAG { MatNonUnit = 131, MatUnit = 132 };

void ref_trmv(enum MAT_DIAG diag, int n, const float *a, const float *x, float *y)
{
    if (diag == MatUnit) {
        for (int i = 0; i < n; i++) {
            float s = x[i];
            for (int j = i + 1; j < n; j++)
                s += a[i * n + j] * x[j];
            y[i] = s;
        }
    } else {
        for (int i = 0; i < n; i++) {
            float s = 0.0f;
            for (int j = i; j < n; j++)
                s += a[i * n + j] * x[j];
            y[i] = s;
        }
    }
}

int main(void)
{
    int n = 80;
    float *a = malloc(sizeof(float) * n * n);
    float *x = malloc(sizeof(float) * n);
    float *y1 = malloc(sizeof(float) * n);
    float *y2 = malloc(sizeof(float) * n);
    if (!a || !x || !y1 || !y2)
        return 1;
    fill(a, n * n);
    fill(x, n);
    fill(y1, n);
    fill(y2, n);
    ref_trmv(MatUnit, n, a, x, y1);
    ref_trmv(MatNonUnit, n, a, x, y2);
    report("y1", y1, n);
    report("y2", y2, n);
    free(a);
    free(x);
    free(y1);
    free(y2);
    return 0;
}
