/* y += alpha * x over float vectors. */
#include "numeric.h"

void scale_add(int n, float alpha, const float *x, float *y)
{
    for (int i = 0; i < n; i++)
        y[i] += alpha * x[i];
}
