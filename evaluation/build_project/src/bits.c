/* Bit tricks: population count, bit reversal, next power of two, Gray code, parity. */
#include <stdint.h>
#include "app.h"

static unsigned popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24;
}

static uint32_t reverse32(uint32_t x)
{
    x = (x >> 1 & 0x55555555u) | (x & 0x55555555u) << 1;
    x = (x >> 2 & 0x33333333u) | (x & 0x33333333u) << 2;
    x = (x >> 4 & 0x0f0f0f0fu) | (x & 0x0f0f0f0fu) << 4;
    x = (x >> 8 & 0x00ff00ffu) | (x & 0x00ff00ffu) << 8;
    return x >> 16 | x << 16;
}

static uint32_t next_pow2(uint32_t x)
{
    if (x <= 1)
        return 1;
    x--;
    for (int s = 1; s < 32; s <<= 1)
        x |= x >> s;
    return x + 1;
}

static uint32_t gray(uint32_t x) { return x ^ (x >> 1); }

long demo_bits(void)
{
    long s = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        uint32_t v = i * 2654435761u;
        s += popcount32(v) + (reverse32(v) >> 28) + (long)(next_pow2(i) % 1000) + (popcount32(gray(i) ^ gray(i + 1)) == 1);
    }
    return s;
}
