/* Matrix-vector product y = A x, A row-major rows x cols. */
#include <stdlib.h>
#include "numeric.h"
#include "app.h"

void matvec(int rows, int cols, const float *a, const float *x, float *y)
{
    for (int r = 0; r < rows; r++) {
        float s = 0.0f;
        for (int c = 0; c < cols; c++)
            s += a[r * cols + c] * x[c];
        y[r] = s;
    }
}

double demo_gemv(void)
{
    enum { ROWS = 240, COLS = 310 };
    float *a = malloc(sizeof(float) * ROWS * COLS), x[COLS], y[ROWS];
    rng_fill(a, ROWS * COLS, 21);
    rng_fill(x, COLS, 22);
    matvec(ROWS, COLS, a, x, y);
    double s = sum_floats(y, ROWS);
    free(a);
    return s;
}
