/*
 * Double matrix-vector products with a two-column matrix (points times a 2x1 vector, as geometry code
 * projects 2-D points onto a direction): y[i] = p[2i] d[0] + p[2i+1] d[1]. Also readable as a 1-D
 * convolution with stride 2; it must run as a GEMV. Twin: the second coordinate squared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static unsigned int rng_state = 8261717u;

/* Small linear congruential generator: returns a value in [-1, 1). */
static double rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (double)(rng_state >> 8) / 8388608.0 - 1.0;
}

static void fill(double *x, int n)
{
    int i;
    for (i = 0; i < n; i++)
        x[i] = rnd();
}

static void report(const char *name, const double *x, int n)
{
    double s = 0.0, w = 0.0, a = 0.0;
    int i;
    for (i = 0; i < n; i++) {
        s += x[i];
        w += (double)x[i] * (double)(i % 7 + 1);
        a += fabs((double)x[i]);
    }
    printf("%s: n=%d sum=%.6g wsum=%.6g asum=%.6g\n", name, n, s, w, a);
    printf("%s: x[0]=%.5f x[%d]=%.5f x[%d]=%.5f\n", name, (double)x[0], n / 2, (double)x[n / 2], n - 1,
           (double)x[n - 1]);
}

void project_points(int npts, const double *pts, const double *dir, double *proj)
{
    for (int i = 0; i < npts; i++) {
        double s = 0.0;
        for (int c = 0; c < 2; c++)
            s += pts[i * 2 + c] * dir[c];
        proj[i] = s;
    }
}

void project_points_sq(int npts, const double *pts, const double *dir, double *proj)
{
    for (int i = 0; i < npts; i++)
        proj[i] = pts[i * 2] * dir[0] + pts[i * 2 + 1] * pts[i * 2 + 1] * dir[1];
}

int main(void)
{
    int npts = 5000;
    double *pts = malloc(sizeof(double) * npts * 2);
    double dir[2];
    double *proj = malloc(sizeof(double) * npts);
    if (!pts || !proj)
        return 1;
    fill(pts, npts * 2);
    fill(dir, 2);
    project_points(npts, pts, dir, proj);
    report("proj", proj, npts);
    project_points_sq(npts, pts, dir, proj);
    report("sq", proj, npts);
    free(pts);
    free(proj);
    return 0;
}
