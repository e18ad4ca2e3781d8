/* Primes: a sieve, trial-division primality, and factorisation. */
#include <stdlib.h>
#include "core.h"
#include "app.h"

static size_t sieve(size_t limit, bitset *composite)
{
    bs_init(composite, limit + 1);
    bs_set(composite, 0);
    bs_set(composite, 1);
    for (size_t i = 2; i * i <= limit; i++)
        if (!bs_test(composite, i))
            for (size_t j = i * i; j <= limit; j += i)
                bs_set(composite, j);
    return limit + 1 - bs_count(composite);
}

static int is_prime(unsigned long n)
{
    if (n < 2)
        return 0;
    for (unsigned long d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

static int factorise(unsigned long n, unsigned long *f)
{
    int k = 0;
    for (unsigned long d = 2; d * d <= n; d++)
        while (n % d == 0) {
            f[k++] = d;
            n /= d;
        }
    if (n > 1)
        f[k++] = n;
    return k;
}

long demo_primes(void)
{
    bitset comp;
    long count = (long)sieve(100000, &comp);
    long agree = 0;
    for (unsigned long n = 0; n < 2000; n++)
        agree += is_prime(n) == !bs_test(&comp, n);
    bs_free(&comp);
    unsigned long f[64];
    int k = factorise(600851475143ul, f);
    return count * 10000 + agree + (long)f[k - 1] % 10000 * 100000000L;
}
