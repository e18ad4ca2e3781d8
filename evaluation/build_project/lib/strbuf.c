/* A growable, always NUL-terminated string. */
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "app.h"

static void sb_reserve(strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 16;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->data = realloc(sb->data, cap);
    sb->cap = cap;
}

void sb_init(strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb_reserve(sb, 0);
    sb->data[0] = '\0';
}

void sb_free(strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void sb_putc(strbuf *sb, char c)
{
    sb_reserve(sb, 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    sb_reserve(sb, n);
    memcpy(sb->data + sb->len, s, n + 1);
    sb->len += n;
}

void sb_printf_int(strbuf *sb, long v)
{
    char tmp[24];
    int i = 0;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do {
        tmp[i++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[i++] = '-';
    while (i)
        sb_putc(sb, tmp[--i]);
}

long demo_strbuf(void)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = -50; i < 200; i += 7) {
        sb_printf_int(&sb, (long)i * i * i);
        sb_puts(&sb, ", ");
    }
    long h = (long)sb.len;
    for (size_t i = 0; i < sb.len; i++)
        h = (h * 31 + (unsigned char)sb.data[i]) % 1000000007;
    sb_free(&sb);
    return h & 0x7fffffff;
}
