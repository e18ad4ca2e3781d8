/* Numeric helpers and kernels. */
#ifndef NUMERIC_H
#define NUMERIC_H

#define LAYER_BATCH 32
#define LAYER_IN 96
#define LAYER_OUT 64

unsigned rng_next(unsigned *state);
float rng_float(unsigned *state);
void rng_fill(float *x, int n, unsigned seed);
double sum_floats(const float *x, int n);

void dense_layer(int batch, int in_dim, int out_dim, const float *in, const float *w, float *out);
void matvec(int rows, int cols, const float *a, const float *x, float *y);
double dot_product(int n, const double *x, const double *y);
void scale_add(int n, float alpha, const float *x, float *y);
void fir_filter(int n, int taps, const float *signal, const float *coef, float *out);

#endif
