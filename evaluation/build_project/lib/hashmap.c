/* String keys to ints: open addressing with linear probing, doubling at 70 % load. */
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "app.h"

static size_t hash_str(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 ^ (unsigned char)*s++;
    return h;
}

static char *copy_str(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(malloc(n), s, n);
}

void sm_init(strmap *m)
{
    m->cap = 16;
    m->count = 0;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->values = calloc(m->cap, sizeof *m->values);
}

void sm_free(strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->values);
}

static void sm_grow(strmap *m)
{
    strmap bigger = {calloc(m->cap * 2, sizeof(char *)), calloc(m->cap * 2, sizeof(int)), m->cap * 2, 0};
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = hash_str(m->keys[i]) & (bigger.cap - 1);
            while (bigger.keys[j])
                j = (j + 1) & (bigger.cap - 1);
            bigger.keys[j] = m->keys[i];
            bigger.values[j] = m->values[i];
            bigger.count++;
        }
    free(m->keys);
    free(m->values);
    *m = bigger;
}

void sm_put(strmap *m, const char *key, int value)
{
    if ((m->count + 1) * 10 > m->cap * 7)
        sm_grow(m);
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) {
        m->keys[i] = copy_str(key);
        m->count++;
    }
    m->values[i] = value;
}

int sm_get(const strmap *m, const char *key, int *value)
{
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0) {
            *value = m->values[i];
            return 1;
        }
        i = (i + 1) & (m->cap - 1);
    }
    return 0;
}

long demo_hashmap(void)
{
    strmap m;
    char key[32];
    sm_init(&m);
    for (int i = 0; i < 500; i++) {
        strbuf sb;
        sb_init(&sb);
        sb_puts(&sb, "key-");
        sb_printf_int(&sb, i * 7919 % 1000);
        strncpy(key, sb.data, sizeof key - 1);
        key[sizeof key - 1] = '\0';
        sb_free(&sb);
        int old = 0;
        sm_get(&m, key, &old);
        sm_put(&m, key, old + i);
    }
    long total = (long)m.count;
    int v;
    if (sm_get(&m, "key-0", &v))
        total += v;
    if (!sm_get(&m, "absent", &v))
        total += 1000;
    sm_free(&m);
    return total;
}
