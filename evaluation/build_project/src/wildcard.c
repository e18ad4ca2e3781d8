/* Shell-style wildcard matching: '*' any run, '?' one character, '[abc]' / '[a-z]' a class. */
#include "app.h"

static int class_match(const char **pp, char c)
{
    const char *p = *pp + 1;
    int negate = *p == '!', hit = 0;
    if (negate)
        p++;
    for (; *p && *p != ']'; p++) {
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hit |= c >= p[0] && c <= p[2];
            p += 2;
        } else {
            hit |= c == *p;
        }
    }
    *pp = *p ? p + 1 : p;
    return hit != negate;
}

static int wild_match(const char *pat, const char *s)
{
    const char *star = 0, *resume = 0;
    while (*s) {
        if (*pat == '*') {
            star = ++pat;
            resume = s;
            continue;
        }
        const char *next = pat;
        int ok = *pat == '[' ? class_match(&next, *s) : (next = pat + 1, *pat == '?' || (*pat && *pat == *s));
        if (ok) {
            pat = next;
            s++;
        } else if (star) {
            pat = star;
            s = ++resume;
        } else {
            return 0;
        }
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

long demo_wildcard(void)
{
    const char *pats[] = {"*.c", "src/*/*.h", "test_??.py", "[a-m]*", "*[!0-9]", "a*b*c", "*"};
    const char *names[] = {"main.c", "src/io/buf.h", "test_01.py", "kernel.o", "zeta9", "abacbc", "", "x.c.c"};
    long s = 0;
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 8; j++)
            s = s * 2 % 1000003 + wild_match(pats[i], names[j]);
    return s;
}
