/* An INI reader: [sections], key = value lines, ';' and '#' comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "app.h"

typedef void (*ini_handler)(void *ctx, const char *section, const char *key, const char *value);

static int ini_parse(const char *text, ini_handler handler, void *ctx)
{
    char line[128], section[64] = "";
    int lineno = 0, errors = 0;
    while (*text) {
        size_t n = strcspn(text, "\n");
        size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
        memcpy(line, text, k);
        line[k] = '\0';
        text += n + (text[n] == '\n');
        lineno++;
        char *s = str_trim(line);
        if (*s == '\0' || *s == ';' || *s == '#')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end) {
                errors++;
                continue;
            }
            *end = '\0';
            snprintf(section, sizeof section, "%s", str_trim(s + 1));
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            errors++;
            continue;
        }
        *eq = '\0';
        handler(ctx, section, str_trim(s), str_trim(eq + 1));
    }
    return errors;
}

static void collect(void *ctx, const char *section, const char *key, const char *value)
{
    strmap *m = ctx;
    char full[160];
    snprintf(full, sizeof full, "%s.%s", section, key);
    sm_put(m, full, atoi(value));
}

long demo_ini(void)
{
    const char *text = "; build settings\n[compiler]\nlevel = 2\nwarnings=1\n\n[link]\n  jobs = 8 \nbad line\n"
                       "[cache]\nsize=512 ; comment kept in value\n# done\n[broken\n";
    strmap m;
    sm_init(&m);
    int errors = ini_parse(text, collect, &m);
    int v;
    long s = errors;
    const char *keys[] = {"compiler.level", "compiler.warnings", "link.jobs", "cache.size", "link.level"};
    for (int i = 0; i < 5; i++)
        s = s * 1000 + (sm_get(&m, keys[i], &v) ? v : 999);
    sm_free(&m);
    return s % 1000000007;
}
