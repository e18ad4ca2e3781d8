/*
 * NEGATIVE: elementwise product of three arrays, out[i] = a[i] * b[i] * c[i].
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 3766025u;

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

void triple_product(int n, const float *a, const float *b, const float *c, float *out)
{
    for (int i = 0; i < n; i++)
        out[i] = a[i] * b[i] * c[i];
}

int main(void)
{
    int n = 6000;
    float *a = malloc(sizeof(float) * n);
    float *b = malloc(sizeof(float) * n);
    float *c = malloc(sizeof(float) * n);
    float *out = malloc(sizeof(float) * n);
    if (!a || !b || !c || !out)
        return 1;
    fill(a, n);
    fill(b, n);
    fill(c, n);
    fill(out, n);
    triple_product(n, a, b, c, out);
    report("out", out, n);
    free(a);
    free(b);
    free(c);
    free(out);
    return 0;
}
