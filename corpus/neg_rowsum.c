/*
 * NEGATIVE: reductions over a matrix: row sums and column maxima.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4444441u;

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

void row_sums(int R, int S, const float *A, float *r)
{
    for (int i = 0; i < R; i++) {
        float s = 0.0f;
        for (int j = 0; j < S; j++)
            s += A[i * S + j];
        r[i] = s;
    }
}

void col_max(int R, int S, const float *A, float *c)
{
    for (int j = 0; j < S; j++) {
        float m = A[j];
        for (int i = 1; i < R; i++)
            if (A[i * S + j] > m)
                m = A[i * S + j];
        c[j] = m;
    }
}

int main(void)
{
    int R = 120, S = 85;
    float *A = malloc(sizeof(float) * R * S);
    float *r = malloc(sizeof(float) * R);
    float *c = malloc(sizeof(float) * S);
    if (!A || !r || !c)
        return 1;
    fill(A, R * S);
    row_sums(R, S, A, r);
    col_max(R, S, A, c);
    report("rows", r, R);
    report("colmax", c, S);
    free(A);
    free(r);
    free(c);
    return 0;
}
