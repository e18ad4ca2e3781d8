/* A circular doubly linked list of ints with a sentinel head. */
#include <stdlib.h>
#include "core.h"
#include "app.h"

void dl_init(dlist *l)
{
    l->head.prev = l->head.next = &l->head;
    l->len = 0;
}

static void dl_insert_after(dlist *l, lnode *at, int v)
{
    lnode *n = malloc(sizeof *n);
    n->value = v;
    n->prev = at;
    n->next = at->next;
    at->next->prev = n;
    at->next = n;
    l->len++;
}

void dl_push_back(dlist *l, int v) { dl_insert_after(l, l->head.prev, v); }
void dl_push_front(dlist *l, int v) { dl_insert_after(l, &l->head, v); }

int dl_remove_value(dlist *l, int v)
{
    for (lnode *n = l->head.next; n != &l->head; n = n->next)
        if (n->value == v) {
            n->prev->next = n->next;
            n->next->prev = n->prev;
            free(n);
            l->len--;
            return 1;
        }
    return 0;
}

void dl_free(dlist *l)
{
    lnode *n = l->head.next;
    while (n != &l->head) {
        lnode *next = n->next;
        free(n);
        n = next;
    }
    dl_init(l);
}

long dl_weighted_sum(const dlist *l)
{
    long s = 0, w = 1;
    for (const lnode *n = l->head.next; n != &l->head; n = n->next)
        s += n->value * w++;
    return s;
}

long demo_list(void)
{
    dlist l;
    dl_init(&l);
    for (int i = 0; i < 200; i++) {
        if (i % 3)
            dl_push_back(&l, i);
        else
            dl_push_front(&l, -i);
    }
    for (int i = 0; i < 200; i += 5)
        dl_remove_value(&l, i);
    long s = dl_weighted_sum(&l) + (long)l.len;
    dl_free(&l);
    return s;
}
