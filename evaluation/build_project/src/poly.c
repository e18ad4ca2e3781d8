/* Polynomials with integer coefficients: evaluation (Horner), derivative, product, integer roots. */
#include "app.h"

static long poly_eval(const long *c, int degree, long x)
{
    long v = 0;
    for (int i = degree; i >= 0; i--)
        v = v * x + c[i];
    return v;
}

static int poly_derive(const long *c, int degree, long *out)
{
    for (int i = 1; i <= degree; i++)
        out[i - 1] = c[i] * i;
    return degree > 0 ? degree - 1 : 0;
}

static int poly_mul(const long *a, int da, const long *b, int db, long *out)
{
    for (int i = 0; i <= da + db; i++)
        out[i] = 0;
    for (int i = 0; i <= da; i++)
        for (int j = 0; j <= db; j++)
            out[i + j] += a[i] * b[j];
    return da + db;
}

/* Integer roots: divisors of the constant term that make the polynomial vanish. */
static int integer_roots(const long *c, int degree, long *roots)
{
    int k = 0;
    long c0 = c[0] < 0 ? -c[0] : c[0];
    for (long d = 1; d <= c0; d++)
        if (c0 % d == 0) {
            if (poly_eval(c, degree, d) == 0)
                roots[k++] = d;
            if (poly_eval(c, degree, -d) == 0)
                roots[k++] = -d;
        }
    return k;
}

long demo_poly(void)
{
    const long a[] = {-6, 1, 1};   /* x^2 + x - 6 = (x - 2)(x + 3) */
    const long b[] = {5, -1};      /* 5 - x */
    long prod[8], deriv[8], roots[8];
    int dp = poly_mul(a, 2, b, 1, prod);
    int dd = poly_derive(prod, dp, deriv);
    int nr = integer_roots(prod, dp, roots);
    long s = 0;
    for (long x = -5; x <= 5; x++)
        s = s * 3 % 1000003 + poly_eval(prod, dp, x) + poly_eval(deriv, dd, x);
    for (int i = 0; i < nr; i++)
        s = s * 10 + roots[i] + 5;
    return s;
}
