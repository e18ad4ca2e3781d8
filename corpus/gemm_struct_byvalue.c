/*
 * GEMM on matrix structs passed by value: mat_mul(Matrix a, Matrix b, Matrix c),
 * each struct holding its shape and a pointer to row-major data (m=40 n=56 k=44).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100311u;

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

typedef struct {
    int rows;
    int cols;
    float *data;
} Matrix;

void mat_mul(Matrix a, Matrix b, Matrix c)
{
    for (int i = 0; i < a.rows; i++)
        for (int j = 0; j < b.cols; j++) {
            float s = 0.0f;
            for (int p = 0; p < a.cols; p++)
                s += a.data[i * a.cols + p] * b.data[p * b.cols + j];
            c.data[i * c.cols + j] = s;
        }
}

static Matrix make(int rows, int cols)
{
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.data = malloc(sizeof(float) * rows * cols);
    if (!m.data)
        exit(1);
    fill(m.data, rows * cols);
    return m;
}

int main(void)
{
    Matrix a = make(40, 44), b = make(44, 56), c = make(40, 56);
    mat_mul(a, b, c);
    report("c", c.data, c.rows * c.cols);
    free(a.data);
    free(b.data);
    free(c.data);
    return 0;
}
