/* Plane geometry on integer points: orientation, polygon area (shoelace), convex hull (monotone chain). */
#include <stdlib.h>
#include "app.h"

typedef struct {
    long x, y;
} point;

static long cross(point o, point a, point b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

static int by_x_then_y(const void *pa, const void *pb)
{
    const point *a = pa, *b = pb;
    return a->x != b->x ? (a->x > b->x) - (a->x < b->x) : (a->y > b->y) - (a->y < b->y);
}

static int convex_hull(point *p, int n, point *hull)
{
    qsort(p, (size_t)n, sizeof *p, by_x_then_y);
    int k = 0;
    for (int i = 0; i < n; i++) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], p[i]) <= 0)
            k--;
        hull[k++] = p[i];
    }
    for (int i = n - 2, low = k + 1; i >= 0; i--) {
        while (k >= low && cross(hull[k - 2], hull[k - 1], p[i]) <= 0)
            k--;
        hull[k++] = p[i];
    }
    return k - 1;
}

static long twice_area(const point *p, int n)
{
    long a = 0;
    for (int i = 0; i < n; i++)
        a += p[i].x * p[(i + 1) % n].y - p[(i + 1) % n].x * p[i].y;
    return labs(a);
}

long demo_geometry(void)
{
    point pts[200], hull[400];
    unsigned s = 3;
    for (int i = 0; i < 200; i++) {
        s = s * 1103515245u + 12345u;
        pts[i].x = (long)((s >> 16) % 1000);
        s = s * 1103515245u + 12345u;
        pts[i].y = (long)((s >> 16) % 1000);
    }
    int h = convex_hull(pts, 200, hull);
    return twice_area(hull, h) * 100 + h;
}
