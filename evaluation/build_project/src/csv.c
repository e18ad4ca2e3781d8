/* Parsing CSV records: quoted fields, doubled quotes, empty fields. */
#include <string.h>
#include "app.h"

/* Splits one record into fields (copied into buf); returns the number of fields, -1 on an open quote. */
static int csv_fields(const char *line, char *buf, char **fields, int max_fields)
{
    int n = 0;
    const char *s = line;
    char *o = buf;
    for (;;) {
        if (n == max_fields)
            return n;
        fields[n++] = o;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '\0')
                    return -1;
                if (*s == '"' && s[1] == '"') {
                    *o++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    *o++ = *s++;
                }
            }
        }
        while (*s && *s != ',')
            *o++ = *s++;
        *o++ = '\0';
        if (*s != ',')
            return n;
        s++;
    }
}

long demo_csv(void)
{
    const char *rows[] = {"id,name,score", "1,\"Smith, J\",88", "2,Lee,", "3,\"say \"\"hi\"\"\",71", ",,", "4,\"open,9"};
    char buf[128];
    char *f[8];
    long s = 0;
    for (int i = 0; i < 6; i++) {
        int n = csv_fields(rows[i], buf, f, 8);
        s = s * 10 + n;
        for (int k = 0; k < n; k++)
            s += (long)strlen(f[k]) * (k + 1);
    }
    return s;
}
