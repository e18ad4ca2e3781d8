"""Regions that hold more than one op: original loops vs ATC-rewritten vs a hand-written call sequence.

    python evaluation/bench_decompose.py [--repeats 5] [--target openblas] [--only dense_sigmoid two_gemv]

- dense_sigmoid: a dense layer with a sigmoid epilogue, y[b][o] = sigmoid(sum_i x[b][i] w[o][i] + bias[o]),
  1024 inputs, 1024 outputs, batch 64, float; by hand: one sgemm, then the bias + sigmoid loop.
- two_gemv: tmp = A x and y = A^T tmp row by row in one nest (ATAX), n = 4096, double; by hand: two dgemv.

Each program is built three ways: `gcc -O2` (original), `atc cc -O2` (rewritten) and the call sequence
compiled against the OpenBLAS the runtime uses (direct). Every program times its kernel itself (process CPU
time of one call: the start-up and the filling of the inputs are not the kernel's), several calls per run and
several alternating runs; the best call counts. The library runs on one thread in both (OPENBLAS_NUM_THREADS=1
unless set). The three outputs must agree. A region ATC does not rewrite yet runs its original loops in the
rewritten program too: it is reported as "not rewritten".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import scipy_openblas32

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_never_slower import build  # noqa: E402

from atc.evaluate.outputs import same_output  # noqa: E402

HARNESS = r"""#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <time.h>
%(INCLUDE)s
static unsigned rng = 12345u;
static double rnd(void) { rng = rng * 1103515245u + 12345u; return (double)((rng >> 9) %% 2001) / 1000.0 - 1.0; }
static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}
%(KERNEL)s
int main(int argc, char **argv)
{
    int calls = argc > 1 ? atoi(argv[1]) : 3;
%(SETUP)s
    double best = 1e30;
    for (int c = 0; c < calls; c++) {
        double t0 = cpu_now();
        %(CALL)s;
        double t = cpu_now() - t0;
        if (t < best)
            best = t;
    }
%(CHECK)s
    fprintf(stderr, "best-call-cpu-seconds %%.9f\n", best);
    return 0;
}
"""

DENSE_SETUP = r"""
    int batch = 64, in_dim = 1024, out_dim = 1024;
    float *x = malloc(sizeof(float) * batch * in_dim), *w = malloc(sizeof(float) * out_dim * in_dim);
    float *bias = malloc(sizeof(float) * out_dim), *y = malloc(sizeof(float) * batch * out_dim);
    for (long i = 0; i < (long)batch * in_dim; i++) x[i] = (float)rnd();
    for (long i = 0; i < (long)out_dim * in_dim; i++) w[i] = (float)(0.05 * rnd());
    for (int i = 0; i < out_dim; i++) bias[i] = (float)rnd();
"""
DENSE_CHECK = r"""
    double s = 0.0, ws = 0.0;
    for (long i = 0; i < (long)batch * out_dim; i++) {
        s += y[i];
        ws += y[i] * (double)(i % 7 + 1);
    }
    printf("sum=%.6g wsum=%.6g y[0]=%.5f y[last]=%.5f\n", s, ws, y[0], y[(long)batch * out_dim - 1]);
"""
DENSE_LOOPS = r"""
void dense_sigmoid(int batch, int in_dim, int out_dim, const float *x, const float *w, const float *bias, float *y)
{
    for (int b = 0; b < batch; b++)
        for (int o = 0; o < out_dim; o++) {
            float acc = 0.0f;
            for (int i = 0; i < in_dim; i++)
                acc += x[b * in_dim + i] * w[o * in_dim + i];
            y[b * out_dim + o] = 1.0f / (1.0f + expf(-(acc + bias[o])));
        }
}
"""
DENSE_DIRECT = r"""
void dense_sigmoid(int batch, int in_dim, int out_dim, const float *x, const float *w, const float *bias, float *y)
{
    scipy_cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, out_dim, in_dim, 1.0f, x, in_dim, w, in_dim,
                      0.0f, y, out_dim);
    for (int b = 0; b < batch; b++)
        for (int o = 0; o < out_dim; o++)
            y[b * out_dim + o] = 1.0f / (1.0f + expf(-(y[b * out_dim + o] + bias[o])));
}
"""

ATAX_SETUP = r"""
    int m = 4096, n = 4096;
    double *A = malloc(sizeof(double) * m * n), *x = malloc(sizeof(double) * n);
    double *y = malloc(sizeof(double) * n), *tmp = malloc(sizeof(double) * m);
    for (long i = 0; i < (long)m * n; i++) A[i] = rnd();
    for (int i = 0; i < n; i++) x[i] = rnd();
"""
ATAX_CHECK = r"""
    double s = 0.0, ws = 0.0, t = 0.0;
    for (int i = 0; i < n; i++) {
        s += y[i];
        ws += y[i] * (double)(i % 7 + 1);
    }
    for (int i = 0; i < m; i++)
        t += tmp[i] * (double)(i % 5 + 1);
    printf("sum=%.10g wsum=%.10g tmp=%.10g\n", s, ws, t);
