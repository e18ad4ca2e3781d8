/* OpenBLAS backend, from the scipy-openblas32 wheel (its CBLAS symbols carry the scipy_ prefix). */
#include <cblas.h>
#define ATC_CBLAS_NAME "openblas"
#define ATC_CBLAS(fn) scipy_cblas_##fn
#define ATC_BLAS_INT blasint
#define ATC_CBLAS_INIT() ((void)0)
#include "atc_cblas.h"
