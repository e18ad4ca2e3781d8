/* Edit distance between words, and the closest word of a dictionary (a spelling suggestion). */
#include <string.h>
#include "app.h"

static int edit_distance(const char *a, const char *b)
{
    int n = (int)strlen(a), m = (int)strlen(b);
    int row[64];
    if (m >= 64)
        return -1;
    for (int j = 0; j <= m; j++)
        row[j] = j;
    for (int i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= m; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

static int closest(const char *word, const char *const *dict, int n)
{
    int best = -1, best_d = 1 << 30;
    for (int i = 0; i < n; i++) {
        int d = edit_distance(word, dict[i]);
        if (d >= 0 && d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

long demo_levenshtein(void)
{
    static const char *const dict[] = {"compile", "compiler", "complete", "matrix", "multiply", "library",
                                       "kernel", "convolution", "vector", "product"};
    static const char *const typos[] = {"compyle", "matirx", "libary", "kernal", "convolushun", "vectr", "prodcut"};
    long s = 0;
    for (int i = 0; i < 7; i++)
        s = s * 11 + closest(typos[i], dict, 10) + edit_distance(typos[i], dict[i]);
    return s;
}
