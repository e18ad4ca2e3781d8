/*
 * Full convolution written as polynomial multiplication: c[i + j] += a[i] * b[j] over every pair,
 * after c is cleared. Twin: the product accumulated into c[i + j + 1] with c[0] left untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4471243u;

/* Small linear congruential generator: returns a value in [-1, 1). */
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (double)(rng_state >> 8) / 8388608.0 - 1.0;
}

static void fill(double *x, int n)
{
    int i;
    for (i = 0; i < n; i++)
        x[i] = rnd();
}

static void report(const char *name, const double *x, int n)
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

void poly_mul(const double *a, int na, const double *b, int nb, double *c)
{
    for (int k = 0; k < na + nb - 1; k++)
        c[k] = 0.0;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            c[i + j] += a[i] * b[j];
}

void poly_mul_square(const double *a, int na, const double *b, int nb, double *c)
{
    for (int k = 0; k < na + nb - 1; k++)
        c[k] = 0.0;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            c[i + j] += a[i] * b[j] * b[j];
}

int main(void)
{
    int na = 2500, nb = 41;
    double *a = malloc(sizeof(double) * na);
    double *b = malloc(sizeof(double) * nb);
    double *c = malloc(sizeof(double) * (na + nb - 1));
    if (!a || !b || !c)
        return 1;
    fill(a, na);
    fill(b, nb);
    poly_mul(a, na, b, nb, c);
    report("product", c, na + nb - 1);
    poly_mul_square(a, na, b, nb, c);
    report("square", c, na + nb - 1);
    free(a);
    free(b);
    free(c);
    return 0;
}
