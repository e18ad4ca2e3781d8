/* Small SSE helpers, header-only, as single-file libraries ship them. */
#ifndef SIMD_H
#define SIMD_H

#include <xmmintrin.h>

/* x[0..n) *= factor, four lanes at a time. */
static inline void simd_scale(float *x, int n, float factor)
{
    __m128 f = _mm_set1_ps(factor);
    int i = 0;
    for (; i + 4 <= n; i += 4)
        _mm_storeu_ps(x + i, _mm_mul_ps(_mm_loadu_ps(x + i), f));
    for (; i < n; i++)
        x[i] *= factor;
}

#endif
