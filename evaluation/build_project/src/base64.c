/* Base64 encoding and decoding (RFC 4648 alphabet, with padding). */
#include <string.h>
#include "app.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
        out[o++] = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? alphabet[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

static int b64_value(char c)
{
    const char *p = strchr(alphabet, c);
    return c && p ? (int)(p - alphabet) : -1;
}

static long b64_decode(const char *in, unsigned char *out)
{
    size_t n = strlen(in), o = 0;
    if (n % 4)
        return -1;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++)
            v[k] = in[i + k] == '=' ? 0 : b64_value(in[i + k]);
        if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
            return -1;
        unsigned w = (unsigned)(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
        out[o++] = (unsigned char)(w >> 16);
        if (in[i + 2] != '=')
            out[o++] = (unsigned char)(w >> 8);
        if (in[i + 3] != '=')
            out[o++] = (unsigned char)w;
    }
    return (long)o;
}

long demo_base64(void)
{
    unsigned char data[200], back[200];
    char text[300];
    long s = 0;
    for (int len = 0; len < 200; len += 13) {
        for (int i = 0; i < len; i++)
            data[i] = (unsigned char)(i * 31 + len);
        size_t n = b64_encode(data, (size_t)len, text);
        long m = b64_decode(text, back);
        s += (long)n + (m == len && memcmp(data, back, (size_t)len) == 0) * 1000 + text[n / 2];
    }
    return s + b64_decode("not*valid", back);
}
