/* A two-layer perceptron: BATCH inputs of IN_DIM features, HIDDEN units, OUT_DIM outputs. */
#ifndef MLP_H
#define MLP_H

#define BATCH 40
#define IN_DIM 72
#define HIDDEN 56
#define OUT_DIM 24
#define PROBE_DIM 128

/* network.c */
void dense_relu(int rows, int in_dim, int out_dim, const float *x, const float *w, const float *bias, float *y);
void probe_scores(int units, int dim, const float *weights, const float *features, float *scores);
void scale_inputs(float *x, int n, float factor);

/* activations.c */
void add_bias_relu(int rows, int cols, const float *bias, float *y);
void softmax_rows(int rows, int cols, float *y);

/* stats.c */
extern int mlp_verbose;
extern long mlp_calls;
double weighted_sum(const float *x, int n);
void log_layer(const char *name, const float *y, int n);

#endif
