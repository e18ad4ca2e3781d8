/* Descriptive statistics of integer samples: mean, variance (Welford), median, mode. */
#include <stdlib.h>
#include "core.h"
#include "app.h"

typedef struct {
    long n;
    double mean, m2;
} running;

static void running_add(running *r, double x)
{
    r->n++;
    double d = x - r->mean;
    r->mean += d / (double)r->n;
    r->m2 += d * (x - r->mean);
}

static int median_of(int *v, size_t n)
{
    merge_sort_ints(v, n);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int mode_of(const int *sorted, size_t n)
{
    int best = sorted[0], best_run = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = i && sorted[i] == sorted[i - 1] ? run + 1 : 1;
        if (run > best_run) {
            best_run = run;
            best = sorted[i];
        }
    }
    return best;
}

long demo_stats(void)
{
    enum { N = 999 };
    int v[N];
    running r = {0, 0.0, 0.0};
    unsigned x = 5;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        v[i] = (int)((x >> 16) % 50) + (int)((x >> 8) % 50);
        running_add(&r, v[i]);
    }
    int med = median_of(v, N);
    long var = (long)(r.m2 / (double)(r.n - 1) + 0.5);
    return (long)(r.mean * 100 + 0.5) * 1000000 + var * 1000 + med * 10 + mode_of(v, N) % 10;
}
