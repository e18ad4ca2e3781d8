/* Builds deterministic inputs, runs both kernels, prints checksums. */
#include <stdio.h>
#include <stdlib.h>
#include "kernels.h"

static unsigned int lcg_state = 20240601u;

/* Small linear congruential generator: a float in [-1, 1). */
static float lcg(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return (float)(lcg_state >> 8) / 8388608.0f - 1.0f;
}

int main(void)
{
    float *in = malloc(sizeof(float) * BATCH * IN_DIM);
    float *W = malloc(sizeof(float) * IN_DIM * OUT_DIM);
    float *bias = malloc(sizeof(float) * OUT_DIM);
    float *out = malloc(sizeof(float) * BATCH * OUT_DIM);
    float *A = malloc(sizeof(float) * MM * KK);
    float *Bt = malloc(sizeof(float) * NN * KK);
    float *B = malloc(sizeof(float) * KK * NN);
    float *C = malloc(sizeof(float) * MM * NN);
    if (!in || !W || !bias || !out || !A || !Bt || !B || !C)
        return 1;

    fill(in, BATCH * IN_DIM, lcg);
    fill(W, IN_DIM * OUT_DIM, lcg);
    fill(bias, OUT_DIM, lcg);
    fill(out, BATCH * OUT_DIM, lcg); /* garbage the layer must overwrite */
    dense_forward(BATCH, IN_DIM, OUT_DIM, in, W, bias, out);
    int active = 0;
    for (int t = 0; t < BATCH * OUT_DIM; t++)
        active += out[t] > 0.0f;
    printf("dense: %dx%d checksum=%.6g active=%d first=%.6g last=%.6g\n", BATCH, OUT_DIM,
           checksum(out, BATCH * OUT_DIM), active, out[0], out[BATCH * OUT_DIM - 1]);

    fill(A, MM * KK, lcg);
    fill(Bt, NN * KK, lcg); /* generated as B transposed, stored the other way round */
    transpose(NN, KK, Bt, B);
    fill(C, MM * NN, lcg);  /* garbage matmul must zero first */
    matmul(MM, NN, KK, A, B, C);
    printf("matmul: %dx%dx%d checksum=%.6g first=%.6g last=%.6g\n", MM, NN, KK,
           checksum(C, MM * NN), C[0], C[MM * NN - 1]);

    free(in); free(W); free(bias); free(out);
    free(A); free(Bt); free(B); free(C);
    return 0;
}
