/* The layers: each does its product here and calls other files for the rest. */
#include "mlp.h"
#include "simd.h"

/* y = relu(x * w + bias): the product is this file's, bias and activation are activations.c's. */
void dense_relu(int rows, int in_dim, int out_dim, const float *x, const float *w, const float *bias, float *y)
{
    for (int r = 0; r < rows; r++)
        for (int o = 0; o < out_dim; o++) {
            float acc = 0.0f;
            for (int k = 0; k < in_dim; k++)
                acc += x[r * in_dim + k] * w[k * out_dim + o];
            y[r * out_dim + o] = acc;
        }
    add_bias_relu(rows, out_dim, bias, y);
    mlp_calls++;
    if (mlp_verbose)
        log_layer("dense_relu", y, rows * out_dim);
}

/* scores[u] = weights[u][.] . features: one score per unit, then a softmax over them. */
void probe_scores(int units, int dim, const float *weights, const float *features, float *scores)
{
    for (int u = 0; u < units; u++) {
        float s = 0.0f;
        for (int d = 0; d < dim; d++)
            s += weights[u * dim + d] * features[d];
        scores[u] = s;
    }
    softmax_rows(1, units, scores);
    mlp_calls++;
}

void scale_inputs(float *x, int n, float factor)
{
    simd_scale(x, n, factor);
}
