/* ATC runtime: entry points that rewritten code calls, and the inline guards it tests first.
 * All matrices are row-major; a transpose flag of 1 means the operand is stored transposed. */
#ifndef ATC_RUNTIME_H
#define ATC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <limits.h>

/* Work (multiply-adds) below which the original loops run: the library call costs more than it saves.
 * Measured by evaluation/bench_gemm.py; override with -DATC_MIN_WORK=... */
#ifndef ATC_MIN_WORK
#define ATC_MIN_WORK 4096.0
#endif

void atc_sgemm(int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a, long lda,
               const float *b, long ldb, float beta, float *c, long ldc);

/* Name of the backend linked in ("openblas", "reference"). */
const char *atc_backend(void);

/* 1 when the byte ranges [p, p+pn) and [q, q+qn) do not overlap. */
static inline int atc_disjoint(const void *p, double pn, const void *q, double qn)
{
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)q;
    return (double)a + pn <= (double)b || (double)b + qn <= (double)a;
}

/* 1 when every size is positive and fits the library's 32-bit integers. */
static inline int atc_sizes_ok(double x) { return x >= 1.0 && x <= (double)INT_MAX; }

#endif
