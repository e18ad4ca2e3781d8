/* Shared by the backends: with ATC_TRACE set in the environment, each library call is logged on stderr. */
#ifndef ATC_TRACE_H
#define ATC_TRACE_H
#include <stdio.h>
#include <stdlib.h>

static int atc_trace_on(void)
{
    static int state = -1;
    if (state < 0) {
        const char *v = getenv("ATC_TRACE");
        state = v != NULL && *v != '\0' && *v != '0';
    }
    return state;
}

#define ATC_TRACE(...) do { if (atc_trace_on()) { fprintf(stderr, "atc-trace: " __VA_ARGS__); fputc('\n', stderr); } } while (0)
#endif
