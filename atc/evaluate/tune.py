"""`atc tune`: from how much work does the library beat the original loops, per op, on this machine?

For each op class, one program times a plain loop nest (as users write it, compiled like their code) against
the runtime's entry point for growing sizes, both in the same process so they see the same machine state. The
threshold stored for an op is the smallest work (multiply-adds) from which the library is faster at every
larger size tried; when it never is, the op keeps its original loops (an unreachable threshold). Results are
stored per target; code rewritten for that target is compiled with -DATC_MIN_WORK_<OP>=<threshold>. Untuned,
the header's default (ATC_MIN_WORK) applies to every op.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from .. import runtime

NEVER = 1e15  # a threshold no call reaches: the library never beat the loops

PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "atc_runtime.h"
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static float *a, *b, *c;
/* the plain loops, as user code writes them */
__attribute__((noinline)) static void gemm(long n) {
  for (long i = 0; i < n; i++) for (long j = 0; j < n; j++) { float s = 0;
    for (long k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j]; c[i * n + j] = s; } }
__attribute__((noinline)) static void gemv(long n) {
  for (long i = 0; i < n; i++) { float s = 0; for (long j = 0; j < n; j++) s += a[i * n + j] * b[j]; c[i] = s; } }
__attribute__((noinline)) static void axpy(long n) { for (long i = 0; i < n; i++) c[i] += 0.5f * a[i]; }
__attribute__((noinline)) static float dot(long n) { float s = 0; for (long i = 0; i < n; i++) s += a[i] * b[i]; return s; }
#define TAPS 16
__attribute__((noinline)) static void conv1d(long n) {
  for (long t = 0; t < n; t++) { float s = 0; for (long q = 0; q < TAPS; q++) s += b[q] * a[t + q]; c[t] = s; } }
#define CH 8
__attribute__((noinline)) static void conv2d(long n) { /* CH -> CH channels, n x n, 3x3, no padding */
  long o = n - 2;
  for (long k = 0; k < CH; k++) for (long y = 0; y < o; y++) for (long x = 0; x < o; x++) { float s = 0;
    for (long ch = 0; ch < CH; ch++) for (long i = 0; i < 3; i++) for (long j = 0; j < 3; j++)
      s += a[(ch * n + y + i) * n + x + j] * b[((k * CH + ch) * 3 + i) * 3 + j];
    c[(k * o + y) * o + x] = s; } }
static volatile float sink;
static int run(const char *op, long n, int lib) {
  float r;
  if (!strcmp(op, "gemm")) return lib ? atc_sgemm(0, 0, n, n, n, 1, a, n, b, n, 0, c, n) : (gemm(n), 1);
  if (!strcmp(op, "gemv")) return lib ? atc_sgemv(0, n, n, 1, a, n, b, 1, 0, c, 1) : (gemv(n), 1);
  if (!strcmp(op, "axpy")) return lib ? atc_saxpy(n, 0.5f, a, 1, c, 1) : (axpy(n), 1);
  if (!strcmp(op, "dot")) { int ok = lib ? atc_sdot(n, a, 1, b, 1, &r) : (r = dot(n), 1); sink = r; return ok; }
  if (!strcmp(op, "conv1d")) return lib ? atc_sconv1d(0, 1, 1, n + TAPS - 1, TAPS, 1, 0, 0, 1, a, b, c) : (conv1d(n), 1);
  if (!strcmp(op, "conv2d")) return lib ? atc_sconv2d(0, 0, 1, CH, n, n, CH, 3, 3, 1, 1, 0, 0, 1, 1, 1, a, b, 0, c) : (conv2d(n), 1);
  return 0;
}
int main(int argc, char **argv) {
  a = calloc(1 << 22, sizeof(float)), b = calloc(1 << 22, sizeof(float)), c = calloc(1 << 22, sizeof(float));
  for (int i = 0; i < (1 << 22); i++) { a[i] = (float)(i % 7) / 7; b[i] = (float)(i % 5) / 5; }
  for (int arg = 2; arg < argc; arg++) {
    const char *op = argv[1];
    long n = atol(argv[arg]);
    if (!run(op, n, 1)) { printf("%ld -1 -1\n", n); continue; } /* loads the backend; declined: no library path */
    double t0 = now(); run(op, n, 0); double once = now() - t0 + 1e-7;
    long reps = (long)(2e-3 / once) + 1;
    double best_plain = 1e9, best_lib = 1e9;
    for (int round = 0; round < 5; round++) {
      double t1 = now();
      for (long r = 0; r < reps; r++) run(op, n, 0);
      double t2 = now();
      for (long r = 0; r < reps; r++) run(op, n, 1);
      double t3 = now();
      if ((t2 - t1) / reps < best_plain) best_plain = (t2 - t1) / reps;
      if ((t3 - t2) / reps < best_lib) best_lib = (t3 - t2) / reps;
    }
    printf("%ld %.9g %.9g\n", n, best_plain, best_lib);
  }
  return 0;
}
"""

