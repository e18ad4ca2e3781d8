/* Kernels and helpers of the make_project test program. */
#ifndef KERNELS_H
#define KERNELS_H

/* Dense layer: a batch of BATCH inputs of IN_DIM features to OUT_DIM units. */
#define BATCH 48
#define IN_DIM 120
#define OUT_DIM 88

/* Plain matrix product: C (MM x NN) = A (MM x KK) * B (KK x NN). */
#define MM 72
#define NN 56
#define KK 96

/* dense.c */
void dense_forward(int batch, int in_dim, int out_dim, const float *in, const float *W,
                   const float *bias, float *out);

/* matmul.c */
void matmul(int M, int N, int K, const float *A, const float *B, float *C);

/* util.c */
void fill(float *x, int n, float (*gen)(void));
double checksum(const float *x, int n);
void transpose(int rows, int cols, const float *src, float *dst);

#endif
