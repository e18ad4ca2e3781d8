"""Original vs ATC-rewritten vs direct library call, for the ops beyond single-precision GEMM.

    python evaluation/bench_ops.py [--repeats 3]

For each op a naive C kernel is compiled plainly (cc -O2) and with `atc cc -O2`, and a third program calls
OpenBLAS directly; all three run alternately in one run of this script, and the best time per call is kept.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import scipy_openblas32

HARNESS = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cblas.h>
typedef %(T)s T;
%(KERNEL)s
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
int main(int argc, char **argv) {
  long n = atol(argv[1]), reps = atol(argv[2]);
  T *a = malloc(sizeof(T) * %(SIZE_A)s), *x = malloc(sizeof(T) * %(SIZE_X)s), *y = malloc(sizeof(T) * %(SIZE_Y)s);
  for (long i = 0; i < %(SIZE_A)s; i++) a[i] = (T)((i * 7) %% 13) / 13 - 0.5;
  for (long i = 0; i < %(SIZE_X)s; i++) x[i] = (T)((i * 5) %% 11) / 11 - 0.5;
  for (long i = 0; i < %(SIZE_Y)s; i++) y[i] = 0;
  volatile double sink = 0;
  sink += %(CALL)s;
  double best = 1e30;
  for (long r = 0; r < reps; r++) { double t0 = now(); sink += %(CALL)s; double t = now() - t0; if (t < best) best = t; }
  double check = 0; for (long i = 0; i < %(SIZE_Y)s; i++) check += y[i] * (i %% 7 + 1);
  printf("%%.9g %%.9g\n", best, check + 0 * sink);
  return 0;
}
"""

OPS = {
    "sgemv": dict(T="float", SIZE_A="n * n", SIZE_X="n", SIZE_Y="n", CALL="(kernel(n, n, a, x, y), 0)",
                  naive="void kernel(long m, long k, const T *A, const T *x, T *y) { for (long i = 0; i < m; i++) "
                        "{ T s = 0; for (long j = 0; j < k; j++) s += A[i * k + j] * x[j]; y[i] = s; } }",
                  direct="void kernel(long m, long k, const T *A, const T *x, T *y) { scipy_cblas_sgemv(CblasRowMajor,"
                         " CblasNoTrans, m, k, 1.0f, A, k, x, 1, 0.0f, y, 1); }",
                  sizes=(256, 1024, 4096), flops=lambda n: 2 * n * n),
    "dgemm": dict(T="double", SIZE_A="n * n", SIZE_X="n * n", SIZE_Y="n * n", CALL="(kernel(n, a, x, y), 0)",
                  naive="void kernel(long n, const T *A, const T *B, T *C) { for (long i = 0; i < n; i++) "
                        "for (long j = 0; j < n; j++) { T s = 0; for (long k = 0; k < n; k++) "
                        "s += A[i * n + k] * B[k * n + j]; C[i * n + j] = s; } }",
                  direct="void kernel(long n, const T *A, const T *B, T *C) { scipy_cblas_dgemm(CblasRowMajor, "
                         "CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A, n, B, n, 0.0, C, n); }",
                  sizes=(128, 512), flops=lambda n: 2 * n ** 3),
    "sdot": dict(T="float", SIZE_A="1", SIZE_X="n", SIZE_Y="n", CALL="kernel(n, x, x)",
                 naive="T kernel(long n, const T *x, const T *y) { T s = 0; for (long i = 0; i < n; i++) s += x[i] * y[i];"
                       " return s; }",
                 direct="T kernel(long n, const T *x, const T *y) { return scipy_cblas_sdot(n, x, 1, y, 1); }",
                 sizes=(100000, 4000000), flops=lambda n: 2 * n),
}


def build(tmp, name, kernel, spec, atc: bool) -> str:
    src = Path(tmp) / f"{name}.c"
    src.write_text(HARNESS % {**spec, "KERNEL": kernel})
    exe = str(Path(tmp) / name)
    inc, lib = scipy_openblas32.get_include_dir(), scipy_openblas32.get_lib_dir()
    cc = [sys.executable, "-m", "atc.cli", "cc"] if atc else ["cc"]
    subprocess.run(cc + ["-O2", f"-I{inc}", str(src), "-o", exe, f"-L{lib}", f"-Wl,-rpath,{lib}", "-lscipy_openblas",
                         "-lm"], check=True, capture_output=True, env={**os.environ, "ATC_CACHE_DIR": str(tmp)})
    return exe


def run(exe, n, reps):
    env = {k: v for k, v in os.environ.items() if k != "ATC_TRACE"}
    best, check = subprocess.run([exe, str(n), str(reps)], check=True, capture_output=True, text=True,
                                 env=env).stdout.split()
    return float(best), float(check)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"{'op':6} {'n':>8} {'original':>12} {'rewritten':>12} {'direct':>12} {'rew/orig':>9} {'rew/dir':>8}   (GFLOP/s)")
    with tempfile.TemporaryDirectory() as tmp:
        for op, spec in OPS.items():
            exes = {k: build(tmp, f"{op}_{k}", spec[k if k != "atc" else "naive"], spec, k == "atc")
                    for k in ("naive", "atc", "direct")}
            trace = subprocess.run([exes["atc"], str(spec["sizes"][0]), "1"], capture_output=True, text=True,
                                   env={**os.environ, "ATC_TRACE": "1"}).stderr
            assert "atc-trace" in trace, f"{op}: the rewritten program does not call the library"
            for n in spec["sizes"]:
                best = {}
                for _ in range(args.repeats):
                    for k, exe in exes.items():
                        t, check = run(exe, n, args.repeats)
                        best[k] = min(best.get(k, (1e30, check)), (t, check))
                checks = [c for _, c in best.values()]
                if max(checks) - min(checks) > 1e-3 * max(1.0, abs(max(checks))):
                    raise SystemExit(f"{op} n={n}: results differ {checks}")
                g = {k: spec["flops"](n) / t / 1e9 for k, (t, _) in best.items()}
                print(f"{op:6} {n:>8} {g['naive']:12.2f} {g['atc']:12.2f} {g['direct']:12.2f} "
                      f"{g['atc'] / g['naive']:9.1f} {g['atc'] / g['direct']:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
