/* Exact fractions: gcd, normalisation, arithmetic, and continued-fraction approximation. */
#include <stdlib.h>
#include "app.h"

typedef struct {
    long num, den;
} rational;

static long gcd(long a, long b)
{
    a = labs(a);
    b = labs(b);
    while (b) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static rational make(long n, long d)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    long g = gcd(n, d);
    rational r = {g ? n / g : 0, g ? d / g : 1};
    return r;
}

static rational add(rational a, rational b) { return make(a.num * b.den + b.num * a.den, a.den * b.den); }
static rational mul(rational a, rational b) { return make(a.num * b.num, a.den * b.den); }

/* Best approximation with denominator <= max_den, from the continued fraction of p/q. */
static rational approximate(long p, long q, long max_den)
{
    long h0 = 0, h1 = 1, k0 = 1, k1 = 0;
    while (q) {
        long a = p / q, t = p % q;
        long h2 = a * h1 + h0, k2 = a * k1 + k0;
        if (k2 > max_den)
            break;
        h0 = h1; h1 = h2; k0 = k1; k1 = k2;
        p = q;
        q = t;
    }
    return make(h1, k1);
}

long demo_rational(void)
{
    rational h = {0, 1};
    for (long k = 1; k <= 20; k++)
        h = add(h, make(1, k));        /* harmonic number H(20) */
    rational p = mul(make(22, 7), make(-14, 33));
    rational pi = approximate(314159265, 100000000, 1000);
    return (h.num % 100000) * 1000000 + h.den % 1000 + p.num * p.den + pi.num * 10 + pi.den;
}
