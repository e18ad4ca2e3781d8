/* Runs every module's demo and prints one checksum per module. */
#include <stdio.h>
#include "app.h"

typedef struct {
    const char *name;
    long (*run)(void);
} int_demo;

typedef struct {
    const char *name;
    double (*run)(void);
} real_demo;

int main(void)
{
    static const int_demo ints[] = {
        {"strbuf", demo_strbuf}, {"vec", demo_vec}, {"hashmap", demo_hashmap}, {"list", demo_list},
        {"heap", demo_heap}, {"ringbuf", demo_ringbuf}, {"bitset", demo_bitset}, {"arena", demo_arena},
        {"intern", demo_intern}, {"strutil", demo_strutil}, {"sort", demo_sort}, {"utf8", demo_utf8},
        {"base64", demo_base64}, {"escape", demo_escape}, {"wildcard", demo_wildcard},
        {"levenshtein", demo_levenshtein}, {"lexer", demo_lexer}, {"expr", demo_expr}, {"csv", demo_csv},
        {"ini", demo_ini}, {"args", demo_args}, {"numparse", demo_numparse}, {"date", demo_date},
        {"vending", demo_vending}, {"frames", demo_frames}, {"tokenfsm", demo_tokenfsm}, {"crc32", demo_crc32},
        {"adler", demo_adler}, {"linebuf", demo_linebuf}, {"fnv", demo_fnv}, {"hexdump", demo_hexdump},
        {"stats", demo_stats}, {"fixedpoint", demo_fixedpoint}, {"primes", demo_primes},
        {"rational", demo_rational}, {"interp", demo_interp}, {"rng", demo_rng}, {"poly", demo_poly},
        {"geometry", demo_geometry}, {"det", demo_det}, {"bits", demo_bits},
    };
    static const real_demo reals[] = {
        {"dense", demo_dense}, {"gemv", demo_gemv}, {"dot", demo_dot}, {"axpy", demo_axpy}, {"fir", demo_fir},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        printf("%-12s %ld\n", ints[i].name, ints[i].run());
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++)
        printf("%-12s %.6f\n", reals[i].name, reals[i].run());
    return 0;
}
