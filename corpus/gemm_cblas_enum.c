/*
 * GEMM in the style of CBLAS reference code: `enum GEMM_TRANSPOSE transa` selects whether A is
 * read transposed; each branch is a separate triple loop nest with C = alpha*op(A)*B
 * (m=48 n=40 k=56; called with both settings).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100319u;

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

enum GEMM_TRANSPOSE { GemmNoTrans = 111, GemmTrans = 112 };

void ref_gemm(enum GEMM_TRANSPOSE transa, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float *c, int ldc)
{
    int i, j, l;
    if (transa == GemmNoTrans) {
        for (i = 0; i < m; i++)
            for (j = 0; j < n; j++) {
                float t = 0.0f;
                for (l = 0; l < k; l++)
                    t += a[i * lda + l] * b[l * ldb + j];
                c[i * ldc + j] = alpha * t;
            }
    } else {
        for (i = 0; i < m; i++)
            for (j = 0; j < n; j++) {
                float t = 0.0f;
                for (l = 0; l < k; l++)
                    t += a[l * lda + i] * b[l * ldb + j];
                c[i * ldc + j] = alpha * t;
            }
    }
}

int main(void)
{
    int m = 48, n = 40, k = 56;
    float *a = malloc(sizeof(float) * m * k);
    float *b = malloc(sizeof(float) * k * n);
    float *c1 = malloc(sizeof(float) * m * n);
    float *c2 = malloc(sizeof(float) * m * n);
    if (!a || !b || !c1 || !c2)
        return 1;
    fill(a, m * k);
    fill(b, k * n);
    fill(c1, m * n);
    fill(c2, m * n);
    ref_gemm(GemmNoTrans, m, n, k, 0.5f, a, k, b, n, c1, n);
    ref_gemm(GemmTrans, m, n, k, 2.0f, a, m, b, n, c2, n);
    report("c1", c1, m * n);
    report("c2", c2, m * n);
    free(a);
    free(b);
    free(c1);
    free(c2);
    return 0;
}
