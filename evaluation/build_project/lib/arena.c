/* A bump allocator: many small allocations, freed all at once. */
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "app.h"

#define ARENA_BLOCK 4096

struct arena_block {
    arena_block *next;
    size_t used;
    unsigned char data[ARENA_BLOCK];
};

void arena_init(arena *a)
{
    a->blocks = NULL;
    a->used_total = 0;
}

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n > ARENA_BLOCK)
        return NULL;
    if (!a->blocks || a->blocks->used + n > ARENA_BLOCK) {
        arena_block *b = malloc(sizeof *b);
        b->next = a->blocks;
        b->used = 0;
        a->blocks = b;
    }
    void *p = a->blocks->data + a->blocks->used;
    a->blocks->used += n;
    a->used_total += n;
    return p;
}

void arena_free(arena *a)
{
    while (a->blocks) {
        arena_block *next = a->blocks->next;
        free(a->blocks);
        a->blocks = next;
    }
    a->used_total = 0;
}

long demo_arena(void)
{
    arena a;
    arena_init(&a);
    long s = 0;
    for (int i = 1; i < 600; i++) {
        char *p = arena_alloc(&a, (size_t)(i % 97 + 1));
        memset(p, i & 0x7f, (size_t)(i % 97 + 1));
        s += p[i % 97];
    }
    long blocks = 0;
    for (arena_block *b = a.blocks; b; b = b->next)
        blocks++;
    s += (long)a.used_total * 3 + blocks;
    arena_free(&a);
    return s;
}
