/* A vending machine as a state machine: coins in, selection, dispensing, change. */
#include "app.h"

enum vstate { IDLE, COLLECTING, DISPENSING, OUT_OF_ORDER };
enum vevent { COIN_5, COIN_10, COIN_25, SELECT_A, SELECT_B, CANCEL, FAULT, SERVICE };

typedef struct {
    enum vstate state;
    int credit, stock_a, stock_b, sold, refunded;
} machine;

static void step(machine *m, enum vevent e)
{
    static const int coin[] = {5, 10, 25};
    if (e == FAULT) {
        m->refunded += m->credit;
        m->credit = 0;
        m->state = OUT_OF_ORDER;
        return;
    }
    switch (m->state) {
    case OUT_OF_ORDER:
        if (e == SERVICE)
            m->state = IDLE;
        break;
    case IDLE:
    case COLLECTING:
        if (e <= COIN_25) {
            m->credit += coin[e];
            m->state = COLLECTING;
        } else if (e == CANCEL) {
            m->refunded += m->credit;
            m->credit = 0;
            m->state = IDLE;
        } else if ((e == SELECT_A && m->credit >= 35 && m->stock_a > 0) ||
                   (e == SELECT_B && m->credit >= 50 && m->stock_b > 0)) {
            int price = e == SELECT_A ? 35 : 50;
            if (e == SELECT_A)
                m->stock_a--;
            else
                m->stock_b--;
            m->refunded += m->credit - price;
            m->credit = 0;
            m->sold++;
            m->state = DISPENSING;
        }
        break;
    case DISPENSING:
        m->state = IDLE;
        step(m, e);
        break;
    }
}

long demo_vending(void)
{
    machine m = {IDLE, 0, 3, 2, 0, 0};
    unsigned x = 99;
    for (int i = 0; i < 300; i++) {
        x = x * 69069u + 1u;
        step(&m, (enum vevent)((x >> 20) % 8));
    }
    return m.sold * 100000L + m.refunded * 10 + m.state + m.stock_a + m.stock_b;
}