# op -> (sizes tried, work of size n in multiply-adds)
OPS = {
    "gemm": ((2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128), lambda n: n ** 3),
    "gemv": ((4, 8, 16, 32, 64, 128, 256, 512, 1024), lambda n: n ** 2),
    "axpy": ((16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576), lambda n: n),
    "dot": ((16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576), lambda n: n),
    "conv1d": ((16, 64, 256, 1024, 4096, 16384, 65536, 262144), lambda n: n * 16),
    "conv2d": ((5, 8, 12, 16, 24, 32, 48, 64, 96), lambda n: 8 * 8 * 9 * (n - 2) ** 2),
}
# ops measured through another: a batch of GEMMs behaves like its GEMMs
ALIASES = {"batched_gemm": "gemm"}


def measure(target: str = runtime.DEFAULT_TARGET, ops=tuple(OPS)) -> dict:
    """{op: [(n, work, original seconds per call, library seconds per call or -1 when declined)]}."""
    with tempfile.TemporaryDirectory(prefix="atc-tune-") as d:
        src, exe = os.path.join(d, "tune.c"), os.path.join(d, "tune")
        Path(src).write_text(PROGRAM)
        flags = [f for f in runtime.cflags(target) if not f.startswith("-DATC_MIN_WORK")]
        subprocess.run([runtime.real_cc(), "-O2", *flags, src, "-o", exe, *runtime.libs(target)],
                       check=True, capture_output=True)
        env = {k: v for k, v in os.environ.items() if k != "ATC_TRACE"}
        out = {}
        for op in ops:
            sizes, work = OPS[op]
            text = subprocess.run([exe, op, *map(str, sizes)], check=True, capture_output=True, text=True,
                                  env=env).stdout
            out[op] = [(int(n), work(int(n)), float(p), float(lib))
                       for n, p, lib in (line.split() for line in text.splitlines())]
    return out


def crossover(rows) -> float:
    """Smallest work from which the library wins at every larger size measured (NEVER when it never wins)."""
    winning = NEVER
    for _, work, plain, lib in sorted(rows, key=lambda r: r[1], reverse=True):
        if 0 <= lib < plain:
            winning = float(work)
        else:
            break
    return winning


def stored_path(target: str) -> Path:
    return runtime.cache_dir() / f"tune-{target}.json"


def stored(target: str) -> dict:
    """{ATC_MIN_WORK_<OP>: multiply-adds} measured for this target by `atc tune`; empty when not tuned."""
    try:
        data = json.loads(stored_path(target).read_text())
        return {f"ATC_MIN_WORK_{op.upper()}": float(w) for op, w in data["min_work"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def tune(target: str = runtime.DEFAULT_TARGET) -> dict:
    rows = measure(target)
    thresholds = {op: crossover(r) for op, r in rows.items()}
    thresholds.update({alias: thresholds[op] for alias, op in ALIASES.items()})
    result = {"target": target, "min_work": thresholds,
              "measurements": {op: [{"n": n, "work": w, "original_s": p, "library_s": lib} for n, w, p, lib in r]
                               for op, r in rows.items()}}
    stored_path(target).write_text(json.dumps(result, indent=1))
    return result
