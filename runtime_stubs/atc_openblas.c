/* OpenBLAS backend, from the scipy-openblas32 wheel (its CBLAS symbols carry the scipy_ prefix). */
#include "atc_runtime.h"
#include "atc_trace.h"
#include <cblas.h>

const char *atc_backend(void) { return "openblas"; }

void atc_sgemm(int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a, long lda,
               const float *b, long ldb, float beta, float *c, long ldc)
{
    ATC_TRACE("sgemm backend=openblas m=%ld n=%ld k=%ld ta=%d tb=%d", m, n, k, trans_a, trans_b);
    scipy_cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                      (blasint)m, (blasint)n, (blasint)k, alpha, a, (blasint)lda, b, (blasint)ldb, beta, c,
                      (blasint)ldc);
}
