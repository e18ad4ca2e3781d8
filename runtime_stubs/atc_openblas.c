/* OpenBLAS backend, from the scipy-openblas32 wheel (its CBLAS symbols carry the scipy_ prefix). */
#include <cblas.h>
#define ATC_CBLAS_NAME "openblas"
#define ATC_CBLAS(fn) scipy_cblas_##fn
#define ATC_BLAS_INT blasint
#define ATC_CBLAS_INIT() ((void)0)
#include "atc_cblas.h"

/* ATC_NUM_THREADS (or OMP_NUM_THREADS, OPENBLAS_NUM_THREADS): the loader passes it on when it loads this file. */
void atc_backend_set_threads(int n) { scipy_openblas_set_num_threads(n); }
