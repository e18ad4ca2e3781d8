/*
 * NEGATIVE: histogram of values into bins (integer counts) and a weighted
 * 2-D histogram; indirect, data-dependent stores.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned int rng_state = 4747471u;

/* Small linear congruential generator: returns a float in [-1, 1). */
static float rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (float)(rng_state >> 8) / 8388608.0f - 1.0f;
}

#define NBINS 64

void histogram(int n, const float *x, int *bins)
{
    for (int b = 0; b < NBINS; b++)
        bins[b] = 0;
    for (int i = 0; i < n; i++) {
        int b = (int)((x[i] + 1.0f) * 0.5f * NBINS);
        if (b < 0)
            b = 0;
        if (b >= NBINS)
            b = NBINS - 1;
        bins[b]++;
    }
}

void hist2d(int n, const float *x, const float *y, const float *w, float H[16][16])
{
    for (int a = 0; a < 16; a++)
        for (int b = 0; b < 16; b++)
            H[a][b] = 0.0f;
    for (int i = 0; i < n; i++) {
        int a = (int)((x[i] + 1.0f) * 8.0f);
        int b = (int)((y[i] + 1.0f) * 8.0f);
        if (a > 15)
            a = 15;
        if (b > 15)
            b = 15;
        H[a][b] += w[i];
    }
}

int main(void)
{
    int n = 50000;
    float *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n);
    float *w = malloc(sizeof(float) * n);
    int bins[NBINS];
    static float H[16][16];
    if (!x || !y || !w)
        return 1;
    for (int i = 0; i < n; i++) {
        float u = rnd(), v = rnd();
        x[i] = 0.5f * (u + v); /* triangular-ish distribution */
        y[i] = rnd();
        w[i] = 0.5f * (rnd() + 1.0f);
    }
    histogram(n, x, bins);
    hist2d(n, x, y, w, H);

    long s = 0, ws = 0;
    for (int b = 0; b < NBINS; b++) {
        s += bins[b];
        ws += (long)bins[b] * (b % 7 + 1);
    }
    printf("bins: total=%ld wsum=%ld b0=%d b16=%d b31=%d b32=%d b63=%d\n", s, ws,
           bins[0], bins[16], bins[31], bins[32], bins[63]);
    double hs = 0.0, hw = 0.0;
    for (int a = 0; a < 16; a++)
        for (int b = 0; b < 16; b++) {
            hs += H[a][b];
            hw += H[a][b] * ((a * 16 + b) % 7 + 1);
        }
    printf("H: sum=%.6g wsum=%.6g H[0][0]=%.5f H[8][7]=%.5f H[15][15]=%.5f\n", hs, hw,
           H[0][0], H[8][7], H[15][15]);
    free(x);
    free(y);
    free(w);
    return 0;
}
