/*
 * Row-major GEMV whose x and y are strided (BLAS incx, incy): y[i*incy] = sum_j A[i*lda+j] x[j*incx].
 * Twin: every row also adds its x element unmultiplied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 9012277u;

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

void sgemv_inc(int m, int n, const float *A, int lda, const float *x, int incx, float *y, int incy)
{
    for (int i = 0; i < m; i++) {
        float temp = 0.0f;
        for (int j = 0; j < n; j++)
            temp += A[i * lda + j] * x[j * incx];
        y[i * incy] = temp;
    }
}

void sgemv_inc_plus(int m, int n, const float *A, int lda, const float *x, int incx, float *y, int incy)
{
    for (int i = 0; i < m; i++) {
        float temp = 0.0f;
        for (int j = 0; j < n; j++)
            temp += A[i * lda + j] * x[j * incx] + x[j * incx];
        y[i * incy] = temp;
    }
}

int main(void)
{
    int m = 150, n = 120, lda = 128;
    float *A = malloc(sizeof(float) * m * lda);
    float *x = malloc(sizeof(float) * n * 3);
    float *y = malloc(sizeof(float) * m * 2);
    if (!A || !x || !y)
        return 1;
    fill(A, m * lda);
    fill(x, n * 3);
    fill(y, m * 2);
    sgemv_inc(m, n, A, lda, x, 3, y, 2);
    report("y", y, m * 2);
    sgemv_inc(m, n, A, lda, x + 1, 1, y + 1, 2);
    report("y1", y, m * 2);
    sgemv_inc_plus(m, n, A, lda, x, 3, y, 2);
    report("plus", y, m * 2);
    free(A);
    free(x);
    free(y);
    return 0;
}
