/* A binary min-heap of ints. */
#include <stdlib.h>
#include "core.h"
#include "app.h"

void mh_init(minheap *h)
{
    h->items = NULL;
    h->len = h->cap = 0;
}

void mh_free(minheap *h)
{
    free(h->items);
    mh_init(h);
}

void mh_push(minheap *h, int x)
{
    if (h->len == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 16;
        h->items = realloc(h->items, h->cap * sizeof *h->items);
    }
    size_t i = h->len++;
    while (i > 0 && h->items[(i - 1) / 2] > x) {
        h->items[i] = h->items[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->items[i] = x;
}

int mh_pop(minheap *h)
{
    int top = h->items[0];
    int last = h->items[--h->len];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->len)
            break;
        if (c + 1 < h->len && h->items[c + 1] < h->items[c])
            c++;
        if (h->items[c] >= last)
            break;
        h->items[i] = h->items[c];
        i = c;
    }
    if (h->len)
        h->items[i] = last;
    return top;
}

long demo_heap(void)
{
    minheap h;
    mh_init(&h);
    unsigned x = 12345;
    for (int i = 0; i < 400; i++) {
        x = x * 1103515245u + 12345u;
        mh_push(&h, (int)(x >> 16) % 1000);
    }
    long s = 0;
    int prev = -1, ordered = 1;
    for (int i = 0; i < 400; i++) {
        int v = mh_pop(&h);
        ordered &= v >= prev;
        prev = v;
        s += (long)v * (i % 13);
    }
    mh_free(&h);
    return s * 2 + ordered;
}
