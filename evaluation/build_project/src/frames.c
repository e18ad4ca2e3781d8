/* A framed serial protocol decoder: SOF, length, payload with byte stuffing, XOR checksum. */
#include "app.h"

#define SOF 0x7e
#define ESC 0x7d

enum fstate { WAIT_SOF, READ_LEN, READ_PAYLOAD, READ_ESCAPED, READ_SUM };

typedef struct {
    enum fstate state;
    unsigned char payload[64];
    int len, got, sum;
    int frames_ok, frames_bad;
    long payload_total;
} decoder;

static void feed(decoder *d, unsigned char b)
{
    if (b == SOF && d->state != READ_SUM) {
        d->state = READ_LEN;
        return;
    }
    switch (d->state) {
    case WAIT_SOF:
        break;
    case READ_LEN:
        d->len = b;
        d->got = d->sum = 0;
        d->state = b == 0 ? READ_SUM : b > 64 ? WAIT_SOF : READ_PAYLOAD;
        break;
    case READ_PAYLOAD:
        if (b == ESC) {
            d->state = READ_ESCAPED;
            break;
        }
        /* fall through */
    case READ_ESCAPED:
        if (d->state == READ_ESCAPED)
            b ^= 0x20;
        d->payload[d->got++] = b;
        d->sum ^= b;
        d->state = d->got == d->len ? READ_SUM : READ_PAYLOAD;
        break;
    case READ_SUM:
        if (b == d->sum) {
            d->frames_ok++;
            for (int i = 0; i < d->len; i++)
                d->payload_total += d->payload[i];
        } else {
            d->frames_bad++;
        }
        d->state = WAIT_SOF;
        break;
    }
}

static int encode(const unsigned char *p, int n, unsigned char *out)
{
    int o = 0, sum = 0;
    out[o++] = SOF;
    out[o++] = (unsigned char)n;
    for (int i = 0; i < n; i++) {
        sum ^= p[i];
        if (p[i] == SOF || p[i] == ESC) {
            out[o++] = ESC;
            out[o++] = p[i] ^ 0x20;
        } else {
            out[o++] = p[i];
        }
    }
    out[o++] = (unsigned char)sum;
    return o;
}

long demo_frames(void)
{
    decoder d = {WAIT_SOF};
    unsigned char p[40], wire[100];
    for (int f = 0; f < 30; f++) {
        int n = f % 40;
        for (int i = 0; i < n; i++)
            p[i] = (unsigned char)(f * 13 + i * 29);
        int w = encode(p, n, wire);
        if (f % 7 == 3)
            wire[w - 1] ^= 1;  /* a corrupted checksum */
        for (int i = 0; i < w; i++)
            feed(&d, wire[i]);
        feed(&d, 0x55);        /* line noise between frames */
    }
    return d.frames_ok * 1000000L + d.frames_bad * 10000L + d.payload_total;
}
