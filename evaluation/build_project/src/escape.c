/* C string literal escaping and unescaping. */
#include <stdio.h>
#include <string.h>
#include "app.h"

static size_t escape_c(const char *in, char *out)
{
    size_t o = 0;
    for (; *in; in++) {
        unsigned char c = (unsigned char)*in;
        switch (c) {
        case '\n': out[o++] = '\\'; out[o++] = 'n'; break;
        case '\t': out[o++] = '\\'; out[o++] = 't'; break;
        case '"': out[o++] = '\\'; out[o++] = '"'; break;
        case '\\': out[o++] = '\\'; out[o++] = '\\'; break;
        default:
            if (c < 32 || c >= 127)
                o += (size_t)sprintf(out + o, "\\x%02x", c);
            else
                out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return o;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t unescape_c(const char *in, char *out)
{
    size_t o = 0;
    while (*in) {
        if (*in != '\\') {
            out[o++] = *in++;
            continue;
        }
        in++;
        switch (*in) {
        case 'n': out[o++] = '\n'; in++; break;
        case 't': out[o++] = '\t'; in++; break;
        case 'x':
            if (hex_digit(in[1]) >= 0 && hex_digit(in[2]) >= 0) {
                out[o++] = (char)(hex_digit(in[1]) * 16 + hex_digit(in[2]));
                in += 3;
                break;
            }
            /* fall through */
        default:
            if (*in)
                out[o++] = *in++;
        }
    }
    out[o] = '\0';
    return o;
}

long demo_escape(void)
{
    const char *samples[] = {"plain", "tab\there", "quote \"x\"", "back\\slash", "bell\a and \x7f", "line\nbreak"};
    char esc[128], back[128];
    long s = 0;
    for (int i = 0; i < 6; i++) {
        size_t n = escape_c(samples[i], esc);
        unescape_c(esc, back);
        s = s * 5 + (long)n + (strcmp(back, samples[i]) == 0) * 100;
    }
    return s;
}
