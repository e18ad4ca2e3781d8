/* Portable reference backend: plain C loops, no dependencies. */
#include "atc_loops.h"
#include "atc_conv_lowering.h"

const char *atc_backend(void) { return "reference"; }

#define ATC_REFERENCE(p, T)                                                                               \
    ATC_LOOP_GEMM_API(p, T, atc_##p##loop_gemm, atc_##p##loop_gemv, "reference", "")                     \
    ATC_LOOP_BLAS1_API(p, T, "reference", "")                                                             \
    ATC_BIAS_API(p, T, "reference")                                                                       \
    ATC_CONV_DIRECT_API(p, T, "reference") /* one output element at a time */

ATC_REFERENCE(s, float)
ATC_REFERENCE(d, double)
ATC_LOOP_DSDOT_API("reference", "")
