/* FNV-1a hashing of strings and a small hash-distribution check. */
#include <stdint.h>
#include <stdio.h>
#include "app.h"

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

long demo_fnv(void)
{
    int bucket[16] = {0};
    char key[32];
    for (int i = 0; i < 4000; i++) {
        snprintf(key, sizeof key, "object-%d", i);
        bucket[fnv1a(key) >> 60]++;
    }
    int lo = bucket[0], hi = bucket[0];
    for (int b = 1; b < 16; b++) {
        if (bucket[b] < lo)
            lo = bucket[b];
        if (bucket[b] > hi)
            hi = bucket[b];
    }
    return (long)(fnv1a("atc") % 100000) * 1000000 + lo * 1000 + hi;
}
