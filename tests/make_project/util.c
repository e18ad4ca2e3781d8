/* Helpers that are not kernels: filling, checksums, transposition. */
#include "kernels.h"

void fill(float *x, int n, float (*gen)(void))
{
    for (int i = 0; i < n; i++)
        x[i] = gen();
}

/* A position-weighted sum, so that permuted results do not pass for equal ones. */
double checksum(const float *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (double)x[i] * (double)(i % 7 + 1);
    return s;
}

void transpose(int rows, int cols, const float *src, float *dst)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            dst[c * rows + r] = src[r * cols + c];
}
