/* Exact determinants of small integer matrices (Bareiss fraction-free elimination). */
#include <stdlib.h>
#include "app.h"

#define DMAX 8

static long det_bareiss(long m[DMAX][DMAX], int n)
{
    long sign = 1, prev = 1;
    for (int k = 0; k < n - 1; k++) {
        if (m[k][k] == 0) {
            int swap = -1;
            for (int i = k + 1; i < n && swap < 0; i++)
                if (m[i][k] != 0)
                    swap = i;
            if (swap < 0)
                return 0;
            for (int j = 0; j < n; j++) {
                long t = m[k][j];
                m[k][j] = m[swap][j];
                m[swap][j] = t;
            }
            sign = -sign;
        }
        for (int i = k + 1; i < n; i++)
            for (int j = k + 1; j < n; j++)
                m[i][j] = (m[i][j] * m[k][k] - m[i][k] * m[k][j]) / prev;
        prev = m[k][k];
    }
    return sign * m[n - 1][n - 1];
}

long demo_det(void)
{
    long s = 0;
    for (int n = 1; n <= 6; n++) {
        long m[DMAX][DMAX];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i][j] = ((i + 1) * (j + 2) * 7 + i * i - 3 * j) % 11 - 5;
        s = s * 100 + labs(det_bareiss(m, n)) % 97;
    }
    return s;
}
