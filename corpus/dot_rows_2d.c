/*
 * Dot product of row r of one 2-D array with row q of another (VLA parameters
 * float A[][cols], float B[][cols]): sum over k of A[r][k] * B[q][k].
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4053835u;

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

float row_dot(int cols, float A[][cols], int r, float B[][cols], int q)
{
    float s = 0.0f;
    for (int k = 0; k < cols; k++)
        s += A[r][k] * B[q][k];
    return s;
}

int main(void)
{
    int rows = 4, cols = 5120;
    float (*A)[cols] = malloc(sizeof(float) * rows * cols);
    float (*B)[cols] = malloc(sizeof(float) * rows * cols);
    if (!A || !B)
        return 1;
    fill(&A[0][0], rows * cols);
    fill(&B[0][0], rows * cols);
    double s = 0.0, w = 0.0;
    for (int r = 0; r < rows; r++) {
        float d = row_dot(cols, A, r, B, (r + 1) % rows);
        printf("row_dot(A[%d], B[%d]) = %.6g\n", r, (r + 1) % rows, d);
        s += d;
        w += d * (double)(r % 7 + 1);
    }
    printf("dots: sum=%.6g wsum=%.6g\n", s, w);
    free(A);
    free(B);
    return 0;
}