"""
ATAX_LOOPS = r"""
void atax(int m, int n, const double *A, const double *x, double *y, double *tmp)
{
    for (int j = 0; j < n; j++)
        y[j] = 0.0;
    for (int i = 0; i < m; i++) {
        tmp[i] = 0.0;
        for (int j = 0; j < n; j++)
            tmp[i] += A[(long)i * n + j] * x[j];
        for (int j = 0; j < n; j++)
            y[j] += A[(long)i * n + j] * tmp[i];
    }
}
"""
ATAX_DIRECT = r"""
void atax(int m, int n, const double *A, const double *x, double *y, double *tmp)
{
    scipy_cblas_dgemv(CblasRowMajor, CblasNoTrans, m, n, 1.0, A, n, x, 1, 0.0, tmp, 1);
    scipy_cblas_dgemv(CblasRowMajor, CblasTrans, m, n, 1.0, A, n, tmp, 1, 0.0, y, 1);
}
"""

PROGRAMS = {
    "dense_sigmoid": dict(setup=DENSE_SETUP, check=DENSE_CHECK, loops=DENSE_LOOPS, direct=DENSE_DIRECT,
                          call="dense_sigmoid(batch, in_dim, out_dim, x, w, bias, y)", calls=3,
                          what="dense layer + sigmoid, batch 64, 1024 -> 1024, float"),
    "two_gemv": dict(setup=ATAX_SETUP, check=ATAX_CHECK, loops=ATAX_LOOPS, direct=ATAX_DIRECT,
                     call="atax(m, n, A, x, y, tmp)", calls=3,
                     what="tmp = A x; y = A^T tmp (one nest), n = 4096, double"),
}
DENSE_TARGET = 20.0  # the dense layer, rewritten, at least this many times faster than its original


def source(spec: dict, direct: bool) -> str:
    return HARNESS % {"INCLUDE": "#include <cblas.h>" if direct else "",
                      "KERNEL": spec["direct" if direct else "loops"], "SETUP": spec["setup"], "CALL": spec["call"],
                      "CHECK": spec["check"]}


def build_direct(name: str, src: Path, work: Path) -> Path:
    exe = work / f"{name}.direct"
    inc, lib = scipy_openblas32.get_include_dir(), scipy_openblas32.get_lib_dir()
    subprocess.run(["gcc", "-O2", f"-I{inc}", str(src), "-o", str(exe), f"-L{lib}", f"-Wl,-rpath,{lib}",
                    "-lscipy_openblas", "-lm"], check=True)
    return exe


def run(exe: Path, calls: int, trace: bool = False) -> tuple[float, str, str]:
    """(best CPU seconds of one kernel call, stdout, stderr) of one run."""
    env = {k: v for k, v in os.environ.items() if k != "ATC_TRACE"}
    env.setdefault("OPENBLAS_NUM_THREADS", "1")  # the runtime's default: the library on one thread
    if trace:
        env["ATC_TRACE"] = "1"
    proc = subprocess.run([str(exe), str(calls)], capture_output=True, text=True, env=env, check=True)
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("best-call-cpu-seconds "))
    return float(line.split()[1]), proc.stdout, proc.stderr


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="alternating runs of each build; the best call counts")
    ap.add_argument("--target", default="openblas")
    ap.add_argument("--only", nargs="*", choices=list(PROGRAMS), help="programs to run (default: all)")
    args = ap.parse_args(argv)
    rows, failed = [], False
    with tempfile.TemporaryDirectory(prefix="atc-bench-decompose-") as d:
        work = Path(d)
        os.environ.setdefault("ATC_CACHE_DIR", str(work / "cache"))
        for name in args.only or list(PROGRAMS):
            spec = PROGRAMS[name]
            src, direct_src = work / f"{name}.c", work / f"{name}_direct.c"
            src.write_text(source(spec, direct=False))
            direct_src.write_text(source(spec, direct=True))
            plain, rewritten, replaced = build(name, src, work, args.target)
            direct = build_direct(name, direct_src, work)
            _, want, _ = run(plain, 1)
            _, got, trace = run(rewritten, 1, trace=True)
            _, by_hand, _ = run(direct, 1)
            for label, out in (("rewritten", got), ("direct", by_hand)):
                diff = same_output(want, out)
                if diff:
                    print(f"{name}: {label} output differs from the original: {diff}\n{want}{out}", flush=True)
                    failed = True
            calls = sum(ln.startswith("atc-trace:") for ln in trace.splitlines())
            best = {"original": float("inf"), "rewritten": float("inf"), "direct": float("inf")}
            for _ in range(args.repeats):
                for label, exe in (("original", plain), ("rewritten", rewritten), ("direct", direct)):
                    best[label] = min(best[label], run(exe, spec["calls"])[0])
            status = f"rewritten ({replaced}, {calls} library calls)" if replaced != "-" and calls else "not rewritten"
            rows.append((name, spec["what"], best, status))
            print(f"{name:14s} original {best['original']:9.5f} s  rewritten {best['rewritten']:9.5f} s  "
                  f"direct {best['direct']:9.5f} s  original/rewritten {best['original'] / best['rewritten']:7.2f}  "
                  f"direct/rewritten {best['direct'] / best['rewritten']:5.2f}  {status}", flush=True)
    print("\n| program | original (CPU s) | rewritten (CPU s) | calls by hand (CPU s) | original / rewritten "
          "| by hand / rewritten | ATC |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, what, b, status in rows:
        print(f"| {name}: {what} | {b['original']:.5f} | {b['rewritten']:.5f} | {b['direct']:.5f} "
              f"| {b['original'] / b['rewritten']:.2f} | {b['direct'] / b['rewritten']:.2f} | {status} |")
    for name, _, b, _ in rows:
        if name == "dense_sigmoid":
            speedup = b["original"] / b["rewritten"]
            print(f"\ntarget: dense layer rewritten >= {DENSE_TARGET:.0f}x faster than its original: "
                  f"{'met' if speedup >= DENSE_TARGET else 'not met'} ({speedup:.1f}x; by hand "
                  f"{b['original'] / b['direct']:.1f}x)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
