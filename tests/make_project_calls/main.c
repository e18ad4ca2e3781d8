/* Builds deterministic inputs, runs the network and a probe, prints checksums. */
#include <stdio.h>
#include <stdlib.h>
#include "mlp.h"

static unsigned int lcg_state = 20240611u;

/* Small linear congruential generator: a float in [-1, 1). */
static float lcg(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return (float)(lcg_state >> 8) / 8388608.0f - 1.0f;
}

static float *filled(int n)
{
    float *p = malloc(sizeof(float) * n);
    if (!p)
        exit(1);
    for (int i = 0; i < n; i++)
        p[i] = lcg();
    return p;
}

int main(void)
{
    float *x = filled(BATCH * IN_DIM), *w1 = filled(IN_DIM * HIDDEN), *b1 = filled(HIDDEN);
    float *w2 = filled(HIDDEN * OUT_DIM), *b2 = filled(OUT_DIM);
    float *hidden = filled(BATCH * HIDDEN), *out = filled(BATCH * OUT_DIM); /* garbage the layers overwrite */
    float *probe_w = filled(PROBE_DIM * BATCH * OUT_DIM / 8), *scores = filled(PROBE_DIM);

    scale_inputs(x, BATCH * IN_DIM, 0.5f);
    dense_relu(BATCH, IN_DIM, HIDDEN, x, w1, b1, hidden);
    dense_relu(BATCH, HIDDEN, OUT_DIM, hidden, w2, b2, out);
    probe_scores(PROBE_DIM, BATCH * OUT_DIM / 8, probe_w, out, scores);

    printf("hidden: %dx%d checksum=%.6g\n", BATCH, HIDDEN, weighted_sum(hidden, BATCH * HIDDEN));
    printf("out: %dx%d checksum=%.6g first=%.6g last=%.6g\n", BATCH, OUT_DIM, weighted_sum(out, BATCH * OUT_DIM),
           out[0], out[BATCH * OUT_DIM - 1]);
    printf("probe: %d checksum=%.6g calls=%ld\n", PROBE_DIM, weighted_sum(scores, PROBE_DIM), mlp_calls);
    free(x); free(w1); free(b1); free(w2); free(b2); free(hidden); free(out); free(probe_w); free(scores);
    return 0;
}
