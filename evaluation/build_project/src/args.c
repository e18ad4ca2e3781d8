/* Command-line option parsing: short flags, bundled flags, options with values, "--" and positionals. */
#include <stdlib.h>
#include <string.h>
#include "app.h"

typedef struct {
    int verbose, jobs, force;
    const char *output;
    const char *positional[8];
    int npositional;
    int errors;
} options;

static void parse_options(int argc, const char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_positional || a[0] != '-' || a[1] == '\0') {
            if (o->npositional < 8)
                o->positional[o->npositional++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_positional = 1;
        } else if (strncmp(a, "--output=", 9) == 0) {
            o->output = a + 9;
        } else if (strcmp(a, "--jobs") == 0 && i + 1 < argc) {
            o->jobs = atoi(argv[++i]);
        } else if (a[1] == '-') {
            o->errors++;
        } else {
            for (const char *c = a + 1; *c; c++) {
                if (*c == 'v')
                    o->verbose++;
                else if (*c == 'f')
                    o->force = 1;
                else if (*c == 'o') {
                    o->output = c[1] ? c + 1 : i + 1 < argc ? argv[++i] : NULL;
                    break;
                } else
                    o->errors++;
            }
        }
    }
}

long demo_args(void)
{
    const char *argv1[] = {"prog", "-vvf", "in.txt", "--jobs", "4", "-oout.bin", "--", "-notaflag"};
    const char *argv2[] = {"prog", "--output=x", "-q", "--bogus", "-", "-v", "-o", "y"};
    options a, b;
    parse_options(8, argv1, &a);
    parse_options(8, argv2, &b);
    long s = a.verbose * 1000 + a.jobs * 100 + a.force * 10 + a.npositional + a.errors * 7;
    s = s * 100 + b.verbose * 10 + b.npositional + b.errors * 3 + (long)strlen(b.output ? b.output : "");
    return s * 10 + (long)strlen(a.output ? a.output : "");
}
