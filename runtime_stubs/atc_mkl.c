/* Intel MKL backend, from the mkl / mkl-devel wheels: MKL's own CBLAS (unprefixed cblas_*, 32-bit MKL_INT)
 * through the single dynamic library libmkl_rt, which picks the CPU kernels and the threading layer at run
 * time (MKL_THREADING_LAYER, MKL_NUM_THREADS). Batched GEMM is cblas_?gemm_batch_strided. */
#include <mkl_cblas.h>
#include <mkl_service.h>

/* libmkl_rt reads MKL_INTERFACE_LAYER; this backend passes 32-bit integers whatever the environment says. */
static void atc_mkl_init(void)
{
    static int done;
    if (!done) {
        mkl_set_interface_layer(MKL_INTERFACE_LP64);
        done = 1;
    }
}

#define ATC_CBLAS_NAME "mkl"
#define ATC_CBLAS(fn) cblas_##fn
#define ATC_BLAS_INT MKL_INT
#define ATC_CBLAS_INIT() atc_mkl_init()
#define ATC_CBLAS_GEMM_BATCH_STRIDED
#include "atc_cblas.h"

/* ATC_NUM_THREADS (or OMP_NUM_THREADS, OPENBLAS_NUM_THREADS): the loader passes it on when it loads this file. */
void atc_backend_set_threads(int n) { mkl_set_num_threads(n); }
