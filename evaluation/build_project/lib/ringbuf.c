/* A byte ring buffer of fixed capacity (one slot kept free to tell full from empty). */
#include "core.h"
#include "app.h"

#define RB_CAP (sizeof(((ringbuf *)0)->buf))

void rb_init(ringbuf *r) { r->head = r->tail = 0; }

unsigned rb_size(const ringbuf *r) { return (unsigned)((r->head + RB_CAP - r->tail) % RB_CAP); }

int rb_put(ringbuf *r, unsigned char c)
{
    unsigned next = (unsigned)((r->head + 1) % RB_CAP);
    if (next == r->tail)
        return 0;
    r->buf[r->head] = c;
    r->head = next;
    return 1;
}

int rb_get(ringbuf *r, unsigned char *c)
{
    if (r->head == r->tail)
        return 0;
    *c = r->buf[r->tail];
    r->tail = (unsigned)((r->tail + 1) % RB_CAP);
    return 1;
}

long demo_ringbuf(void)
{
    ringbuf r;
    rb_init(&r);
    long s = 0, dropped = 0;
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 20 + round % 30; i++)
            if (!rb_put(&r, (unsigned char)(round * 7 + i)))
                dropped++;
        unsigned char c;
        for (int i = 0; i < 25 && rb_get(&r, &c); i++)
            s += c;
    }
    return s * 100 + dropped + rb_size(&r);
}
