/* Containers and text helpers of libcore.a. */
#ifndef CORE_H
#define CORE_H

#include <stddef.h>
#include <stdint.h>

/* strbuf.c: a growable string */
typedef struct {
    char *data;
    size_t len, cap;
} strbuf;
void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_putc(strbuf *sb, char c);
void sb_puts(strbuf *sb, const char *s);
void sb_printf_int(strbuf *sb, long v);

/* vec.c: a growable array of ints */
typedef struct {
    int *items;
    size_t len, cap;
} intvec;
void iv_init(intvec *v);
void iv_free(intvec *v);
void iv_push(intvec *v, int x);
int iv_pop(intvec *v);
void iv_reverse(intvec *v);

/* hashmap.c: string keys to ints, open addressing */
typedef struct {
    char **keys;
    int *values;
    size_t cap, count;
} strmap;
void sm_init(strmap *m);
void sm_free(strmap *m);
void sm_put(strmap *m, const char *key, int value);
int sm_get(const strmap *m, const char *key, int *value);

/* list.c: a doubly linked list of ints */
typedef struct lnode {
    struct lnode *prev, *next;
    int value;
} lnode;
typedef struct {
    lnode head;
    size_t len;
} dlist;
void dl_init(dlist *l);
void dl_push_back(dlist *l, int v);
void dl_push_front(dlist *l, int v);
int dl_remove_value(dlist *l, int v);
void dl_free(dlist *l);
long dl_weighted_sum(const dlist *l);

/* heap.c: a binary min-heap of ints */
typedef struct {
    int *items;
    size_t len, cap;
} minheap;
void mh_init(minheap *h);
void mh_push(minheap *h, int x);
int mh_pop(minheap *h);
void mh_free(minheap *h);

/* ringbuf.c */
typedef struct {
    unsigned char buf[64];
    unsigned head, tail;
} ringbuf;
void rb_init(ringbuf *r);
int rb_put(ringbuf *r, unsigned char c);
int rb_get(ringbuf *r, unsigned char *c);
unsigned rb_size(const ringbuf *r);

/* bitset.c */
typedef struct {
    uint64_t *words;
    size_t nbits;
} bitset;
void bs_init(bitset *b, size_t nbits);
void bs_free(bitset *b);
void bs_set(bitset *b, size_t i);
int bs_test(const bitset *b, size_t i);
size_t bs_count(const bitset *b);

/* arena.c */
typedef struct arena_block arena_block;
typedef struct {
    arena_block *blocks;
    size_t used_total;
} arena;
void arena_init(arena *a);
void *arena_alloc(arena *a, size_t n);
void arena_free(arena *a);

/* intern.c */
const char *intern(const char *s);
size_t intern_count(void);

/* strutil.c */
char *str_trim(char *s);
int str_split(char *s, char sep, char **parts, int max_parts);
int str_starts_with(const char *s, const char *prefix);
void str_lower(char *s);

/* sortutil.c */
void merge_sort_ints(int *a, size_t n);
void insertion_sort_ints(int *a, size_t n);
int is_sorted_ints(const int *a, size_t n);
size_t lower_bound_ints(const int *a, size_t n, int key);

#endif
