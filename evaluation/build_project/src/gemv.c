/* Matrix-vector product y = A x, A row-major rows x cols. */
#include "numeric.h"

void matvec(int rows, int cols, const float *a, const float *x, float *y)
{
    for (int r = 0; r < rows; r++) {
        float s = 0.0f;
        for (int c = 0; c < cols; c++)
            s += a[r * cols + c] * x[c];
        y[r] = s;
    }
}
