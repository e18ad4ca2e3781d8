/* UTF-8 decoding and validation. */
#include <stddef.h>
#include "app.h"

/* Decodes one code point at s (n bytes left); returns its length, or 0 when the sequence is invalid. */
static int utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int len = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || (size_t)len > n)
        return 0;
    unsigned v = s[0] & (0x7f >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3f);
    }
    static const unsigned least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < least[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

static long utf8_count(const char *text, size_t n, long *invalid)
{
    const unsigned char *s = (const unsigned char *)text;
    long count = 0;
    unsigned cp;
    for (size_t i = 0; i < n;) {
        int len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            (*invalid)++;
            i++;
        } else {
            count += cp % 7;
            i += (size_t)len;
        }
    }
    return count;
}

long demo_utf8(void)
{
    static const char text[] = "na\xc3\xafve caf\xc3\xa9 \xe2\x82\xac 10 \xf0\x9f\x98\x80 bad:\xc3\x28 \xed\xa0\x80 end";
    long invalid = 0;
    long c = utf8_count(text, sizeof text - 1, &invalid);
    return c * 10 + invalid;
}
