/*
 * Matrix-vector product over a row-pointer matrix (double **w), as scientific code writes a dense layer or a
 * linear map: the rows are carved from one contiguous block. y = W x (y overwritten).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 24681357u;

/* Small linear congruential generator: returns a double in [-1, 1). */
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (double)(rng_state >> 8) / 8388608.0 - 1.0;
}

static double **matrix(int rows, int cols)
{
    double **w = malloc(sizeof(double *) * rows);
    double *block = malloc(sizeof(double) * rows * cols);
    int i, j;
    if (!w || !block)
        exit(1);
    for (i = 0; i < rows; i++) {
        w[i] = block + (long)i * cols;
        for (j = 0; j < cols; j++)
            w[i][j] = rnd();
    }
    return w;
}

static void report(const char *name, const double *x, int n)
{
    double s = 0.0, w = 0.0, a = 0.0;
    int i;
    for (i = 0; i < n; i++) {
        s += x[i];
        w += x[i] * (double)(i % 7 + 1);
        a += fabs(x[i]);
    }
    printf("%s: n=%d sum=%.10g wsum=%.10g asum=%.10g\n", name, n, s, w, a);
    printf("%s: x[0]=%.8f x[%d]=%.8f x[%d]=%.8f\n", name, x[0], n / 2, x[n / 2], n - 1, x[n - 1]);
}

void matvec_rows(int rows, int cols, double **w, const double *x, double *y)
{
    int i, j;
    for (i = 0; i < rows; i++) {
        double acc = 0.0;
        for (j = 0; j < cols; j++)
            acc += w[i][j] * x[j];
        y[i] = acc;
    }
}

/* Negative twin: x is read back to front (the product with a mirrored x, which no increment describes). */
void matvec_rows_mirrored(int rows, int cols, double **w, const double *x, double *y)
{
    int i, j;
    for (i = 0; i < rows; i++) {
        double acc = 0.0;
        for (j = 0; j < cols; j++)
            acc += w[i][j] * x[cols - 1 - j];
        y[i] = acc;
    }
}

int main(void)
{
    int rows = 300, cols = 211, j;
    double **w = matrix(rows, cols);
    double *x = malloc(sizeof(double) * cols), *y = malloc(sizeof(double) * rows);
    if (!x || !y)
        return 1;
    for (j = 0; j < cols; j++)
        x[j] = rnd();
    matvec_rows(rows, cols, w, x, y);
    report("y", y, rows);
    matvec_rows_mirrored(rows, cols, w, x, y);
    report("z", y, rows);
    free(w[0]);
    free(w);
    free(x);
    free(y);
    return 0;
}
