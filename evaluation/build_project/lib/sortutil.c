/* Sorting and searching arrays of ints. */
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "app.h"

void insertion_sort_ints(int *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int x = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > x) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
}

static void merge_runs(int *a, int *tmp, size_t lo, size_t mid, size_t hi)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
    while (i < mid)
        tmp[k++] = a[i++];
    while (j < hi)
        tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
}

void merge_sort_ints(int *a, size_t n)
{
    int *tmp = malloc(n * sizeof *a);
    for (size_t lo = 0; lo < n; lo += 16)
        insertion_sort_ints(a + lo, n - lo < 16 ? n - lo : 16);
    for (size_t width = 16; width < n; width *= 2)
        for (size_t lo = 0; lo + width < n; lo += 2 * width)
            merge_runs(a, tmp, lo, lo + width, lo + 2 * width < n ? lo + 2 * width : n);
    free(tmp);
}

int is_sorted_ints(const int *a, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (a[i - 1] > a[i])
            return 0;
    return 1;
}

size_t lower_bound_ints(const int *a, size_t n, int key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

long demo_sort(void)
{
    enum { N = 3000 };
    static int a[N];
    unsigned x = 7;
    for (int i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        a[i] = (int)(x % 100000);
    }
    merge_sort_ints(a, N);
    long s = is_sorted_ints(a, N);
    for (int k = 0; k < 100000; k += 9973)
        s = s * 3 + (long)lower_bound_ints(a, N, k);
    return s;
}
