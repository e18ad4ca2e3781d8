"""Original vs ATC-rewritten vs direct library call, per op and per backend.

    python evaluation/bench_ops.py [--repeats 3] [--ops sgemv,dgemm,...] [--targets openblas,mkl,...]
                                   [--sizes sgemm=1024,sconv2d=56]

For each op a naive C kernel is compiled plainly (cc -O2), with `atc cc --atc-target=T -O2` for every
target T asked for, and as a direct OpenBLAS call (for convolutions: im2col, then one sgemm); all run
alternately in one run of this script, and the best time per call is kept. Results must agree.
"""

from __future__ import annotations

import argparse
import math
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

# What a programmer calling the BLAS directly would write for a convolution: im2col, then one GEMM.
IM2COL_2D = """
void kernel(long n, const T *in, const T *w, T *out) {
  long C = 64, K = 64, H = n, W = n, P = H * W;
  T *col = malloc(sizeof(T) * C * 9 * P);
  for (long c = 0; c < C; c++) for (long kh = 0; kh < 3; kh++) for (long kw = 0; kw < 3; kw++)
    for (long oh = 0; oh < H; oh++) for (long ow = 0; ow < W; ow++) {
      long ih = oh - 1 + kh, iw = ow - 1 + kw;
      col[((c * 3 + kh) * 3 + kw) * P + oh * W + ow] = ih >= 0 && ih < H && iw >= 0 && iw < W ? in[(c * H + ih) * W + iw] : 0;
    }
  scipy_cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, K, P, C * 9, 1.0f, w, C * 9, col, P, 0.0f, out, P);
  free(col);
}"""
IM2COL_1D = """
void kernel(long n, const T *in, const T *w, T *out) {
  long CI = 32, CO = 32, KW = 9, L = n;
  T *col = malloc(sizeof(T) * CI * KW * L);
  for (long c = 0; c < CI; c++) for (long j = 0; j < KW; j++) for (long t = 0; t < L; t++) {
    long i = t - 4 + j;
    col[(c * KW + j) * L + t] = i >= 0 && i < L ? in[c * L + i] : 0;
  }
  scipy_cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, CO, L, CI * KW, 1.0f, w, CI * KW, col, L, 0.0f, out, L);
  free(col);
}"""


def _square_gemm(T, prefix, one, sizes):
    return dict(T=T, SIZE_A="n * n", SIZE_X="n * n", SIZE_Y="n * n", CALL="(kernel(n, a, x, y), 0)",
                naive="void kernel(long n, const T *A, const T *B, T *C) { for (long i = 0; i < n; i++) "
                      "for (long j = 0; j < n; j++) { T s = 0; for (long k = 0; k < n; k++) "
                      "s += A[i * n + k] * B[k * n + j]; C[i * n + j] = s; } }",
                direct=f"void kernel(long n, const T *A, const T *B, T *C) {{ scipy_cblas_{prefix}gemm(CblasRowMajor, "
                       f"CblasNoTrans, CblasNoTrans, n, n, n, {one}, A, n, B, n, 0{one[1:]}, C, n); }}",
                sizes=sizes, flops=lambda n: 2 * n ** 3)


