"""Search time with and without the classifier on a file with 50 non-kernel loop functions and 3 kernels.

    python evaluation/bench_classifier.py [--repeats 3]

Prints the wall time of `atc compile` both ways (no cache; the best of the repeats, alternating, since this
machine is shared) and the kernels each finds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atc.classify.training_set import NON_KERNELS  # noqa: E402

KERNELS = """
void mm(int M, int N, int K, const float *A, const float *B, float *C) {
  for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) { float s = 0;
    for (int p = 0; p < K; p++) s += A[i*K+p] * B[p*N+j]; C[i*N+j] = s; } }
void mv(int M, int N, const float *A, const float *x, float *y) {
  for (int i = 0; i < M; i++) { float s = 0; for (int j = 0; j < N; j++) s += A[i*N+j] * x[j]; y[i] = s; } }
float dotp(int n, const float *x, const float *y) { float s = 0; for (int i = 0; i < n; i++) s += x[i] * y[i]; return s; }
"""


def source() -> str:
    helpers = [NON_KERNELS[i % len(NON_KERNELS)].format(fn=f"helper_{i}") for i in range(50)]
    return "#include <stdio.h>\n" + "\n".join(helpers) + "\n" + KERNELS


def timed(path: str, *extra: str) -> tuple[float, int]:
    env = dict(os.environ, ATC_NO_CACHE="1")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "atc.cli", "compile", path, "-o", os.devnull, *extra],
                          capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, proc.stderr.count("replaced by")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "fifty_three.c")
        Path(path).write_text(source())
        runs = [(timed(path), timed(path, "--no-classifier")) for _ in range(args.repeats)]
    with_cls, found_with = min(w for w, _ in runs)
    without, found_without = min(wo for _, wo in runs)
    if len({w[1] for w, _ in runs}) > 1 or len({wo[1] for _, wo in runs}) > 1:
        raise SystemExit(f"kernels found differ between repeats: {runs}")
    print("50 non-kernel functions + 3 kernels")
    print(f"  without classifier: {without:6.1f} s, kernels found {found_without}")
    print(f"  with classifier:    {with_cls:6.1f} s, kernels found {found_with}")
    print(f"  speed-up {without / with_cls:.1f}x (target >= 5x, no kernel lost: {found_with == found_without == 3})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
