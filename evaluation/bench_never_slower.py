"""Is a rewritten program ever slower than the original? Whole programs, each built with `gcc -O2` (original)
and `atc cc -O2` (rewritten), run alternately in one invocation; the table gives the best CPU time (user +
system, so that other processes on a loaded machine count less than in wall time; the library runs on one
thread) of each, and the ratio original / rewritten (above 1: the rewrite is faster). Outputs must agree.

    python evaluation/bench_never_slower.py [--repeats 3] [--target openblas] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from atc.evaluate.outputs import same_output  # noqa: E402

COMMON = r"""#include <stdio.h>
#include <stdlib.h>
static unsigned rng = 12345u;
static double rnd(void) { rng = rng * 1103515245u + 12345u; return (double)((rng >> 9) % 2001) / 1000.0 - 1.0; }
static void fill_f(float *x, long n) { for (long i = 0; i < n; i++) x[i] = (float)rnd(); }
static void fill_d(double *x, long n) { for (long i = 0; i < n; i++) x[i] = rnd(); }
static double sum_f(const float *x, long n) { double s = 0; for (long i = 0; i < n; i++) s += x[i] * (double)(i % 7 + 1); return s; }
static double sum_d(const double *x, long n) { double s = 0; for (long i = 0; i < n; i++) s += x[i] * (double)(i % 7 + 1); return s; }
"""

GEMM = r"""
void matmul(int n, int m, int k, const float *a, const float *b, float *c)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++)
                s += a[i * k + p] * b[p * m + j];
            c[i * m + j] = s;
        }
}
"""

FIR = r"""
void fir(int n, int taps, const double *x, const double *h, double *y)
{
    for (int t = 0; t < n; t++) {
        double acc = 0.0;
        for (int q = 0; q < taps; q++)
            if (t - q >= 0)
                acc += h[q] * x[t - q];
        y[t] = acc;
    }
}
"""

PROGRAMS = {
    # a 4x4 product 20 million times, the size a constant at the call: the guard must cost nothing
    "tiny_gemm_hot_loop": COMMON + GEMM + r"""
int main(void)
{
    static float a[16], b[16], c[16];
    fill_f(a, 16), fill_f(b, 16);
    double total = 0;
    for (long r = 0; r < 20000000; r++) {
        matmul(4, 4, 4, a, b, c);
        a[r & 15] = c[(r * 7) & 15] * 0.5f;
        total += c[r & 15];
    }
    printf("%.6g %.6g\n", total, sum_f(c, 16));
    return 0;
}
""",
    # square products of every size from 6 to 40, many times
    "mixed_small_gemm": COMMON + GEMM + r"""
int main(void)
{
    static float a[40 * 40], b[40 * 40], c[40 * 40];
    fill_f(a, 1600), fill_f(b, 1600);
    double total = 0;
    for (int r = 0; r < 400; r++)
        for (int n = 6; n <= 40; n++) {
            matmul(n, n, n, a, b, c);
            total += sum_f(c, (long)n * n) * 1e-3;
            a[(r * 31 + n) % 1600] = (float)(total * 1e-9);
        }
    printf("%.6g\n", total);
    return 0;
}
""",
    "fir_short": COMMON + FIR + r"""
int main(void)
{
    int n = 20000, taps = 15;
    double *x = malloc(n * sizeof *x), *h = malloc(taps * sizeof *h), *y = malloc(n * sizeof *y);
    fill_d(x, n), fill_d(h, taps);
    double total = 0;
    for (int r = 0; r < 200; r++) {
        fir(n, taps, x, h, y);
        total += sum_d(y, n);
        x[r % n] = y[(r * 13) % n] * 0.5;
    }
    printf("%.10g\n", total);
    return 0;
}
""",
    "fir_long": COMMON + FIR + r"""
int main(void)
{
    int n = 2000000, taps = 63;
    double *x = malloc(n * sizeof *x), *h = malloc(taps * sizeof *h), *y = malloc(n * sizeof *y);
    fill_d(x, n), fill_d(h, taps);
    fir(n, taps, x, h, y);
    printf("%.10g %.10g\n", sum_d(y, n), y[n - 1]);
    return 0;
}
""",
    # one row times a matrix: C (1 x 1024) = a (1 x 1024) B (1024 x 1024)
    "gemm_m1": COMMON + GEMM + r"""
int main(void)
{
    int k = 1024, m = 1024;
    float *a = malloc(k * sizeof *a), *b = malloc((long)k * m * sizeof *b), *c = malloc(m * sizeof *c);
    fill_f(a, k), fill_f(b, (long)k * m);
    double total = 0;
    for (int r = 0; r < 200; r++) {
        matmul(1, m, k, a, b, c);
        total += sum_f(c, m);
        a[r % k] = c[r % m] * 1e-3f;
    }
    printf("%.6g\n", total);
    return 0;
}
""",
    # a 1x1 convolution, NCHW: out[k][p] = sum_c w[k][c] in[c][p]
    "conv_1x1": COMMON + r"""
