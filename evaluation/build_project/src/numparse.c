/* Checked number parsing: integers in bases 2-16 with overflow detection, and decimal fractions. */
#include <limits.h>
#include <ctype.h>
#include "app.h"

static int parse_long(const char *s, int base, long *out)
{
    int neg = 0;
    unsigned long v = 0, limit;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    if (!*s)
        return 0;
    limit = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
    for (; *s; s++) {
        int d = isdigit((unsigned char)*s) ? *s - '0' : isalpha((unsigned char)*s) ? tolower((unsigned char)*s) - 'a' + 10 : 99;
        if (d >= base || v > (limit - (unsigned long)d) / (unsigned long)base)
            return 0;
        v = v * (unsigned long)base + (unsigned long)d;
    }
    *out = neg ? (long)(0 - v) : (long)v;
    return 1;
}

/* "12.375" -> 12375 thousandths, rounding the fourth decimal. */
static int parse_milli(const char *s, long *out)
{
    long whole = 0, frac = 0;
    int digits = 0, neg = *s == '-';
    if (neg || *s == '+')
        s++;
    while (isdigit((unsigned char)*s))
        whole = whole * 10 + (*s++ - '0');
    if (*s == '.') {
        s++;
        while (isdigit((unsigned char)*s)) {
            if (digits < 3)
                frac = frac * 10 + (*s - '0');
            else if (digits == 3 && *s >= '5')
                frac++;
            digits++;
            s++;
        }
    }
    if (*s)
        return 0;
    while (digits++ < 3)
        frac *= 10;
    *out = (neg ? -1 : 1) * (whole * 1000 + frac);
    return 1;
}

long demo_numparse(void)
{
    const char *ints[] = {"42", "-17", "0x1F", "777", "101101", "9223372036854775807", "9223372036854775808", "12a"};
    const int bases[] = {10, 10, 16, 8, 2, 10, 10, 10};
    const char *decs[] = {"12.375", "-0.5", "3", "2.71828", "1.2.3"};
    long s = 0, v;
    for (int i = 0; i < 8; i++)
        s = s * 3 % 1000003 + (parse_long(ints[i], bases[i], &v) ? v % 1000 : -1);
    for (int i = 0; i < 5; i++)
        s = s * 7 % 1000003 + (parse_milli(decs[i], &v) ? v : -1);
    return s;
}
