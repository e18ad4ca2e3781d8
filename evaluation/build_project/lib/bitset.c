/* A fixed-size set of bits. */
#include <stdlib.h>
#include "core.h"
#include "app.h"

void bs_init(bitset *b, size_t nbits)
{
    b->nbits = nbits;
    b->words = calloc((nbits + 63) / 64, sizeof *b->words);
}

void bs_free(bitset *b) { free(b->words); }

void bs_set(bitset *b, size_t i)
{
    if (i < b->nbits)
        b->words[i / 64] |= (uint64_t)1 << (i % 64);
}

int bs_test(const bitset *b, size_t i)
{
    return i < b->nbits && (b->words[i / 64] >> (i % 64)) & 1;
}

size_t bs_count(const bitset *b)
{
    size_t n = 0;
    for (size_t w = 0; w < (b->nbits + 63) / 64; w++) {
        uint64_t x = b->words[w];
        while (x) {
            x &= x - 1;
            n++;
        }
    }
    return n;
}

long demo_bitset(void)
{
    bitset b;
    bs_init(&b, 5000);
    for (size_t i = 0; i < 5000; i += 3)
        bs_set(&b, i);
    for (size_t i = 0; i < 5000; i += 7)
        bs_set(&b, i);
    long s = (long)bs_count(&b);
    for (size_t i = 0; i < 100; i++)
        s += bs_test(&b, i * 11) ? (long)i : 0;
    bs_free(&b);
    return s;
}
