/* Formatting bytes as a hex dump: offset, hex bytes, printable characters. */
#include <stdio.h>
#include <string.h>
#include "app.h"

static size_t hexdump_line(const unsigned char *p, size_t n, size_t offset, char *out)
{
    size_t o = (size_t)sprintf(out, "%08zx  ", offset);
    for (size_t i = 0; i < 16; i++)
        o += i < n ? (size_t)sprintf(out + o, "%02x ", p[i]) : (size_t)sprintf(out + o, "   ");
    out[o++] = '|';
    for (size_t i = 0; i < n; i++)
        out[o++] = p[i] >= 32 && p[i] < 127 ? (char)p[i] : '.';
    out[o++] = '|';
    out[o] = '\0';
    return o;
}

long demo_hexdump(void)
{
    unsigned char data[100];
    char line[96];
    for (int i = 0; i < 100; i++)
        data[i] = (unsigned char)(i * 7 + 20);
    long s = 0;
    for (size_t off = 0; off < sizeof data; off += 16) {
        size_t n = sizeof data - off < 16 ? sizeof data - off : 16;
        size_t len = hexdump_line(data + off, n, off, line);
        for (size_t i = 0; i < len; i++)
            s = (s * 131 + (unsigned char)line[i]) % 1000000007;
    }
    return s;
}
