/* A dense layer without bias: out = in (batch x in_dim) times w (in_dim x out_dim). */
#include <stdlib.h>
#include "numeric.h"
#include "app.h"

void dense_layer(int batch, int in_dim, int out_dim, const float *in, const float *w, float *out)
{
    for (int b = 0; b < batch; b++)
        for (int o = 0; o < out_dim; o++) {
            float acc = 0.0f;
            for (int i = 0; i < in_dim; i++)
                acc += in[b * in_dim + i] * w[i * out_dim + o];
            out[b * out_dim + o] = acc;
        }
}

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
