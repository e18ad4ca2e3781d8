/*
 * GEMM on a Matrix struct accessed through an AT(m,i,j) indexing macro.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7070707u;

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
    int rows, cols;
    float *data;
} Matrix;

#define AT(m, i, j) ((m)->data[(i) * (m)->cols + (j)])

static int mat_alloc(Matrix *m, int rows, int cols)
{
    m->rows = rows;
    m->cols = cols;
    m->data = malloc(sizeof(float) * rows * cols);
    return m->data != NULL;
}

void matmul(const Matrix *a, const Matrix *b, Matrix *c)
{
    for (int i = 0; i < a->rows; i++) {
        for (int j = 0; j < b->cols; j++) {
            float sum = 0.0f;
            for (int k = 0; k < a->cols; k++)
                sum += AT(a, i, k) * AT(b, k, j);
            AT(c, i, j) = sum;
        }
    }
}

int main(void)
{
    Matrix a, b, c;
    if (!mat_alloc(&a, 68, 47) || !mat_alloc(&b, 47, 55) || !mat_alloc(&c, 68, 55))
        return 1;
    fill(a.data, a.rows * a.cols);
    fill(b.data, b.rows * b.cols);
    fill(c.data, c.rows * c.cols);
    matmul(&a, &b, &c);
    report("C", c.data, c.rows * c.cols);
    printf("C(10,20)=%.5f C(67,54)=%.5f\n", AT(&c, 10, 20), AT(&c, 67, 54));
    free(a.data);
    free(b.data);
    free(c.data);
    return 0;
}
