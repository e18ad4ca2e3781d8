/*
 * Two ops of different kinds in one loop: y = A x, and in the same row loop score = sum_i y[i] * w[i],
 * returned (rows=104 cols=132).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117017u;

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

float project_score(int rows, int cols, const float *A, const float *x, const float *w, float *y)
{
    float score = 0.0f;
    for (int i = 0; i < rows; i++) {
        float s = 0.0f;
        for (int j = 0; j < cols; j++)
            s += A[i * cols + j] * x[j];
        y[i] = s;
        score += s * w[i];
    }
    return score;
}

int main(void)
{
    int rows = 104, cols = 132;
    float *A = malloc(sizeof(float) * rows * cols);
    float *x = malloc(sizeof(float) * cols);
    float *w = malloc(sizeof(float) * rows);
    float *y = malloc(sizeof(float) * rows);
    if (!A || !x || !w || !y)
        return 1;
    fill(A, rows * cols);
    fill(x, cols);
    fill(w, rows);
    fill(y, rows);
    float score = project_score(rows, cols, A, x, w, y);
    report("y", y, rows);
    printf("score=%.6g\n", (double)score);
    free(A);
    free(x);
    free(w);
    free(y);
    return 0;
}