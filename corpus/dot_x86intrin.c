/*
 * Dot product returned by value, in a file that includes the umbrella header <x86intrin.h> and computes
 * block maxima with SSE intrinsics (shuffles for the horizontal step) beside it (n=7000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <x86intrin.h>

static unsigned int rng_state = 1234567u;

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

/* Largest element of x[0..n), n a multiple of 4. */
static float block_max_sse(int n, const float *x)
{
    __m128 m = _mm_loadu_ps(x);
    for (int i = 4; i < n; i += 4)
        m = _mm_max_ps(m, _mm_loadu_ps(x + i));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_shuffle_ps(m, m, _MM_SHUFFLE(1, 1, 1, 1)));
    return _mm_cvtss_f32(m);
}

float inner_product(int n, const float *x, const float *y)
{
    float acc = 0.0f;
    for (int i = 0; i < n; i++)
        acc += x[i] * y[i];
    return acc;
}

int main(void)
{
    int n = 7000;
    float *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n);
    if (!x || !y)
        return 1;
    fill(x, n);
    fill(y, n);
    float d = inner_product(n, x, y);
    printf("dot=%.6g max_x=%.6g max_y=%.6g\n", d, block_max_sse(n, x), block_max_sse(n, y));
    report("x", x, n);
    free(x);
    free(y);
    return 0;
}
