/* Portable reference backend: plain C loops, no dependencies. */
#include "atc_runtime.h"
#include "atc_trace.h"

const char *atc_backend(void) { return "reference"; }

void atc_sgemm(int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a, long lda,
               const float *b, long ldb, float beta, float *c, long ldc)
{
    ATC_TRACE("sgemm backend=reference m=%ld n=%ld k=%ld ta=%d tb=%d", m, n, k, trans_a, trans_b);
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++) {
            float sum = 0.0f;
            for (long p = 0; p < k; p++) {
                float x = trans_a ? a[p * lda + i] : a[i * lda + p];
                float y = trans_b ? b[j * ldb + p] : b[p * ldb + j];
                sum += x * y;
            }
            float *out = &c[i * ldc + j];
            *out = beta == 0.0f ? alpha * sum : alpha * sum + beta * *out;
        }
    }
}
