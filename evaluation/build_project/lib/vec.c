/* A growable array of ints. */
#include <stdlib.h>
#include "core.h"
#include "app.h"

void iv_init(intvec *v)
{
    v->items = NULL;
    v->len = v->cap = 0;
}

void iv_free(intvec *v)
{
    free(v->items);
    iv_init(v);
}

void iv_push(intvec *v, int x)
{
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        v->items = realloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->len++] = x;
}

int iv_pop(intvec *v)
{
    return v->len ? v->items[--v->len] : 0;
}

void iv_reverse(intvec *v)
{
    for (size_t i = 0, j = v->len; i + 1 < j; i++, j--) {
        int t = v->items[i];
        v->items[i] = v->items[j - 1];
        v->items[j - 1] = t;
    }
}

long demo_vec(void)
{
    intvec v;
    iv_init(&v);
    for (int i = 0; i < 1000; i++)
        iv_push(&v, (i * 37) % 101);
    iv_reverse(&v);
    long sum = 0;
    for (int i = 0; i < 300; i++)
        sum += (long)iv_pop(&v) * (i + 1);
    sum += (long)v.len;
    iv_free(&v);
    return sum;
}
