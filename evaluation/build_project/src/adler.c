/* Adler-32 and a rolling checksum over a sliding window (as used to find repeated blocks). */
#include <stdint.h>
#include <stddef.h>
#include "app.h"

#define MOD_ADLER 65521u

static uint32_t adler32(const unsigned char *p, size_t n)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % MOD_ADLER;
        b = (b + a) % MOD_ADLER;
    }
    return b << 16 | a;
}

/* Counts windows of length w whose rolling sum repeats the first window's. */
static int repeated_windows(const unsigned char *p, size_t n, size_t w)
{
    uint32_t a = 0, b = 0;
    for (size_t i = 0; i < w; i++) {
        a += p[i];
        b += (uint32_t)(w - i) * p[i];
    }
    uint32_t first_a = a, first_b = b;
    int repeats = 0;
    for (size_t i = w; i < n; i++) {
        a += p[i] - p[i - w];
        b += a - (uint32_t)w * p[i - w];
        repeats += a == first_a && b == first_b;
    }
    return repeats;
}

long demo_adler(void)
{
    unsigned char data[2048];
    for (int i = 0; i < 2048; i++)
        data[i] = (unsigned char)("pattern-"[i % 8] + (i / 512));
    uint32_t h = adler32(data, sizeof data);
    return (long)(h % 1000003) * 100 + repeated_windows(data, sizeof data, 16);
}
