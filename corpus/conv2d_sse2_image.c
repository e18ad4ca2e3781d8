/*
 * 2-D convolution of a single-channel image with a 3x3 filter, no padding (valid), in image code that includes
 * <emmintrin.h> and converts 8-bit pixels to floats with SSE2 before filtering (H=61 W=75 -> 59x73).
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <emmintrin.h>

static unsigned int rng_state = 1234567u;

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

/* 8-bit pixels to floats in [0, 1), sixteen at a time. */
static void pixels_to_float_sse2(int n, const unsigned char *pix, float *out)
{
    const __m128i zero = _mm_setzero_si128();
    const __m128 scale = _mm_set1_ps(1.0f / 256.0f);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(pix + i));
        __m128i lo = _mm_unpacklo_epi8(v, zero), hi = _mm_unpackhi_epi8(v, zero);
        __m128i parts[4] = {_mm_unpacklo_epi16(lo, zero), _mm_unpackhi_epi16(lo, zero),
                            _mm_unpacklo_epi16(hi, zero), _mm_unpackhi_epi16(hi, zero)};
        for (int p = 0; p < 4; p++)
            _mm_storeu_ps(out + i + 4 * p, _mm_mul_ps(_mm_cvtepi32_ps(parts[p]), scale));
    }
    for (; i < n; i++)
        out[i] = pix[i] / 256.0f;
}

void filter3x3(int H, int W, const float *img, const float *taps, float *out)
{
    for (int y = 0; y < H - 2; y++)
        for (int x = 0; x < W - 2; x++) {
            float acc = 0.0f;
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++)
                    acc += taps[ky * 3 + kx] * img[(y + ky) * W + (x + kx)];
            out[y * (W - 2) + x] = acc;
        }
}

int main(void)
{
    int H = 61, W = 75;
    unsigned char *pix = malloc((size_t)H * W);
    float *img = malloc(sizeof(float) * H * W);
    float *taps = malloc(sizeof(float) * 9);
    float *out = malloc(sizeof(float) * (H - 2) * (W - 2));
    if (!pix || !img || !taps || !out)
        return 1;
    for (int i = 0; i < H * W; i++)
        pix[i] = (unsigned char)((rnd() + 1.0f) * 127.5f);
    fill(taps, 9);
    fill(out, (H - 2) * (W - 2)); /* garbage that must be overwritten */
    pixels_to_float_sse2(H * W, pix, img);
    filter3x3(H, W, img, taps, out);
    report("out", out, (H - 2) * (W - 2));
    free(pix);
    free(img);
    free(taps);
    free(out);
    return 0;
}
