/* A dense layer without bias: out = in (batch x in_dim) times w (in_dim x out_dim). */
#include "numeric.h"

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
