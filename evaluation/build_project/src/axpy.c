/* y += alpha * x over float vectors. */
#include <stdlib.h>
#include "numeric.h"
#include "app.h"

void scale_add(int n, float alpha, const float *x, float *y)
{
    for (int i = 0; i < n; i++)
        y[i] += alpha * x[i];
}

double demo_axpy(void)
{
    enum { N = 8000 };
    float *x = malloc(sizeof(float) * N), *y = malloc(sizeof(float) * N);
    rng_fill(x, N, 41);
    rng_fill(y, N, 42);
    scale_add(N, 0.75f, x, y);
    double s = sum_floats(y, N);
    free(x);
    free(y);
    return s;
}
