/* Q16.16 fixed-point arithmetic: multiply, divide, square root, and a small sine table. */
#include <stdint.h>
#include "app.h"

typedef int32_t fix16;
#define FIX_ONE 65536

static fix16 fix_mul(fix16 a, fix16 b) { return (fix16)(((int64_t)a * b) >> 16); }
static fix16 fix_div(fix16 a, fix16 b) { return b ? (fix16)(((int64_t)a << 16) / b) : 0; }

static fix16 fix_sqrt(fix16 x)
{
    if (x <= 0)
        return 0;
    uint64_t v = (uint64_t)x << 16, r = 0, bit = (uint64_t)1 << 46;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= r + bit) {
            v -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return (fix16)r;
}

/* sin(x) for x in Q16.16 radians, by a 5th-order odd polynomial after range reduction. */
static fix16 fix_sin(fix16 x)
{
    const fix16 pi = 205887, half_pi = 102944;
    while (x > pi)
        x -= 2 * pi;
    while (x < -pi)
        x += 2 * pi;
    if (x > half_pi)
        x = pi - x;
    if (x < -half_pi)
        x = -pi - x;
    fix16 x2 = fix_mul(x, x);
    fix16 term = fix_mul(x2, FIX_ONE / 120);
    term = fix_mul(x2, FIX_ONE / 6 - term);
    return fix_mul(x, FIX_ONE - term);
}

long demo_fixedpoint(void)
{
    long s = 0;
    for (int i = 1; i <= 50; i++) {
        fix16 a = i * FIX_ONE / 7, b = (51 - i) * FIX_ONE / 3;
        s += fix_mul(a, b) / 64 + fix_div(a, b) / 64 + fix_sqrt(a) / 16;
        s += fix_sin(i * FIX_ONE / 8) / 16;
    }
    return s;
}