OPS = {
    "sgemm": _square_gemm("float", "s", "1.0f", sizes=(1024,)),
    "sgemv": dict(T="float", SIZE_A="n * n", SIZE_X="n", SIZE_Y="n", CALL="(kernel(n, n, a, x, y), 0)",
                  naive="void kernel(long m, long k, const T *A, const T *x, T *y) { for (long i = 0; i < m; i++) "
                        "{ T s = 0; for (long j = 0; j < k; j++) s += A[i * k + j] * x[j]; y[i] = s; } }",
                  direct="void kernel(long m, long k, const T *A, const T *x, T *y) { scipy_cblas_sgemv(CblasRowMajor,"
                         " CblasNoTrans, m, k, 1.0f, A, k, x, 1, 0.0f, y, 1); }",
                  sizes=(256, 1024, 4096), flops=lambda n: 2 * n * n),
    "dgemm": _square_gemm("double", "d", "1.0", sizes=(128, 512)),
    "sdot": dict(T="float", SIZE_A="1", SIZE_X="n", SIZE_Y="n", CALL="kernel(n, x, x)",
                 naive="T kernel(long n, const T *x, const T *y) { T s = 0; for (long i = 0; i < n; i++) s += x[i] * y[i];"
                       " return s; }",
                 direct="T kernel(long n, const T *x, const T *y) { return scipy_cblas_sdot(n, x, 1, y, 1); }",
                 sizes=(100000, 4000000), flops=lambda n: 2 * n),
    "sconv2d": dict(T="float", SIZE_A="64 * n * n", SIZE_X="64 * 64 * 9", SIZE_Y="64 * n * n",
                    CALL="(kernel(n, a, x, y), 0)",
                    naive="""
static void conv(long C, long K, long H, long W, long pad, const T *in, const T *w, T *out) {
  long OH = H + 2 * pad - 2, OW = W + 2 * pad - 2;
  for (long k = 0; k < K; k++) for (long oh = 0; oh < OH; oh++) for (long ow = 0; ow < OW; ow++) {
    T s = 0;
    for (long c = 0; c < C; c++) for (long kh = 0; kh < 3; kh++) for (long kw = 0; kw < 3; kw++) {
      long ih = oh - pad + kh, iw = ow - pad + kw;
      if (ih >= 0 && ih < H && iw >= 0 && iw < W) s += in[(c * H + ih) * W + iw] * w[((k * C + c) * 3 + kh) * 3 + kw];
    }
    out[(k * OH + oh) * OW + ow] = s;
  }
}
void kernel(long n, const T *in, const T *w, T *out) { conv(64, 64, n, n, 1, in, w, out); }""",
                    direct=IM2COL_2D, sizes=(28, 56), flops=lambda n: 2 * 64 * 64 * 9 * n * n),
    "sconv1d": dict(T="float", SIZE_A="32 * n", SIZE_X="32 * 32 * 9", SIZE_Y="32 * n", CALL="(kernel(n, a, x, y), 0)",
                    naive="""
static void conv1d(long CI, long CO, long L, long KW, long pad, const T *in, const T *w, T *out) {
  long OL = L + 2 * pad - KW + 1;
  for (long o = 0; o < CO; o++) for (long t = 0; t < OL; t++) {
    T s = 0;
    for (long c = 0; c < CI; c++) for (long j = 0; j < KW; j++) {
      long i = t - pad + j;
      if (i >= 0 && i < L) s += in[c * L + i] * w[(o * CI + c) * KW + j];
    }
    out[o * OL + t] = s;
  }
}
void kernel(long n, const T *in, const T *w, T *out) { conv1d(32, 32, n, 9, 4, in, w, out); }""",
                    direct=IM2COL_1D, sizes=(4096, 65536), flops=lambda n: 2 * 32 * 32 * 9 * n),
}


TARGET_TIME = 0.2   # seconds of timed calls per measurement


def build(tmp, name, kernel, spec, target=None) -> str:
    """Compile one program: plainly, or through `atc cc` for `target`."""
    src = Path(tmp) / f"{name}.c"
    src.write_text(HARNESS % {**spec, "KERNEL": kernel})
    exe = str(Path(tmp) / name)
    inc, lib = scipy_openblas32.get_include_dir(), scipy_openblas32.get_lib_dir()
    cc = [sys.executable, "-m", "atc.cli", "cc", f"--atc-target={target}"] if target else ["cc"]
    proc = subprocess.run(cc + ["-O2", f"-I{inc}", str(src), "-o", exe, f"-L{lib}", f"-Wl,-rpath,{lib}",
                                "-lscipy_openblas", "-lm"], capture_output=True, text=True,
                          env={**os.environ, "ATC_CACHE_DIR": str(Path(tmp) / "cache")})
    if proc.returncode != 0 or "runtime unavailable" in proc.stderr:
        raise SystemExit(f"building {name} failed:\n{proc.stderr}")
    return exe