void conv1x1(int C, int K, int HW, const float *in, const float *w, float *out)
{
    for (int k = 0; k < K; k++)
        for (int p = 0; p < HW; p++) {
            float s = 0.0f;
            for (int c = 0; c < C; c++)
                s += w[k * C + c] * in[c * HW + p];
            out[k * HW + p] = s;
        }
}
int main(void)
{
    int C = 64, K = 64, HW = 56 * 56;
    float *in = malloc((long)C * HW * sizeof *in), *w = malloc(K * C * sizeof *w), *out = malloc((long)K * HW * sizeof *out);
    fill_f(in, (long)C * HW), fill_f(w, K * C);
    double total = 0;
    for (int r = 0; r < 40; r++) {
        conv1x1(C, K, HW, in, w, out);
        total += sum_f(out, (long)K * HW) * 1e-3;
        in[r] = out[r * 3] * 0.01f;
    }
    printf("%.6g\n", total);
    return 0;
}
""",
    # y (8) = A (8 x 20000) x: few rows, long ones
    "thin_gemv": COMMON + r"""
void gemv(int m, int n, const double *a, const double *x, double *y)
{
    for (int i = 0; i < m; i++) {
        double s = 0.0;
        for (int j = 0; j < n; j++)
            s += a[i * n + j] * x[j];
        y[i] = s;
    }
}
int main(void)
{
    int m = 8, n = 20000;
    double *a = malloc((long)m * n * sizeof *a), *x = malloc(n * sizeof *x), y[8];
    fill_d(a, (long)m * n), fill_d(x, n);
    double total = 0;
    for (int r = 0; r < 2000; r++) {
        gemv(m, n, a, x, y);
        total += sum_d(y, m);
        x[r % n] = y[r % m] * 1e-3;
    }
    printf("%.10g\n", total);
    return 0;
}
""",
}


def build(name: str, src: Path, work: Path, target: str) -> tuple[Path, Path, str]:
    plain, rewritten = work / f"{name}.plain", work / f"{name}.atc"
    subprocess.run(["gcc", "-O2", str(src), "-o", str(plain), "-lm"], check=True)
    env = dict(os.environ, ATC_TARGET=target, ATC_REAL_CC="gcc")
    proc = subprocess.run([sys.executable, "-m", "atc.cli", "cc", "-O2", str(src), "-o", str(rewritten), "-lm"],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"atc cc failed on {name}:\n{proc.stderr}")
    replaced = [ln.split(": replaced by ")[1].split()[0] for ln in proc.stderr.splitlines() if ": replaced by " in ln]
    return plain, rewritten, ",".join(replaced) or "-"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(exe: Path, env=None) -> tuple[float, str, str]:
    """(CPU seconds of the run, stdout, stderr)."""
    start = _children_cpu()
    proc = subprocess.run([str(exe)], capture_output=True, text=True, env=env, check=True)
    return _children_cpu() - start, proc.stdout, proc.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="alternating runs of each program; the best counts")
    ap.add_argument("--target", default="openblas")
    ap.add_argument("--only", nargs="*", help="programs to run (default: all)")
    args = ap.parse_args()
    names = args.only or list(PROGRAMS)
    rows = []
    with tempfile.TemporaryDirectory(prefix="atc-never-slower-") as d:
        work = Path(d)
        os.environ.setdefault("ATC_CACHE_DIR", str(work / "cache"))
        for name in names:
            src = work / f"{name}.c"
            src.write_text(PROGRAMS[name])
            plain, rewritten, replaced = build(name, src, work, args.target)
            _, want, _ = timed(plain)
            _, got, trace = timed(rewritten, env=dict(os.environ, ATC_TRACE="1"))
            diff = same_output(want, got)
            if diff:
                sys.exit(f"{name}: outputs differ: {diff}\n{want}\n{got}")
            calls = sum(ln.startswith("atc-trace:") for ln in trace.splitlines())
            best_plain = best_atc = float("inf")
            for _ in range(args.repeats):
                best_plain = min(best_plain, timed(plain)[0])
                best_atc = min(best_atc, timed(rewritten)[0])
            rows.append((name, replaced, calls, best_plain, best_atc))
            print(f"{name:20s} {replaced:12s} library calls {calls:9d}  original {best_plain:7.3f} s  "
                  f"rewritten {best_atc:7.3f} s  original/rewritten {best_plain / best_atc:5.2f}", flush=True)
    print("\n| program | replaced by | library calls | original (CPU s) | rewritten (CPU s) | original / rewritten |")
    print("|---|---|---:|---:|---:|---:|")
    for name, replaced, calls, p, a in rows:
        print(f"| {name} | {replaced} | {calls} | {p:.3f} | {a:.3f} | {p / a:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
