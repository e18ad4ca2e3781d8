/* Dot product of double vectors. */
#include <stdlib.h>
#include "numeric.h"
#include "app.h"

double dot_product(int n, const double *x, const double *y)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

double demo_dot(void)
{
    enum { N = 6000 };
    double *x = malloc(sizeof(double) * N), *y = malloc(sizeof(double) * N);
    unsigned seed = 31;
    for (int i = 0; i < N; i++) {
        x[i] = rng_float(&seed);
        y[i] = rng_float(&seed);
    }
    double s = dot_product(N, x, y);
    free(x);
    free(y);
    return s;
}
