/* Reading lines from a buffer that arrives in chunks, as from a socket or a pipe. */
#include <string.h>
#include "app.h"

typedef struct {
    char pending[80];
    size_t len;
    long lines, longest, truncated;
} line_reader;

static void on_line(line_reader *r, const char *line, size_t n)
{
    r->lines++;
    if ((long)n > r->longest)
        r->longest = (long)n;
    (void)line;
}

static void feed_chunk(line_reader *r, const char *chunk, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
            on_line(r, r->pending, r->len);
            r->len = 0;
        } else if (r->len < sizeof r->pending) {
            r->pending[r->len++] = chunk[i];
        } else {
            r->truncated++;
        }
    }
}

long demo_linebuf(void)
{
    char text[1200];
    size_t n = 0;
    for (int i = 0; i < 60 && n < sizeof text - 120; i++) {
        int width = (i * 17) % 100;
        memset(text + n, 'a' + i % 26, (size_t)width);
        n += (size_t)width;
        text[n++] = '\n';
    }
    line_reader r;
    memset(&r, 0, sizeof r);
    for (size_t off = 0, step = 1; off < n; off += step, step = step % 37 + 5)
        feed_chunk(&r, text + off, off + step <= n ? step : n - off);
    return r.lines * 100000 + r.longest * 1000 + r.truncated;
}
