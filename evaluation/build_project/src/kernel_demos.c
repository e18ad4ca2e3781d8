/* The numeric kernels' demos: random inputs, one call, the sum of the result. */
#include <stdlib.h>
#include "numeric.h"
#include "app.h"

double demo_dense(void)
{
    float *in = malloc(sizeof(float) * LAYER_BATCH * LAYER_IN);
    float *w = malloc(sizeof(float) * LAYER_IN * LAYER_OUT);
    float *out = malloc(sizeof(float) * LAYER_BATCH * LAYER_OUT);
    rng_fill(in, LAYER_BATCH * LAYER_IN, 11);
    rng_fill(w, LAYER_IN * LAYER_OUT, 12);
    dense_layer(LAYER_BATCH, LAYER_IN, LAYER_OUT, in, w, out);
    double s = sum_floats(out, LAYER_BATCH * LAYER_OUT);
    free(in);
    free(w);
    free(out);
    return s;
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

double demo_dot(void)
{
    enum { N = 6000 };
    double *x = malloc(sizeof(double) * N), *y = malloc(sizeof(double) * N);
    unsigned seed = 31;
    for (int i = 0; i < N; i++) {
        x[i] = rng_float(&seed);
        y[i] = rng_float(&seed);
    }
    double s = dot_product(N, x, y);
    free(x);
    free(y);
    return s;
}

double demo_axpy(void)
{
    enum { N = 8000 };
    float *x = malloc(sizeof(float) * N), *y = malloc(sizeof(float) * N);
    rng_fill(x, N, 41);
    rng_fill(y, N, 42);
    scale_add(N, 0.75f, x, y);
    double s = sum_floats(y, N);
    free(x);
    free(y);
    return s;
}

double demo_fir(void)
{
    enum { N = 4000, TAPS = 33 };
    float *signal = malloc(sizeof(float) * N), coef[TAPS], *out = malloc(sizeof(float) * N);
    rng_fill(signal, N, 51);
    rng_fill(coef, TAPS, 52);
    fir_filter(N, TAPS, signal, coef, out);
    double s = sum_floats(out, N - TAPS + 1);
    free(signal);
    free(out);
    return s;
}