def run(exe, n, reps):
    env = {k: v for k, v in os.environ.items() if k != "ATC_TRACE"}
    best, check = subprocess.run([exe, str(n), str(reps)], check=True, capture_output=True, text=True,
                                 env=env).stdout.split()
    return float(best), float(check)


def backend(exe, n) -> str:
    """The backend the rewritten program's first library call went through (from its trace)."""
    trace = subprocess.run([exe, str(n), "1"], capture_output=True, text=True,
                           env={**os.environ, "ATC_TRACE": "1"}).stderr
    line = next((ln for ln in trace.splitlines() if ln.startswith("atc-trace:")), None)
    if line is None:
        raise SystemExit(f"{os.path.basename(exe)}: the rewritten program does not call the library at n={n}")
    return next((w.split("=", 1)[1] for w in line.split() if w.startswith("backend=")), "?")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="alternating rounds per size")
    ap.add_argument("--ops", default=",".join(o for o in OPS if o != "sgemm"),
                    help=f"comma-separated subset of {', '.join(OPS)}")
    ap.add_argument("--targets", default="openblas", help="comma-separated backends, one column each")
    ap.add_argument("--sizes", default="", help="override sizes per op, e.g. sgemm=512,sconv2d=56")
    args = ap.parse_args(argv)
    ops, targets = args.ops.split(","), args.targets.split(",")
    unknown = set(ops) - set(OPS)
    if unknown:
        ap.error(f"unknown ops: {', '.join(sorted(unknown))}")
    sizes = {op: spec["sizes"] for op, spec in OPS.items()}
    for item in filter(None, args.sizes.split(",")):
        op, _, n = item.partition("=")
        if op not in OPS or not n.isdigit():
            ap.error(f"--sizes: expected op=n, got {item!r}")
        sizes[op] = (int(n),)
    cols = ["original"] + targets + ["direct"]
    print("GFLOP/s; rewritten/original and rewritten/direct for the first target "
          f"({targets[0]}); backend = what the first target's call ran on")
    print(f"{'op':7} {'n':>6} " + " ".join(f"{c:>10}" for c in cols) + f" {'rew/orig':>9} {'rew/dir':>8}  backend")
    with tempfile.TemporaryDirectory() as tmp:
        for op in ops:
            spec = OPS[op]
            exes = {"original": build(tmp, f"{op}_naive", spec["naive"], spec)}
            exes.update({t: build(tmp, f"{op}_{t}", spec["naive"], spec, target=t) for t in targets})
            exes["direct"] = build(tmp, f"{op}_direct", spec["direct"], spec)
            for n in sizes[op]:
                used = backend(exes[targets[0]], n)
                reps = {k: max(1, math.ceil(TARGET_TIME / max(run(exe, n, 1)[0], 1e-7))) for k, exe in exes.items()}
                best = {}
                for _ in range(args.repeats):
                    for k, exe in exes.items():
                        t, check = run(exe, n, reps[k])
                        best[k] = min(best.get(k, (1e30, check)), (t, check))
                checks = [c for _, c in best.values()]
                if max(checks) - min(checks) > 1e-3 * max(1.0, abs(max(checks))):
                    raise SystemExit(f"{op} n={n}: results differ {checks}")
                g = {k: spec["flops"](n) / t / 1e9 for k, (t, _) in best.items()}
                main_col = targets[0]
                print(f"{op:7} {n:>6} " + " ".join(f"{g[c]:10.2f}" for c in cols)
                      + f" {g[main_col] / g['original']:9.1f} {g[main_col] / g['direct']:8.2f}  {used}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
