/*
 * Darknet-style connected layer over a batch, flat arrays, weights stored outputs x inputs, the bias
 * as the accumulator's start and ReLU written as ?: (batch=12 inputs=150 outputs=72).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 4117002u;

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

void connected_relu(int batch, int inputs, int outputs, const float *input, const float *weights,
                    const float *biases, float *output)
{
    for (int b = 0; b < batch; b++)
        for (int o = 0; o < outputs; o++) {
            float sum = biases[o];
            for (int i = 0; i < inputs; i++)
                sum += input[b * inputs + i] * weights[o * inputs + i];
            output[b * outputs + o] = sum > 0.0f ? sum : 0.0f;
        }
}

int main(void)
{
    int batch = 12, inputs = 150, outputs = 72;
    float *input = malloc(sizeof(float) * batch * inputs);
    float *weights = malloc(sizeof(float) * outputs * inputs);
    float *biases = malloc(sizeof(float) * outputs);
    float *output = malloc(sizeof(float) * batch * outputs);
    if (!input || !weights || !biases || !output)
        return 1;
    fill(input, batch * inputs);
    fill(weights, outputs * inputs);
    fill(biases, outputs);
    fill(output, batch * outputs);
    connected_relu(batch, inputs, outputs, input, weights, biases, output);
    report("output", output, batch * outputs);
    free(input);
    free(weights);
    free(biases);
    free(output);
    return 0;
}