/* In-place string helpers: trimming, splitting, case. */
#include <ctype.h>
#include <string.h>
#include "core.h"
#include "app.h"

char *str_trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

int str_split(char *s, char sep, char **parts, int max_parts)
{
    int n = 0;
    if (max_parts <= 0)
        return 0;
    parts[n++] = s;
    for (; *s; s++)
        if (*s == sep && n < max_parts) {
            *s = '\0';
            parts[n++] = s + 1;
        }
    return n;
}

int str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

void str_lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

long demo_strutil(void)
{
    char line[] = "  Name=ATC ; Kind=Compiler;Version = 0.1 ;  Flags=-O2 -Wall  ";
    char *parts[8];
    long s = 0;
    int n = str_split(str_trim(line), ';', parts, 8);
    for (int i = 0; i < n; i++) {
        char *p = str_trim(parts[i]);
        str_lower(p);
        s = s * 7 + (long)strlen(p) + (str_starts_with(p, "version") ? 100 : 0);
    }
    return s + n;
}
