/*
 * Near-miss of the layer struct: the loop calls the activation function pointer
 * stored in the struct for every output, so it is not a plain GEMV (out=96 in=80).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 7100313u;

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

typedef float (*activation_fn)(float);

typedef struct {
    int outputs;
    int inputs;
    float *weights;
    activation_fn activate;
} dense_layer;

void dense_forward_act(const dense_layer *l, const float *in, float *out)
{
    for (int o = 0; o < l->outputs; o++) {
        float s = 0.0f;
        for (int i = 0; i < l->inputs; i++)
            s += l->weights[o * l->inputs + i] * in[i];
        out[o] = l->activate(s);
    }
}

static float leaky(float v)
{
    return v > 0.0f ? v : 0.1f * v;
}

int main(void)
{
    dense_layer l;
    l.outputs = 96;
    l.inputs = 80;
    l.weights = malloc(sizeof(float) * l.outputs * l.inputs);
    l.activate = leaky;
    float *in = malloc(sizeof(float) * l.inputs);
    float *out = malloc(sizeof(float) * l.outputs);
    if (!l.weights || !in || !out)
        return 1;
    fill(l.weights, l.outputs * l.inputs);
    fill(in, l.inputs);
    fill(out, l.outputs);
    dense_forward_act(&l, in, out);
    report("out", out, l.outputs);
    free(l.weights);
    free(in);
    free(out);
    return 0;
}
