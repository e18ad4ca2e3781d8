/* A dense (fully connected) layer: out = relu(in * W + bias). */
#include "kernels.h"

void dense_forward(int batch, int in_dim, int out_dim, const float *in, const float *W,
                   const float *bias, float *out)
{
    /* out = in * W, i-j-k order with a local accumulator */
    for (int i = 0; i < batch; i++) {
        for (int j = 0; j < out_dim; j++) {
            float acc = 0.0f;
            for (int k = 0; k < in_dim; k++)
                acc += in[i * in_dim + k] * W[k * out_dim + j];
            out[i * out_dim + j] = acc;
        }
    }

    for (int i = 0; i < batch; i++)
        for (int j = 0; j < out_dim; j++)
            out[i * out_dim + j] += bias[j];

    for (int t = 0; t < batch * out_dim; t++)
        if (out[t] < 0.0f)
            out[t] = 0.0f;
}
