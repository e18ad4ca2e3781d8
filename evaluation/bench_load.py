"""What loading the library costs, in time and in the original loops' work: the default of ATC_LOAD_WORK.

A program linked with the runtime times (1) a plain single-precision triple-loop GEMM built with `cc -O2`, the
shape of loop the rewrite replaces, in multiply-adds per millisecond, and (2) the first atc_worth_loading call
that loads the backend and its vendor library. Each is run --repeats times as a fresh process; medians are
printed, with the user's thread variables unset (the loader then starts the library on one thread) and with
OPENBLAS_NUM_THREADS=1 set.

    python evaluation/bench_load.py [--repeats 15] [--target openblas]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from atc import runtime  # noqa: E402

PROGRAM = r"""
#include <stdio.h>
#include <time.h>
int atc_worth_loading(double work);
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
__attribute__((noinline)) static void matmul(int n, const float *a, const float *b, float *c)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int p = 0; p < n; p++)
                s += a[i * n + p] * b[p * n + j];
            c[i * n + j] = s;
        }
}
static float a[64 * 64], b[64 * 64], c[64 * 64];
int main(void)
{
    for (int i = 0; i < 64 * 64; i++) { a[i] = (float)(i % 7) * 0.1f; b[i] = (float)(i % 5) * 0.2f; }
    volatile int size = 64;  /* unknown to the compiler, as the sizes of most kernels are */
    int n = size, reps = 40;
    double t0 = now_ms();
    float check = 0.0f;
    for (int r = 0; r < reps; r++) {  /* each call's input differs, so no call can be dropped as redundant */
        a[r] += 1.0f;
        matmul(n, a, b, c);
        check += c[r];
    }
    double loops = now_ms() - t0;
    t0 = now_ms();
    int loaded = atc_worth_loading(1e300);
    double load = now_ms() - t0;
    printf("%f %f %d %f\n", (double)n * n * n * reps / loops, load, loaded, check);
    return 0;
}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--target", default=runtime.DEFAULT_TARGET)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src, exe = Path(d) / "load.c", Path(d) / "load"
        src.write_text(PROGRAM)
        subprocess.run(["cc", "-O2", str(src), "-o", str(exe), *runtime.libs(args.target)], check=True)
        base = {k: v for k, v in os.environ.items()
                if k not in ("ATC_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "ATC_LOAD_WORK")}
        for label, extra in (("no thread variable set", {}), ("OPENBLAS_NUM_THREADS=1", {"OPENBLAS_NUM_THREADS": "1"})):
            rates, loads = [], []
            for _ in range(args.repeats):
                out = subprocess.run([str(exe)], env={**base, **extra}, capture_output=True, text=True, check=True)
                rate, load, loaded, _ = out.stdout.split()
                assert loaded == "1", out.stdout
                rates.append(float(rate))
                loads.append(float(load))
            rate, load = statistics.median(rates), statistics.median(loads)
            print(f"{label:24s} loops {rate:10.0f} multiply-adds/ms   load {load:6.2f} ms (min {min(loads):.2f}, "
                  f"max {max(loads):.2f})   load work {rate * load:10.0f} multiply-adds")


if __name__ == "__main__":
    main()
