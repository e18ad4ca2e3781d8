/* Piecewise-linear lookup tables: find the segment by binary search, interpolate within it. */
#include "app.h"

typedef struct {
    const double *xs, *ys;
    int n;
} table1d;

static double lookup(const table1d *t, double x)
{
    if (x <= t->xs[0])
        return t->ys[0];
    if (x >= t->xs[t->n - 1])
        return t->ys[t->n - 1];
    int lo = 0, hi = t->n - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (t->xs[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    double f = (x - t->xs[lo]) / (t->xs[hi] - t->xs[lo]);
    return t->ys[lo] + f * (t->ys[hi] - t->ys[lo]);
}

long demo_interp(void)
{
    static const double temp[] = {-40, -10, 0, 25, 60, 100, 150};
    static const double resist[] = {336.1, 55.3, 32.6, 10.0, 2.49, 0.68, 0.18};
    table1d t = {temp, resist, 7};
    double s = 0.0;
    for (int i = -50; i <= 160; i += 5)
        s += lookup(&t, i);
    return (long)(s * 1000.0 + 0.5);
}
