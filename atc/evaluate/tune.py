"""`atc tune`: where does the library start to win on this machine?

Times a naive i-j-k GEMM against the runtime's atc_sgemm for growing square sizes, in one program so both
see the same machine state, and stores, per target, the smallest work (n^3 multiply-adds) from which the
library is faster at every larger size tried. Code rewritten for that target is then compiled with
-DATC_MIN_WORK=<that>; without tuning, the header's safe defaults apply.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from .. import runtime

SIZES = (2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)

PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "atc_runtime.h"
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static void naive(int n, const float *a, const float *b, float *c) {
  for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { float s = 0;
    for (int k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j]; c[i * n + j] = s; } }
int main(int argc, char **argv) {
  for (int arg = 1; arg < argc; arg++) {
    int n = atoi(argv[arg]);
    float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
    for (int i = 0; i < n * n; i++) { a[i] = (float)(i % 7) / 7; b[i] = (float)(i % 5) / 5; }
    long reps = 2000000 / ((long)n * n * n) + 20;
    double best_naive = 1e9, best_lib = 1e9;
    atc_sgemm(0, 0, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
    for (int round = 0; round < 5; round++) {
      double t0 = now();
      for (long r = 0; r < reps; r++) naive(n, a, b, c);
      double t1 = now();
      for (long r = 0; r < reps; r++) atc_sgemm(0, 0, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
      double t2 = now();
      if ((t1 - t0) / reps < best_naive) best_naive = (t1 - t0) / reps;
      if ((t2 - t1) / reps < best_lib) best_lib = (t2 - t1) / reps;
    }
    printf("%d %.9g %.9g\n", n, best_naive, best_lib);
    free(a); free(b); free(c);
  }
  return 0;
}
"""


def measure(target: str = runtime.DEFAULT_TARGET, sizes=SIZES) -> list[tuple[int, float, float]]:
    """[(n, naive seconds per call, library seconds per call)]."""
    with tempfile.TemporaryDirectory(prefix="atc-tune-") as d:
        src, exe = os.path.join(d, "tune.c"), os.path.join(d, "tune")
        Path(src).write_text(PROGRAM)
        flags = [f for f in runtime.cflags(target) if not f.startswith("-DATC_MIN_WORK")]
        # the first call loads the backend: once before the timing
        subprocess.run([runtime.real_cc(), "-O2", *flags, src, "-o", exe, *runtime.libs(target)],
                       check=True, capture_output=True)
        out = subprocess.run([exe, *map(str, sizes)], check=True, capture_output=True, text=True,
                             env={k: v for k, v in os.environ.items() if k != "ATC_TRACE"}).stdout
    return [(int(n), float(a), float(b)) for n, a, b in (line.split() for line in out.splitlines())]


def crossover(rows) -> float:
    """Smallest n^3 from which the library wins at every size measured."""
    winning = None
    for n, naive, lib in sorted(rows, reverse=True):
        if lib < naive:
            winning = float(n) ** 3
        else:
            break
    return winning if winning is not None else float(max(n for n, _, _ in rows)) ** 3


def _stored_path(target: str) -> Path:
    return runtime.cache_dir() / f"tune-{target}.json"


def stored(target: str) -> dict:
    """{macro: multiply-adds} measured for this target by `atc tune`; empty when it was not tuned."""
    try:
        data = json.loads(_stored_path(target).read_text())
        return {"ATC_MIN_WORK": float(data["min_work"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def tune(target: str = runtime.DEFAULT_TARGET) -> dict:
    rows = measure(target)
    result = {"target": target, "min_work": crossover(rows),
              "measurements": [{"n": n, "naive_s": a, "library_s": b} for n, a, b in rows]}
    _stored_path(target).write_text(json.dumps(result, indent=1))
    return result
