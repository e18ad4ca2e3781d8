"""Which conv1d implementation of the runtime is fastest for a shape: the taps loop (no workspace), im2col plus
a GEMM, or plain loops over the multiply-adds that meet the signal. The OpenBLAS backend's source is compiled
into one harness (gcc -O3, as the runtime is built; one BLAS thread); best of --repeats calls each, results
compared. The runtime's choice (ATC_CONV1D_TAPS_CHANNELS, ATC_CONV1D_TAPS_PADDED) is printed beside them.

    python evaluation/bench_conv1d_dispatch.py [--repeats 5] [--shape CI,CO,L,KW,PAD_BEFORE,PAD_AFTER ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from atc import runtime  # noqa: E402

HARNESS = r"""
#include "atc_openblas.c"
#include <math.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
/* the loops a user writes: every output, over the taps that meet the signal */
__attribute__((noinline)) static void loops(long ci, long co, long l, long kw, long pb, long ol, const double *in,
                                            const double *wt, double *out)
{
    for (long o = 0; o < co; o++)
        for (long t = 0; t < ol; t++) {
            long lo = t - pb < 0 ? pb - t : 0, hi = t - pb + kw > l ? l - t + pb : kw;
            double s = 0;
            for (long c = 0; c < ci; c++)
                for (long q = lo; q < hi; q++)
                    s += in[c * l + t - pb + q] * wt[(o * ci + c) * kw + q];
            out[o * ol + t] = s;
        }
}
int main(int argc, char **argv)
{
    long ci = atol(argv[1]), co = atol(argv[2]), l = atol(argv[3]), kw = atol(argv[4]), pb = atol(argv[5]);
    long pa = atol(argv[6]), repeats = atol(argv[7]), ol = l + pb + pa - kw + 1;
    double *in = malloc(sizeof(double) * ci * l), *wt = malloc(sizeof(double) * ci * co * kw);
    double *out = malloc(sizeof(double) * co * ol), *ref = malloc(sizeof(double) * co * ol);
    for (long i = 0; i < ci * l; i++) in[i] = (i % 13) * 0.1 - 0.6;
    for (long i = 0; i < ci * co * kw; i++) wt[i] = (i % 7) * 0.2 - 0.5;
    atc_backend_set_threads(1);
    atc_conv_geom g = atc_conv1d_geom(0, ci, co, l, kw, 1, pb, pa, 1);
    double best[3] = {1e30, 1e30, 1e30}, err = 0;
    for (long r = 0; r < repeats; r++) {
        double t0 = now();
        loops(ci, co, l, kw, pb, ol, in, wt, ref);
        double t1 = now();
        atc_dconv1d_taps(&g, in, wt, out);
        double t2 = now();
        for (long i = 0; i < co * ol; i++) err = fmax(err, fabs(out[i] - ref[i]));
        double t3 = now();
        atc_dconv_lowered(&g, in, wt, NULL, out);
        double t4 = now();
        for (long i = 0; i < co * ol; i++) err = fmax(err, fabs(out[i] - ref[i]));
        best[0] = fmin(best[0], t1 - t0), best[1] = fmin(best[1], t2 - t1), best[2] = fmin(best[2], t4 - t3);
    }
    printf("%.3f %.3f %.3f %s %.1e\n", best[0] * 1e3, best[1] * 1e3, best[2] * 1e3,
           atc_conv1d_by_taps(&g) ? "taps" : "im2col", err);
    return err > 1e-6;
}
"""

SHAPES = ["1,1,41,2500,2499,2499", "4,4,41,2500,2499,2499", "32,32,100,1000,999,999", "4,4,2500,41,40,40",
          "8,8,4000,9,4,4", "64,64,1000,3,1,1"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--shape", nargs="*", default=SHAPES)
    args = ap.parse_args()
    t = runtime.TARGET_TABLE["openblas"]
    with tempfile.TemporaryDirectory() as d:
        src, exe = Path(d) / "bench.c", Path(d) / "bench"
        src.write_text(HARNESS)
        subprocess.run(["gcc", "-O3", "-I", str(runtime.stubs_dir()), *t.includes(), *t.defines(), str(src), "-o",
                        str(exe), *runtime.vendor_link("openblas")], check=True)
        print("| CI x CO | L | KW | pad | loops (ms) | taps (ms) | im2col + GEMM (ms) | runtime takes |")
        print("|---|---:|---:|---|---:|---:|---:|---|")
        for shape in args.shape:
            ci, co, length, kw, before, after = shape.split(",")
            proc = subprocess.run([str(exe), ci, co, length, kw, before, after, str(args.repeats)],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"{shape}: results differ or the run failed: {proc.stdout}{proc.stderr}", file=sys.stderr)
                return 1
            loops, taps, im2col, choice, _ = proc.stdout.split()
            print(f"| {ci} x {co} | {length} | {kw} | {before},{after} | {loops} | {taps} | {im2col} | {choice} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
