/* A FIR filter over a signal: out[i] = sum over taps t of signal[i + t] * coef[t] (valid part only). */
#include <stdlib.h>
#include "numeric.h"
#include "app.h"

void fir_filter(int n, int taps, const float *signal, const float *coef, float *out)
{
    for (int i = 0; i + taps <= n; i++) {
        float acc = 0.0f;
        for (int t = 0; t < taps; t++)
            acc += signal[i + t] * coef[t];
        out[i] = acc;
    }
}

double demo_fir(void)
{
    enum { N = 4000, TAPS = 33 };
    float *signal = malloc(sizeof(float) * N), coef[TAPS], *out = malloc(sizeof(float) * N);
    rng_fill(signal, N, 51);
    rng_fill(coef, TAPS, 52);
    fir_filter(N, TAPS, signal, coef, out);
    double s = sum_floats(out, N - TAPS + 1);
    free(signal);
    free(out);
    return s;
}
