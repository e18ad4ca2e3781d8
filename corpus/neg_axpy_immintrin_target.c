/*
 * Near-miss AXPY, y += a*x*x (the input squared), as the portable path of a file that includes <immintrin.h>
 * and also has an AVX2+FMA variant compiled with a target attribute, chosen at run time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <immintrin.h>

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

__attribute__((target("avx2,fma"))) static void axpy_squared_avx2(int n, float a, const float *x, float *y)
{
    const __m256 va = _mm256_set1_ps(a);
    int i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(_mm256_mul_ps(va, _mm256_loadu_ps(x + i)), _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; i++)
        y[i] += a * x[i] * x[i];
}

void axpy_squared_portable(int n, float a, const float *x, float *y)
{
    for (int i = 0; i < n; i++)
        y[i] += a * x[i] * x[i];
}

/* What a library would export: the fast path where the processor has it. */
static void axpy_squared_dispatch(int n, float a, const float *x, float *y)
{
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        axpy_squared_avx2(n, a, x, y);
    else
        axpy_squared_portable(n, a, x, y);
}

int main(void)
{
    int n = 9000;
    float *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n);
    float *z = malloc(sizeof(float) * n);
    if (!x || !y || !z)
        return 1;
    fill(x, n);
    fill(y, n);
    fill(z, n);
    axpy_squared_portable(n, 0.75f, x, y);
    axpy_squared_dispatch(n, -1.25f, x, z);
    report("y", y, n);
    report("z", z, n);
    free(x);
    free(y);
    free(z);
    return 0;
}
