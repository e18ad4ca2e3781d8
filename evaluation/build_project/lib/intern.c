/* String interning: equal strings share one copy, so they compare by pointer. */
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "app.h"

#define INTERN_BUCKETS 256

struct interned {
    struct interned *next;
    char text[];
};

static struct interned *buckets[INTERN_BUCKETS];
static size_t interned_total;

static unsigned bucket_of(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % INTERN_BUCKETS;
}

const char *intern(const char *s)
{
    unsigned b = bucket_of(s);
    for (struct interned *e = buckets[b]; e; e = e->next)
        if (strcmp(e->text, s) == 0)
            return e->text;
    struct interned *e = malloc(sizeof *e + strlen(s) + 1);
    strcpy(e->text, s);
    e->next = buckets[b];
    buckets[b] = e;
    interned_total++;
    return e->text;
}

size_t intern_count(void) { return interned_total; }

long demo_intern(void)
{
    static const char *words[] = {"alpha", "beta", "gamma", "delta", "beta", "alpha", "epsilon", "zeta"};
    char buf[32];
    long same = 0;
    for (int i = 0; i < 400; i++) {
        const char *w = words[i % 8];
        strcpy(buf, w);
        buf[0] = (char)(buf[0] + i % 3);
        const char *a = intern(buf), *b = intern(buf);
        same += a == b;
    }
    return same * 1000 + (long)intern_count();
}
