/* Checksums and logging, and the program's counters. */
#include <stdio.h>
#include "mlp.h"

int mlp_verbose = 0;
long mlp_calls = 0;

/* A position-weighted sum, so that permuted results do not pass for equal ones. */
double weighted_sum(const float *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (double)x[i] * (double)(i % 7 + 1);
    return s;
}

void log_layer(const char *name, const float *y, int n)
{
    printf("%s: %d values, weighted sum %.6g\n", name, n, weighted_sum(y, n));
}
