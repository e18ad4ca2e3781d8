/* A FIR filter over a signal: out[i] = sum over taps t of signal[i + t] * coef[t] (valid part only). */
#include "numeric.h"

void fir_filter(int n, int taps, const float *signal, const float *coef, float *out)
{
    for (int i = 0; i + taps <= n; i++) {
        float acc = 0.0f;
        for (int t = 0; t < taps; t++)
            acc += signal[i + t] * coef[t];
        out[i] = acc;
    }
}
